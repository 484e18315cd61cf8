// The models module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { modelTrainingJob } from './model-training.job.js';
export { scoringJob, scoreCustomer } from './model-scoring.js';
export { activateModel, activeModel, getModel, rollbackModel, startScoring, startTraining, type TrainingInput } from './model.service.js';
export { CampaignOutcomeEntity } from './campaign-outcome.entity.js';
export { CustomerScoreEntity } from './customer-score.entity.js';
export { ActiveModelEntity, ModelVersionEntity, MODEL_KINDS, type ModelKind } from './model-version.entity.js';
export { RESPONSE_FEATURES, responseExamples, responseFeaturesAsOf } from './response-features.js';
export { EARLY_SIGNAL_FEATURES, earlySignals } from './early-signals.js';
export type { ModelEvaluation } from './model-evaluation.js';
export { scoreLoaders } from './customer-score.loaders.js';
export { ModelResolver } from './model.resolver.js';
export { resolveTrainingParams } from './model.params.js';
export { loadTrainingData } from './training-data.js';
export { exportModelArtefact, importModelArtefact, MODEL_ARTEFACT_SCHEMA_VERSION } from './model-artefact.js';
