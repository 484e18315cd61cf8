import type { DataSource } from 'typeorm';
import type { JobHandler } from '../jobs/index.js';
import { activateRun, getRun } from '../segmentation/index.js';

export interface ActivationDecision {
  activate: boolean;
  policy: string;
  reason: string;
}

/**
 * Whether the refresh's new run goes live. Today every data set has the manual policy: the run
 * waits for a person (who activates it on the run's page), nothing is activated, and the chain
 * goes on with what is live. The per-data-set policy (automatic when the new run is close to the
 * live one) replaces this one function.
 */
export async function decideActivation(dataSource: DataSource, runId: number): Promise<ActivationDecision> {
  const run = await getRun(dataSource, runId);
  return { activate: false, policy: 'manual', reason: `run ${run.id} waits for a person to activate it (manual policy)` };
}

/** Job 'activation-decision': one step of the refresh chain (its payload names the new run). */
export const activationDecisionJob: JobHandler = async (ctx) => {
  const runId = Number(ctx.job.payload?.runId);
  const decision = await decideActivation(ctx.dataSource, runId);
  if (decision.activate) await activateRun(ctx.dataSource, runId, 'refresh');
  return { result: { runId, ...decision } };
};
