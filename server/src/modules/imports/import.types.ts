import type { AppConfig } from '../../config/index.js';

export type ImportKind = 'orders' | 'customers' | 'events' | 'outcomes' | 'suppressions' | 'products';
export const IMPORT_KINDS: readonly ImportKind[] = ['orders', 'customers', 'events', 'outcomes', 'suppressions', 'products'];
export type ImportEncoding = 'utf8' | 'latin1';
export type ImportStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface CreateImportInput {
  kind: ImportKind;
  filePath: string;
  fileName?: string;
  /** Target field → source column name, for layouts that are not recognised by their header. */
  mapping?: Record<string, string>;
  /** IANA zone the file's local times are in (Online Retail: Europe/London). Default UTC. */
  timezone?: string;
  /** The file's declared date format (DD.MM.YYYY, MM/DD/YYYY, YYYY-MM-DD HH:mm); when absent ISO and M/D/YYYY are read. */
  dateFormat?: string;
  encoding?: ImportEncoding;
  /** One character; detected from the first records when absent. */
  delimiter?: string;
}

/** What createImportRun stores in imports.options; executeImport reads it back. */
export interface StoredImportOptions {
  mapping: Record<string, string> | null;
  timezone: string;
  dateFormat: string | null;
  encoding: ImportEncoding;
  delimiter: string | null;
}

export interface ImportProgress {
  /** Input rows consumed so far (including rows written by an earlier, interrupted attempt). */
  done: number;
  /** Estimated from a first pass over the file (line count); null when unknown (xlsx). */
  total: number | null;
  /** Rows per second in this attempt. */
  rate: number;
  message?: string;
}

export interface ExecuteImportOptions {
  /** importLimits: DEFAULT_IMPORT_LIMITS when not given. */
  config: Pick<AppConfig, 'importMaxBytes'> & Partial<Pick<AppConfig, 'importLimits'>>;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Polled between batches; a cancelled import keeps its committed batches and can be resumed. */
  isCancelled?: () => boolean | Promise<boolean>;
  /** Input rows per transaction (default 20,000). Tests use small batches to interrupt mid-file. */
  batchRows?: number;
}

export type FileFormat = 'csv' | 'csv.gz' | 'xlsx';

/** What every import counts: rows read = imported + skipped + rejected. */
export interface TallyCounters {
  rowsRead: number;
  rowsImported: number;
  rowsSkipped: number;
  rowsRejected: number;
  /** Empty lines are not rows: they are counted here and otherwise ignored. */
  blankLines: number;
  /** Rows skipped by each cleaning rule (docs/cleaning.md). */
  skipped: Record<string, number>;
  /** Rows rejected by each validation rule (bad_number, bad_date, missing_value, bad_value, ...). */
  rejected: Record<string, number>;
  /** Imported rows that a rule changed or flagged: outlier, description_trimmed, stock_code_uppercased. */
  flagged: Record<string, number>;
}

export interface ImportReport extends TallyCounters {
  importId: number;
  kind: ImportKind;
  status: ImportStatus;
  fileName: string;
  fileBytes: number | null;
  fileSha256: string | null;
  format: FileFormat | null;
  layout: string | null;
  delimiter: string | null;
  encoding: ImportEncoding;
  timezone: string;
  /** The declared date format, or null (ISO or M/D/YYYY). */
  dateFormat: string | null;
  /** Distinct entities in the imported rows of this file, and net revenue as a decimal string. */
  totals: Record<string, number | string>;
  ignoredColumns: string[];
  checkpointRows: number;
  /** Rows already committed when this attempt started (0 for a first run). */
  resumedFromRow: number;
  durationMs: number | null;
  error: string | null;
}

export interface SourceRow {
  /** Physical line (CSV) or sheet row (xlsx) where the row starts; the header is line 1. */
  line: number;
  values: string[];
}
