import type { JobHandlers } from '../../server/src/modules/jobs/index.js';

/**
 * Job types used only by the queue tests. `count-to` counts to payload.n in steps, reporting
 * progress, and on completion writes one row per step into test_job_results behind the fence.
 */
export const TEST_HANDLERS: JobHandlers = {
  'count-to': async (ctx) => {
    const n = Number(ctx.job.payload?.n ?? 10);
    const stepMs = Number(ctx.job.payload?.stepMs ?? 20);
    for (let i = 1; i <= n; i++) {
      await new Promise((r) => setTimeout(r, stepMs));
      ctx.checkpoint();
      ctx.progress(i, n);
    }
    return {
      result: { counted: n, attempt: ctx.job.attempt },
      commit: async (manager) => {
        for (let i = 1; i <= n; i++) await manager.query('INSERT INTO test_job_results (job_id, step, attempt) VALUES (?, ?, ?)', [ctx.job.id, i, ctx.job.attempt]);
      },
    };
  },
  'always-fails': async () => {
    throw new Error('upstream exploded');
  },
};

export const TEST_RESULTS_DDL = 'CREATE TABLE test_job_results (job_id INTEGER NOT NULL, step INTEGER NOT NULL, attempt INTEGER NOT NULL)';
