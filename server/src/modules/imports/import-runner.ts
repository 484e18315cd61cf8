// The batch loop: stream rows, apply the kind's rules, and commit every `batchRows` rows in one
// transaction together with the checkpoint, while the next rows are already being parsed.
import type { DataSource, QueryRunner } from 'typeorm';
import { dialectOf } from '../../db/dialect.js';
import type { FileInspection } from './file-inspection.js';
import { importInvalid } from './import.errors.js';
import type { ImportRunEntity } from './import-run.entity.js';
import { buildReport, type ReportParts } from './import-report.js';
import { ImportTally } from './import-tally.js';
import type { ExecuteImportOptions, ImportKind, ImportReport, ImportStatus, StoredImportOptions } from './import.types.js';
import { createImporter } from './importers.js';
import type { KindImporter, WriteContext } from './importer.types.js';
import { bulkInsertRows } from '../../db/bulk-load.js';
import { detectLayout } from './layouts.js';
import { isBlank, readRows } from './row-source.js';
import type { SourceRow } from './import.types.js';
import { formatUtcDatetime } from '../../db/sql.js';
import { ZonedDateParser } from './zoned-time.js';
import { compileDateFormat } from './date-format.js';
import { DEFAULT_IMPORT_LIMITS } from '../../config/import-limits.js';

export const DEFAULT_BATCH_ROWS = 20_000;
/** Rows parsed between two turns of the event loop while a batch is written (~0.3 ms of work). */
const YIELD_ROWS = 128;

interface RunInput {
  dataSource: DataSource;
  run: ImportRunEntity;
  inspection: FileInspection;
  options: StoredImportOptions;
  exec: ExecuteImportOptions;
}

export async function runImport({ dataSource, run, inspection, options, exec }: RunInput): Promise<ImportReport> {
  const started = Date.now();
  const dialect = dialectOf(dataSource);
  const checkpointRows = run.checkpointRows;
  const batchRows = Math.max(1, exec.batchRows ?? DEFAULT_BATCH_ROWS);
  const estimatedRows = inspection.lines === null ? null : Math.max(0, inspection.lines - 1);
  const writeContext: WriteContext = { dialect, now: formatUtcDatetime(started, dialect === 'sqlite'), importId: run.id };

  const chunks = readRows(run.filePath, { format: inspection.format, encoding: options.encoding, delimiter: inspection.delimiter })[Symbol.asyncIterator]();
  let chunk: SourceRow[] = [];
  let at = 0;
  /** Moves to the next chunk of rows; false at the end of the file. */
  const refill = async (): Promise<boolean> => {
    for (;;) {
      const next = await chunks.next();
      if (next.done) return false;
      chunk = next.value;
      at = 0;
      if (chunk.length) return true;
    }
  };
  const tally = new ImportTally();
  let header: string[] | null = null;
  while (header === null) {
    if (at === chunk.length && !(await refill())) throw importInvalid('The file is empty');
    const row = chunk[at++];
    if (isBlank(row.values)) tally.blankLines++;
    else header = row.values.map((name) => name.trim());
  }
  // Layout problems surface here, before the first write.
  const layout = detectLayout(run.kind as ImportKind, header, options.mapping);
  const importer = createImporter(run.kind as ImportKind, {
    layout, headerWidth: header.length, tally, dates: new ZonedDateParser(options.timezone, options.dateFormat ? compileDateFormat(options.dateFormat) : null), delimiter: inspection.delimiter, expectedRows: estimatedRows,
    limits: exec.config.importLimits ?? DEFAULT_IMPORT_LIMITS,
  });
  const ignoredColumns = run.kind === 'customers' ? [] : layout.extra.map((column) => column.name);

  const parts = (rowsDone: number): ReportParts => ({
    counters: tally.snapshot(), totals: importer.totals(), format: inspection.format, layout: layout.name, delimiter: inspection.delimiter,
    ignoredColumns, checkpointRows: rowsDone, resumedFromRow: checkpointRows, durationMs: Date.now() - started,
  });

  const runner = dataSource.createQueryRunner();
  let inFlight: Promise<void> | null = null;
  const commit = async (batch: unknown, status: ImportStatus, rowsDone: number): Promise<void> => {
    const issues = tally.takeIssues();
    const report = buildReport(run, status, parts(rowsDone));
    const previous = inFlight;
    const work = (async () => {
      if (previous) await previous;
      await writeBatch(runner, run, importer, batch, issues, report, writeContext);
      await exec.onProgress?.({
        done: rowsDone, total: estimatedRows === null ? null : Math.max(estimatedRows, rowsDone),
        rate: Math.round(((rowsDone - checkpointRows) * 1000) / Math.max(1, Date.now() - started)),
      });
    })();
    work.catch(() => {}); // awaited below; this only keeps a failure from being "unhandled" meanwhile
    inFlight = work;
  };

  try {
    for (;;) {
      if (at === chunk.length && !(await refill())) break;
      const row = chunk[at++];
      // While a batch is being written, give the event loop a turn every few hundred rows: each of its
      // statements waits for the previous one's reply, which the loop only reads between slices.
      if (inFlight && at % YIELD_ROWS === 0) await new Promise(setImmediate);
      if (isBlank(row.values)) { tally.blankLines++; continue; }
      tally.rowsRead++;
      importer.accept(row, tally.rowsRead > checkpointRows);
      if (tally.rowsRead % batchRows === 0 && tally.rowsRead > checkpointRows) {
        // At most one batch in flight: it is written while the next one is parsed.
        if (inFlight) await inFlight;
        await commit(importer.takeBatch(), 'running', tally.rowsRead);
        if (await exec.isCancelled?.()) {
          await inFlight;
          await runner.query(`UPDATE imports SET status = 'cancelled' WHERE id = ?`, [run.id]);
          return buildReport(run, 'cancelled', parts(tally.rowsRead));
        }
      }
    }
    if (tally.rowsRead === 0) throw importInvalid('The file has a header but no data rows');
    tally.assertBalanced();
    // A file whose every row was rejected imported nothing: it fails (its row issues are kept, so
    // the report says why), rather than reading as a success with zero rows.
    const everyRowRejected = tally.rowsRejected > 0 && tally.rowsRejected === tally.rowsRead;
    await commit(importer.takeBatch(), everyRowRejected ? 'failed' : 'succeeded', tally.rowsRead);
    await inFlight;
    if (everyRowRejected) {
      throw importInvalid(`Every row was rejected (${tally.rowsRejected.toLocaleString('en-GB')} of ${tally.rowsRead.toLocaleString('en-GB')}), so nothing was imported: the row issues name each row, column and rule`, { rowsRejected: tally.rowsRejected });
    }
    return buildReport(run, 'succeeded', parts(tally.rowsRead));
  } finally {
    if (inFlight) await (inFlight as Promise<void>).catch(() => {});
    await chunks.return?.(undefined);
    await runner.release();
  }
}

