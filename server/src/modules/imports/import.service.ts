// The imports API the job layer, GraphQL and CLI call. Heavy work happens in executeImport only.
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/index.js';
import { notFound } from '../../errors.js';
import { inspectFile, statImportFile } from './file-inspection.js';
import { importInvalid } from './import.errors.js';
import { reportOf, storedOptions } from './import-report.js';
import { ImportRunEntity } from './import-run.entity.js';
import { runImport } from './import-runner.js';
import { applyCategoryRules } from '../products/index.js';
import { IMPORT_KINDS, type CreateImportInput, type ExecuteImportOptions, type ImportReport, type StoredImportOptions } from './import.types.js';
import { isValidTimeZone } from './zoned-time.js';
import { compileDateFormat } from './date-format.js';
import { DEFAULT_IMPORT_LIMITS } from '../../config/import-limits.js';

function validateOptions(input: CreateImportInput): StoredImportOptions {
  if (!IMPORT_KINDS.includes(input.kind)) throw importInvalid(`Unknown import kind "${String(input.kind)}" (expected ${IMPORT_KINDS.join(', ')})`);
  if (typeof input.filePath !== 'string' || input.filePath.trim() === '') throw importInvalid('filePath is required');
  const timezone = input.timezone?.trim() || 'UTC';
  if (!isValidTimeZone(timezone)) throw importInvalid(`Unknown time zone "${timezone}" (expected an IANA name such as Europe/London)`);
  const dateFormat = input.dateFormat?.trim() || null;
  if (dateFormat) {
    try { compileDateFormat(dateFormat); } catch (error) { throw importInvalid((error as Error).message); }
  }
  const encoding = input.encoding ?? 'utf8';
  if (encoding !== 'utf8' && encoding !== 'latin1') throw importInvalid(`Unsupported encoding "${String(encoding)}" (utf8 or latin1)`);
  if (input.delimiter !== undefined && (input.delimiter.length !== 1 || input.delimiter === '"' || input.delimiter === '\n')) {
    throw importInvalid('delimiter must be one character other than a quote or a newline');
  }
  let mapping: Record<string, string> | null = null;
  if (input.mapping) {
    if (typeof input.mapping !== 'object' || Array.isArray(input.mapping)) throw importInvalid('mapping must be an object {field: column}');
    for (const [field, column] of Object.entries(input.mapping)) {
      if (typeof column !== 'string' || column.trim() === '') throw importInvalid(`mapping.${field} must name a column`);
    }
    mapping = { ...input.mapping };
  }
  return { mapping, timezone, dateFormat, encoding, delimiter: input.delimiter ?? null };
}

/** Validates the options and the file's size cheaply and records a pending run. */
export async function createImportRun(dataSource: DataSource, input: CreateImportInput, config: Pick<AppConfig, 'importMaxBytes'>): Promise<ImportRunEntity> {
  const options = validateOptions(input);
  const filePath = path.resolve(input.filePath);
  const bytes = await statImportFile(filePath, config.importMaxBytes);
  const repo = dataSource.getRepository(ImportRunEntity);
  const run = repo.create({
    kind: input.kind, fileName: (input.fileName ?? path.basename(filePath)).slice(0, 255), filePath, fileBytes: bytes, fileSha256: null,
    status: 'pending', layout: null, options: options as unknown as Record<string, unknown>, rowsRead: 0, rowsImported: 0, rowsSkipped: 0,
    rowsRejected: 0, report: null, error: null, jobId: null, checkpointRows: 0, startedAt: null, createdAt: new Date(), finishedAt: null,
  });
  return repo.save(run);
}

/**
 * Runs the import, or resumes it after the last committed batch. A succeeded run is returned as is.
 * Bad files fail before any write with AppError IMPORT_INVALID; every failure is recorded on the run
 * (status failed, error) and rethrown. A cancelled run keeps its batches and can be executed again.
 */
export async function executeImport(dataSource: DataSource, importId: number, exec: ExecuteImportOptions): Promise<ImportReport> {
  const repo = dataSource.getRepository(ImportRunEntity);
  const run = await repo.findOneBy({ id: importId });
  if (!run) throw notFound('Import', importId);
  if (run.status === 'succeeded') return reportOf(run);
  const startedAt = run.startedAt ?? new Date();
  await repo.update(run.id, { status: 'running', error: null, startedAt });
  try {
    const options = storedOptions(run);
    const inspection = await inspectFile(run.filePath, {
      encoding: options.encoding, delimiter: options.delimiter, maxBytes: exec.config.importMaxBytes, limits: exec.config.importLimits ?? DEFAULT_IMPORT_LIMITS,
    });
    if (run.checkpointRows > 0 && run.fileSha256 && run.fileSha256 !== inspection.sha256) {
      throw importInvalid('The file changed since this import started; start a new import for the new file');
    }
    await repo.update(run.id, { fileSha256: inspection.sha256, fileBytes: inspection.bytes });
    run.fileSha256 = inspection.sha256;
    run.fileBytes = inspection.bytes;
    const report = await runImport({ dataSource, run, inspection, options, exec });
    // New products get their category from the stored rules (a catalogue's category is never replaced).
    // The import itself has committed: rules that run past their caps leave the new products
    // uncategorised, and the next preview or apply names the problem instead of failing the import.
    if (report.status === 'succeeded' && (run.kind === 'orders' || run.kind === 'products')) await applyCategoryRules(dataSource).catch(() => undefined);
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await repo.update(run.id, { status: 'failed', error: message, finishedAt: new Date() });
    throw error;
  }
}

export async function getImportReport(dataSource: DataSource, importId: number): Promise<ImportReport> {
  const run = await dataSource.getRepository(ImportRunEntity).findOneBy({ id: importId });
  if (!run) throw notFound('Import', importId);
  return reportOf(run);
}
