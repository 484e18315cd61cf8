// The exports module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { ExportResolver } from './exports.resolver.js';
export { mountExportRoutes } from './exports.routes.js';
export { pinTags, streamTagsCsv, tagsPage, TAG_COLUMNS } from './tags.service.js';
export { startTagsExport } from './tags-export.service.js';
export { tagsExportJob, EXPORT_LINK_HOURS } from './tags-export.job.js';
