// The features module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { CustomerFeaturesEntity } from './customer-features.entity.js';
export { FeatureSnapshotEntity } from './feature-snapshot.entity.js';
export { featureLoaders } from './features.loaders.js';
export { computeFeatures, createFeatureSnapshot, createFeatureSnapshotWithRows, defaultAsOf, latestSnapshot } from './features.service.js';
export { CustomerFeaturesType } from './features.types.js';
export { RFM_GROUPS, ageBand, daysBetween, rfmGroup, type RfmGroup } from './rfm.js';
