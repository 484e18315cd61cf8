// The customer-value module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { customerValueJob, describeShortfall, loadVersionModels, type ValueArtefact, type ValueModelMetrics } from './customer-value.job.js';
export { DEFAULT_VALUE_PARAMS, resolveValueParams, type CustomerValueParams } from './customer-value.params.js';
export { startCustomerValue, startValueScoring } from './customer-value.service.js';
export { loadOrderHistory } from './order-history.js';
export { writeValueScores } from './value-scores.js';
export { CustomerValueFieldResolver, CustomerValueResolver, ModelValueResolver, SegmentValueResolver } from './customer-value.resolver.js';
export { segmentValueProfile } from './segment-value-profile.js';