async function writeBatch(
  runner: QueryRunner, run: ImportRunEntity, importer: KindImporter, batch: unknown,
  issues: ReturnType<ImportTally['takeIssues']>, report: ImportReport, context: WriteContext,
): Promise<void> {
  const finished = report.status === 'succeeded';
  await runner.startTransaction();
  try {
    await importer.writeBatch(runner, batch, context);
    const { rejected, skipped } = issues;
    await bulkInsertRows(runner, context.dialect, 'import_row_issues', ['import_id', 'line', 'column_name', 'severity', 'rule', 'reason'],
      rejected.map((issue) => [run.id, issue.line, issue.column?.slice(0, 64) ?? null, issue.severity, issue.rule, issue.reason.slice(0, 255)]));
    if (skipped.blocks.length > 0) {
      // A handful of rows (one per rule met in the batch), each with its blob of line numbers.
      await runner.query(
        `INSERT INTO import_skipped_lines (import_id, first_line, last_line, rule, column_name, reason, line_count, line_deltas)
         VALUES ${skipped.blocks.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        skipped.blocks.flatMap((block) => [run.id, block.firstLine, block.lastLine, block.rule, block.column?.slice(0, 64) ?? null, block.reason.slice(0, 255), block.count, block.encoded()]),
      );
    }
    // The checkpoint commits with the rows it counts: after a crash, the database and the checkpoint agree.
    await runner.query(
      `UPDATE imports SET checkpoint_rows = ?, rows_read = ?, rows_imported = ?, rows_skipped = ?, rows_rejected = ?, layout = ?, report = ?,
         status = ?, finished_at = ? WHERE id = ?`,
      [report.checkpointRows, report.rowsRead, report.rowsImported, report.rowsSkipped, report.rowsRejected, report.layout, JSON.stringify(report),
        report.status, finished ? formatUtcDatetime(Date.now(), context.dialect === 'sqlite') : null, run.id],
    );
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
    throw error;
  }
}
