// The uplift module's public surface: training and scoring jobs for the 'uplift' model kind, the
// Model.upliftEvaluation field, and the customer uplift figures audiences and campaigns read.
export { upliftTrainingJob, type UpliftVersionMetrics } from './uplift-training.job.js';
export { upliftScoringJob } from './uplift-scoring.job.js';
export { loadUpliftData, MIN_PER_CELL } from './uplift-data.js';
export { UpliftResolver } from './uplift.resolver.js';
export { CustomerUpliftResolver } from './customer-uplift.resolver.js';
