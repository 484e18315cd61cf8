// The refresh module's public surface: the refresh chain (features → segmentation → activation decision → retrain → rescore → targeting).
export { REFRESH_JOB, REFRESH_STEPS, refreshChainJob, startRefresh, type RefreshStep } from './refresh-chain.job.js';
