// The audiences module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { CHANNELS, normaliseDefinition, type AudienceDefinition, type Channel } from './audience-definition.js';
export { writeAudienceCsv } from './audience-export.js';
export { args, compileAudience, contactColumns, evaluationContext, isContactable, type EvaluationOptions } from './audience-query.js';
export { AudienceEntity } from './audience.entity.js';
export { AudienceResolver } from './audience.resolver.js';
export { mountAudienceRoutes } from './audience.routes.js';
export { audienceFunnel, audienceMemberPages, getAudience, previewAudience, roiOptimalSize, saveAudience } from './audience.service.js';
export { join, list, raw, sql } from './sql-fragment.js';
export { audienceLoaders } from './audience.loaders.js';
export { runsReferencedBy } from './audience-runs.js';
