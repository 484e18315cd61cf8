import type { DataSource, EntityManager } from 'typeorm';
import { enqueueJob, JobEntity, LeaseLostError, type JobHandler } from '../jobs/index.js';
import { DestinationEntity } from './destination.entity.js';
import { attemptBatch, openBatch } from './delivery.js';
import { stageAudience, stageTags } from './staging.js';

export const DESTINATION_SYNC_JOB = 'destination-sync';
const concurrencyKey = (destinationId: number) => `destination:${destinationId}`;
/** A delivery due within this long is waited for inside the job; a later one gets a job of its own. */
const WAIT_IN_JOB_MS = 2_000;
/** Attempts of the sync job itself (a killed worker costs one); delivery retries are the ledger's, not the job's. */
const SYNC_ATTEMPTS = 50;

/**
 * Asks for a sync of a destination: one job per destination at a time (its concurrency key), so
 * batches go out in order. A sync already waiting for later is moved up to `runAfter`.
 */
export async function requestSync(db: DataSource | EntityManager, destinationId: number, opts: { runAfter?: Date; createdBy?: string } = {}): Promise<JobEntity> {
  const runAfter = opts.runAfter ?? new Date();
  const { job, existing } = await enqueueJob(db, DESTINATION_SYNC_JOB, { destinationId }, {
    concurrencyKey: concurrencyKey(destinationId), maxAttempts: SYNC_ATTEMPTS, runAfter, createdBy: opts.createdBy ?? 'segmenta',
  });
  if (existing && job.status === 'queued' && job.runAfter > runAfter) {
    await db.getRepository(JobEntity).createQueryBuilder().update(JobEntity).set({ runAfter })
      .where('id = :id AND status = :status', { id: job.id, status: 'queued' }).execute();
  }
  return job;
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

/**
 * One sync of one destination: queue what changed (audience diff or change-log rows), then send
 * batches in order until none is left or the next one is due later. Every write is fenced by this
 * attempt's lease: a worker that lost its job writes nothing more. Ends by asking for the next sync
 * (at the next retry, or after the poll interval), in its completion transaction.
 */
export const destinationSyncJob: JobHandler = async (ctx) => {
  const { dataSource, job, config } = ctx;
  const destinationId = Number((job.payload as Record<string, unknown>).destinationId);
  const repo = dataSource.getRepository(DestinationEntity);
  let destination = await repo.findOneBy({ id: destinationId });
  if (!destination || destination.status !== 'enabled') return { result: { destinationId, skipped: destination ? 'paused' : 'deleted' } };
  const fence = async (manager: EntityManager) => {
    const rows: unknown[] = await manager.query('SELECT id FROM jobs WHERE id = ? AND attempt = ? AND status = ?', [job.id, job.attempt, 'running']);
    if (!rows.length) throw new LeaseLostError(job.id, job.attempt);
  };
  const stageOpts = { checkpoint: ctx.checkpoint, fence };
  const staged = destination.kind === 'audience' ? await stageAudience(dataSource, destination, stageOpts) : await stageTags(dataSource, destination, stageOpts);
  if (!destination.url) return { result: { destinationId, staged } };

  const counts = { delivered: 0, retry: 0, split: 0, dead: 0, paused: 0 };
  let nextAt: Date | null = null;
  for (;;) {
    ctx.checkpoint();
    destination = await repo.findOneBy({ id: destinationId });
    if (!destination || destination.status !== 'enabled') break;
    const batch = await openBatch(dataSource, destination, fence);
    if (!batch) break;
    const wait = batch.nextAttemptAt.getTime() - Date.now();
    if (wait > 0) {
      if (wait > WAIT_IN_JOB_MS) { nextAt = batch.nextAttemptAt; break; }
      await sleep(wait, ctx.signal);
      continue;
    }
    const { outcome } = await attemptBatch(dataSource, config, destination, batch, fence);
    counts[outcome]++;
    ctx.progress(counts.delivered, null, `${counts.delivered} batches delivered`);
  }
  const enabled = destination?.status === 'enabled';
  const runAfter = nextAt ?? new Date(Date.now() + config.destinations.pollSeconds * 1000);
  return {
    result: { destinationId, staged, ...counts, nextSyncAt: enabled ? runAfter.toISOString() : null },
    commit: enabled ? async (manager) => { await requestSync(manager, destinationId, { runAfter }); } : undefined,
  };
};
