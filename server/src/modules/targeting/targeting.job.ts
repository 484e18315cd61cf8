import type { JobHandler } from '../jobs/index.js';
import { rebuildTargeting } from './targeting-refresh.js';

/**
 * Job 'targeting-rebuild' (JOB_TYPES.targetingRebuild): the whole table, batch by batch (each its
 * own transaction). Queued in the transaction that changes its sources (a segmentation run's
 * follow-up, an activation), so the job exists exactly when the change does. No concurrency key: a
 * rebuild already running may have read the old sources; the newer one supersedes it through the
 * generation fence.
 */
export const targetingRebuildJob: JobHandler = async (ctx) => {
  const [{ n }] = await ctx.dataSource.query('SELECT COUNT(*) AS n FROM customers');
  const report = await rebuildTargeting(ctx.dataSource, { pace: ctx.pace, onProgress: (done) => { ctx.progress(done, Number(n), 'writing targeting rows'); ctx.checkpoint(); },
    onCompact: () => ctx.progress(Number(n), Number(n), 'compacting the targeting table'),
  });
  return { result: { ...report } };
};
