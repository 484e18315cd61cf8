// The refresh module's public surface: the refresh chain (features → segmentation → activation decision → retrain → rescore → targeting).
export { activationDecisionJob, decideActivation, type ActivationDecision } from './activation-decision.js';
export { ACTIVATION_DECISION_JOB, REFRESH_JOB, REFRESH_STEPS, refreshChainJob, startRefresh, type RefreshStep } from './refresh-chain.job.js';
