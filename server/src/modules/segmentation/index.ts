// The segmentation module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { loadFeatureTable } from './feature-table.js';
export type { BaseSummary, SegmentSummary } from './segment-profiles.js';
export { LiveSegmentationEntity, SegmentEntity, SegmentMembershipEntity, SegmentationActivationEntity } from './segment.entity.js';
export { segmentLoaders } from './segment.loaders.js';
export { SegmentationRunEntity } from './segmentation-run.entity.js';
export { createSegmentationJob, type SegmentsWritten } from './segmentation.job.js';
export { resolveParams, type SegmentationFeature, type SegmentationParams } from './segmentation.params.js';
export { SegmentResolver, SegmentationRunResolver } from './segmentation.resolver.js';
export { activateRun, getRun, liveRun, startSegmentation } from './segmentation.service.js';
export { ClassificationType, SegmentType } from './segmentation.types.js';
export { followRunJob } from './run-status.js';
