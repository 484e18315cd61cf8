// The targeting module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { TargetingStateEntity, type TargetingStatus } from './targeting-state.entity.js';
export { currentSources, readTargetingState, reflects, type TargetingSources } from './targeting-state.js';
export { CASE_CODED_VALUES, codesOf, rebuildTargeting, refreshTargetingRows, refreshTargetingScores, REBUILD_BATCH, type CodedKind, type RebuildReport } from './targeting-refresh.js';
export { targetingRebuildJob } from './targeting.job.js';
