import type { DataSource, EntityManager } from 'typeorm';
import { enqueueJob, JOB_TYPES } from '../jobs/index.js';
import type { JobHandler } from '../jobs/index.js';
import { rebuildTargeting } from './targeting-refresh.js';

export const TARGETING_REBUILD_JOB = JOB_TYPES.targetingRebuild;

/**
 * Queues a rebuild of customer_targeting. Called in the transaction that changes its sources (a
 * segmentation run's results, an activation), so the job exists exactly when the change does.
 * No concurrency key: a rebuild already running may have read the old sources; the newer one
 * supersedes it through the generation fence.
 */
export async function enqueueTargetingRebuild(db: DataSource | EntityManager, actor: string | null) {
  return enqueueJob(db, TARGETING_REBUILD_JOB, {}, { createdBy: actor ?? undefined, maxAttempts: 3 });
}

/** Job 'targeting-rebuild': the whole table, batch by batch (each its own transaction). */
export const targetingRebuildJob: JobHandler = async (ctx) => {
  const [{ n }] = await ctx.dataSource.query('SELECT COUNT(*) AS n FROM customers');
  const report = await rebuildTargeting(ctx.dataSource, { pace: ctx.pace, onProgress: (done) => { ctx.progress(done, Number(n), 'writing targeting rows'); ctx.checkpoint(); },
    onCompact: () => ctx.progress(Number(n), Number(n), 'compacting the targeting table'),
  });
  return { result: { ...report } };
};
