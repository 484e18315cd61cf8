import { AppError } from '../../errors.js';
import { JOB_TYPES, type JobHandler } from '../jobs/index.js';
import { computeDriftReport } from './drift-report.js';
import { decideActivation, storeDriftReport } from './drift.service.js';

const runIdOf = (payload: Record<string, unknown> | null | undefined): number => {
  const runId = Number(payload?.runId);
  if (!Number.isSafeInteger(runId) || runId < 1) throw new AppError('BAD_USER_INPUT', `job payload needs a positive runId, got ${JSON.stringify(payload?.runId)}`);
  return runId;
};

/**
 * Job 'drift-report' (a follow-up of every succeeded segmentation run): the report against the
 * live run, stored with the persona carry-over in the completion transaction; then the
 * activation decision as its own follow-up.
 */
export const driftReportJob: JobHandler = async (ctx) => {
  const runId = runIdOf(ctx.job.payload);
  ctx.progress(0, 1, 'comparing with the live run');
  const report = await computeDriftReport(ctx.dataSource, runId);
  return {
    result: { runId, liveRunId: report.liveRunId, adjustedRandIndex: report.adjustedRandIndex, maxSizeShift: report.maxSizeShift, maxPsi: report.maxPsi },
    commit: async (manager) => { await storeDriftReport(manager, report); },
    // One decision per run: a second request for the same run while one waits is the same job.
    followUps: [{ type: JOB_TYPES.activationDecision, payload: { runId }, concurrencyKey: `activation-decision:${runId}`, maxAttempts: 3, createdBy: 'segmenta' }],
  };
};

/** Job 'activation-decision': the data set's activation policy applied to one run (decideActivation). */
export const activationDecisionJob: JobHandler = async (ctx) => {
  const decision = await decideActivation(ctx.dataSource, runIdOf(ctx.job.payload));
  return { result: { ...decision } };
};
