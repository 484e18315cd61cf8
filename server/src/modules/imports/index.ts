// The imports module's public surface: what the job layer, resolvers and CLI may use.
export { createImportRun, executeImport, getImportReport } from './import.service.js';
export { streamRowIssuesCsv } from './row-issues-csv.js';
export { importInvalid, isImportInvalid } from './import.errors.js';
export { ImportRunEntity } from './import-run.entity.js';
export { ImportRowIssueEntity } from './import-row-error.entity.js';
export { ORDER_FIELDS, CUSTOMER_FIELDS, EVENT_FIELDS, OUTCOME_FIELDS, SUPPRESSION_FIELDS } from './layouts.js';
export { EVENT_TYPES } from './events.importer.js';
export type {
  CreateImportInput, ExecuteImportOptions, ImportEncoding, ImportKind, ImportProgress, ImportReport, ImportStatus, FileFormat,
} from './import.types.js';
export { importJob, startImport, type FollowUp } from './import.jobs.js';
export { sweepUploads } from './upload-retention.js';
