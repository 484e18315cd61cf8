// The drift module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { computeDriftReport, type DriftReport, type FeatureDrift } from './drift-report.js';
export { ActivationDecisionEntity, DriftReportEntity } from './drift.entity.js';
export { activationDecisionJob, driftReportJob } from './drift.jobs.js';
export { SegmentationRunDriftResolver, DriftResolver } from './drift.resolver.js';
export {
  activationNotices, decideActivation, driftReportOf, judgeReport, writeDriftReport,
  type ActivationDecision, type ActivationNotice, type ActivationVerdict,
} from './drift.service.js';
