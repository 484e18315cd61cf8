// The analytics module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { AnalyticsResolver } from './analytics.resolver.js';
export { ANALYTICS_FEATURES, cohortRetention, featureCorrelations, featureDistribution, outliers, revenueByMonth, rfmGroupCounts } from './analytics.service.js';
export { segmentFit, type SegmentFit } from './segment-fit.service.js';
export { monthCoverage } from './analytics.service.js';
