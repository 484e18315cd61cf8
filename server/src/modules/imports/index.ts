// The imports module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { createImportRun, executeImport, getImportReport } from './import.service.js';
export { streamRowIssuesCsv } from './row-issues-csv.js';
export { importInvalid, isImportInvalid } from './import.errors.js';
export { ImportRunEntity } from './import-run.entity.js';
export { ImportRowIssueEntity } from './import-row-error.entity.js';
export { ORDER_FIELDS, CUSTOMER_FIELDS, EVENT_FIELDS, OUTCOME_FIELDS, SUPPRESSION_FIELDS, PRODUCT_FIELDS } from './layouts.js';
export { EVENT_TYPES } from './events.importer.js';
export type {
  CreateImportInput, ExecuteImportOptions, ImportEncoding, ImportKind, ImportProgress, ImportReport, ImportStatus, FileFormat,
} from './import.types.js';
export { importJob, startImport } from './import.job.js';
export { sweepUploads } from './upload-retention.js';
export { CsvRecordSplitter, type CsvRecord } from './csv-records.js';
export { ImportResolver } from './import.resolver.js';
export { mountImportRoutes } from './import.routes.js';
export { SkippedLines, SkippedLinesBlock, decodeSkippedLines } from './skipped-lines.js';
export { TsvBytes } from './tsv-bytes.js';
export { saveUpload } from './uploads.js';
export { formatCents, formatMilli } from './values.js';
