import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { now } from '../../clock.js';
import { childrenOf, enqueueJob, JOB_TYPES, latestByStep, type ChildJob, type JobEntity, type JobHandler } from '../jobs/index.js';
import { liveRun } from '../segmentation/index.js';
import { activeModel } from '../models/index.js';

/** The chain's job type. Its activation step is the drift module's 'activation-decision' job: the data set's policy applied to the new run. */
export const REFRESH_JOB = 'refresh-chain';

/**
 * The refresh chain's steps, in order. Features are computed by the segmentation step (its first
 * stage writes a fresh feature snapshot as of the latest data), so the two are one child job.
 */
export const REFRESH_STEPS = ['segmentation', 'activation-decision', 'retrain-segment', 'retrain-response', 'rescore', 'targeting'] as const;
export type RefreshStep = (typeof REFRESH_STEPS)[number];

/** Outcomes recorded since the active response model was trained (all of them without one). */
async function newOutcomes(dataSource: DataSource): Promise<number> {
  const active = await activeModel(dataSource, 'response');
  const [{ n }] = active
    ? await dataSource.query('SELECT COUNT(*) AS n FROM campaign_outcomes WHERE updated_at > ?', [active.createdAt])
    : await dataSource.query('SELECT COUNT(*) AS n FROM campaign_outcomes');
  return Number(n);
}

/** The child job of one step, or null when the step has nothing to do (with the reason). */
async function stepJob(dataSource: DataSource, step: RefreshStep, latest: Map<string, JobEntity>, overrides: Record<string, unknown>): Promise<ChildJob | { skip: string }> {
  switch (step) {
    case 'segmentation': {
      // The live run's settings, as of the latest data (a live run's own as-of date would freeze
      // it), with what the starter asked for on top (the CLI's segment options).
      const live = await liveRun(dataSource);
      const params = { ...(live ? (live.params as Record<string, unknown>) : {}), asOf: null, ...overrides };
      return { step, type: JOB_TYPES.segmentation, payload: { params }, maxAttempts: 3 };
    }
    case 'activation-decision': {
      const runId = Number(latest.get('segmentation')?.payload?.runId);
      if (!runId) throw new AppError('INTERNAL_SERVER_ERROR', 'the segmentation step left no run');
      return { step, type: JOB_TYPES.activationDecision, payload: { runId }, maxAttempts: 3 };
    }
    case 'retrain-segment':
      if (!(await liveRun(dataSource))) return { skip: 'no live run to learn from' };
      return { step, type: JOB_TYPES.modelTraining, payload: { params: { kind: 'segment' } }, maxAttempts: 2 };
    case 'retrain-response': {
      const outcomes = await newOutcomes(dataSource);
      if (outcomes === 0) return { skip: 'no new campaign outcomes since the active response model' };
      return { step, type: JOB_TYPES.modelTraining, payload: { params: { kind: 'response' } }, maxAttempts: 2 };
    }
    case 'rescore':
      return { step, type: JOB_TYPES.scoring, payload: { asOf: null }, maxAttempts: 2 };
    case 'targeting':
      return { step, type: JOB_TYPES.targetingRebuild, payload: {}, maxAttempts: 3 };
  }
}

/**
 * Job 'refresh-chain': a parent whose steps are children started in order. Each time it runs
 * (started, woken by a finished step, or re-run after a failure) it starts the first step that
 * has not succeeded yet, so a re-run resumes at the failed step. A failed step fails the chain
 * with the step's error (job-graph.ts); what is live stays live, each step writing in its own
 * fenced transaction.
 */
export const refreshChainJob: JobHandler = async (ctx) => {
  const latest = latestByStep(await childrenOf(ctx.dataSource, ctx.job.id));
  const skipped: Record<string, string> = { ...((ctx.job.result?.skipped as Record<string, string> | undefined) ?? {}) };
  let done = 0;
  for (const step of REFRESH_STEPS) {
    const child = latest.get(step);
    if (child?.status === 'succeeded') { done++; continue; }
    if (child && ['queued', 'running', 'waiting'].includes(child.status)) {
      throw new AppError('CONFLICT', `step ${step} (job ${child.id}) is still ${child.status}`);
    }
    const next = await stepJob(ctx.dataSource, step, latest, (ctx.job.payload?.params ?? {}) as Record<string, unknown>);
    if ('skip' in next) { skipped[step] = next.skip; done++; continue; }
    delete skipped[step];
    ctx.progress(done, REFRESH_STEPS.length, `step ${step}`);
    return { result: { steps: [...REFRESH_STEPS], current: step, skipped, runId: latest.get('segmentation')?.payload?.runId ?? null }, children: [next] };
  }
  ctx.progress(REFRESH_STEPS.length, REFRESH_STEPS.length, 'done');
  const decision = latest.get('activation-decision')?.result ?? null;
  return { result: { steps: [...REFRESH_STEPS], current: null, skipped, runId: latest.get('segmentation')?.payload?.runId ?? null, decision, finishedAt: now().toISOString() } };
};

/** Starts the refresh chain (one at a time per data set: a second request gets the running one). */
export async function startRefresh(dataSource: DataSource, actor: string, params: Record<string, unknown> = {}): Promise<{ job: JobEntity; existing: boolean }> {
  return enqueueJob(dataSource, REFRESH_JOB, { params }, { concurrencyKey: 'refresh:default', createdBy: actor, maxAttempts: 3 });
}
