// The recommendations module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { CustomerRecommendationsResolver, SegmentRecommendationsResolver } from './recommendation.resolver.js';
export { recommendationLoaders } from './recommendation.loaders.js';
