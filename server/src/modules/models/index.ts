// The models module's public surface: what the worker, resolvers, CLI and other modules may use.
export { modelTrainingJob } from './model-training.job.js';
export { scoringJob, scoreCustomer } from './model-scoring.js';
export { activateModel, activeModel, getModel, rollbackModel, startScoring, startTraining, type TrainingFollowUp, type TrainingInput } from './model.service.js';
export { CampaignOutcomeEntity } from './campaign-outcome.entity.js';
export { CustomerScoreEntity } from './customer-score.entity.js';
export { ActiveModelEntity, ModelVersionEntity, MODEL_KINDS, type ModelKind } from './model-version.entity.js';
export { RESPONSE_FEATURES, responseExamples, responseFeaturesAsOf } from './response-features.js';
export { EARLY_SIGNAL_FEATURES, earlySignals } from './early-signals.js';
export type { ModelEvaluation } from './model-evaluation.js';
