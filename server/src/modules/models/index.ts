// The models module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { modelTrainingJob } from './model-training.job.js';
export { scoringJob, scoreCustomer } from './model-scoring.js';
export { activateModel, activeModel, getModel, recordTrainedVersion, rollbackModel, startScoring, startTraining, type TrainingInput } from './model.service.js';
export { loadedForest } from './model-cache.js';
export { versionTag } from './model-scoring.js';
export { CampaignOutcomeEntity } from './campaign-outcome.entity.js';
export { CustomerScoreEntity } from './customer-score.entity.js';
export { ActiveModelEntity, ModelVersionEntity, FOREST_MODEL_KINDS, MODEL_KINDS, type ForestModelKind, type ModelKind } from './model-version.entity.js';
export { effectiveStatus } from './model.service.js';
export { RESPONSE_FEATURES, responseExamples, responseFeaturesAsOf, type ResponseExample } from './response-features.js';
export { EARLY_SIGNAL_FEATURES, earlySignals } from './early-signals.js';
export type { ModelEvaluation } from './model-evaluation.js';
export { scoreLoaders } from './customer-score.loaders.js';
export { ModelResolver } from './model.resolver.js';
export { CustomerScoreType, ModelType } from './model.types.js';
export type { CustomerScoreResult } from './model-scoring.js';
export { resolveTrainingParams, UPLIFT_LEARNERS, type TrainingParams, type UpliftLearnerChoice } from './model.params.js';
export { loadTrainingData } from './training-data.js';
