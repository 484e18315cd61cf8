import type { ImportRunEntity } from './import-run.entity.js';
import type { FileFormat, ImportKind, ImportReport, ImportStatus, StoredImportOptions, TallyCounters } from './import.types.js';

export interface ReportParts {
  counters: TallyCounters;
  totals: Record<string, number | string>;
  format: FileFormat | null;
  layout: string | null;
  delimiter: string | null;
  ignoredColumns: string[];
  checkpointRows: number;
  resumedFromRow: number;
  durationMs: number | null;
}

export function storedOptions(run: ImportRunEntity): StoredImportOptions {
  const options = (run.options ?? {}) as Partial<StoredImportOptions>;
  return { mapping: options.mapping ?? null, timezone: options.timezone ?? 'UTC', dateFormat: options.dateFormat ?? null, encoding: options.encoding ?? 'utf8', delimiter: options.delimiter ?? null };
}

export function buildReport(run: ImportRunEntity, status: ImportStatus, parts: ReportParts, error: string | null = null): ImportReport {
  const options = storedOptions(run);
  const { counters } = parts;
  return {
    importId: run.id, kind: run.kind as ImportKind, status, fileName: run.fileName, fileBytes: run.fileBytes, fileSha256: run.fileSha256,
    format: parts.format, layout: parts.layout, delimiter: parts.delimiter, encoding: options.encoding, timezone: options.timezone, dateFormat: options.dateFormat,
    rowsRead: counters.rowsRead, rowsImported: counters.rowsImported, rowsSkipped: counters.rowsSkipped, rowsRejected: counters.rowsRejected,
    blankLines: counters.blankLines, skipped: counters.skipped, rejected: counters.rejected, flagged: counters.flagged,
    totals: parts.totals, ignoredColumns: parts.ignoredColumns, checkpointRows: parts.checkpointRows, resumedFromRow: parts.resumedFromRow,
    durationMs: parts.durationMs, error,
  };
}

/** The report of a run, whatever state it is in (a pending run has an empty one). */
export function reportOf(run: ImportRunEntity): ImportReport {
  const stored = run.report as Partial<ImportReport> | null;
  const empty: ReportParts = {
    counters: { rowsRead: run.rowsRead, rowsImported: run.rowsImported, rowsSkipped: run.rowsSkipped, rowsRejected: run.rowsRejected, blankLines: 0, skipped: {}, rejected: {}, flagged: {} },
    totals: {}, format: null, layout: run.layout, delimiter: null, ignoredColumns: [], checkpointRows: run.checkpointRows, resumedFromRow: 0, durationMs: null,
  };
  const base = buildReport(run, run.status as ImportStatus, empty, run.error);
  return { ...base, ...(stored ?? {}), status: run.status as ImportStatus, error: run.error, checkpointRows: run.checkpointRows };
}
