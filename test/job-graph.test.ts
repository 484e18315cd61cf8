// The job graph: parents that wait for their children (a chain in order, a fan-out together),
// a failed child failing its parent with the error visible, a re-run resuming at the failed step,
// and lapsed leases reaped with a visible error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/src/logger.js';
import { setClock } from '../server/src/clock.js';
import { AppError } from '../server/src/errors.js';
import {
  childrenOf, claimJob, enqueueJob, JobEntity, JobWorker, latestByStep, reapExpiredLeases, retryJob, wakeStalledParents, type JobHandlers,
} from '../server/src/modules/jobs/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { until } from './helpers/child.js';
import { TEST_HANDLERS, TEST_RESULTS_DDL } from './helpers/test-jobs.js';

const STEPS = ['one', 'two', 'three'];

const HANDLERS: JobHandlers = {
  ...TEST_HANDLERS,
  // Fails for good while the test's flag row exists.
  'fails-while-flagged': async (ctx) => {
    const [{ n }] = await ctx.dataSource.query('SELECT COUNT(*) AS n FROM test_flags');
    if (Number(n) > 0) throw new AppError('BAD_USER_INPUT', 'the flag says no');
    return { result: { ok: true } };
  },
  // A chain: starts the first step that has not succeeded, one at a time.
  'test-chain': async (ctx) => {
    const latest = latestByStep(await childrenOf(ctx.dataSource, ctx.job.id));
    for (const step of STEPS) {
      if (latest.get(step)?.status === 'succeeded') continue;
      const type = step === 'two' ? 'fails-while-flagged' : 'count-to';
      return { result: { steps: STEPS }, children: [{ step, type, payload: { n: 2, stepMs: 1 } }] };
    }
    return { result: { steps: STEPS, done: true } };
  },
  // A fan-out: all children at once, then done.
  'test-fan-out': async (ctx) => {
    const children = await childrenOf(ctx.dataSource, ctx.job.id);
    if (children.length === 0) return { result: { steps: ['a', 'b', 'c'] }, children: ['a', 'b', 'c'].map((step) => ({ step, type: 'count-to', payload: { n: 3, stepMs: 5 } })) };
    return { result: { steps: ['a', 'b', 'c'], done: children.every((c) => c.status === 'succeeded') } };
  },
};

describe.each(TEST_DIALECTS)('the job graph on %s', (dialect) => {
  let db: TestDatabase;
  const jobs = () => db.dataSource.getRepository(JobEntity);
  const config = () => ({ ...db.config, worker: { leaseSeconds: 5, pollMs: 10, retryBaseSeconds: 0, dbDuty: 1 } });
  const workers: JobWorker[] = [];
  const startWorkers = (n: number) => {
    for (let i = 0; i < n; i++) {
      const worker = new JobWorker(db.dataSource, config(), createLogger({ ...db.config, logLevel: 'silent' }), HANDLERS, { id: `w${i}` });
      worker.start();
      workers.push(worker);
    }
  };
  const settled = (id: number) => until(async () => {
    const job = await jobs().findOneByOrFail({ id });
    return ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : null;
  }, 30_000, 20);

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await db.dataSource.query(TEST_RESULTS_DDL);
    await db.dataSource.query('CREATE TABLE test_flags (id INTEGER NOT NULL)');
    startWorkers(2);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    setClock(null);
    await db?.drop();
  });

  it('runs a chain step by step, each step after the one before', async () => {
    const { job } = await enqueueJob(db.dataSource, 'test-chain', {});
    const done = await settled(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ done: true });
    const children = await childrenOf(db.dataSource, job.id);
    expect(children.map((c) => [c.step, c.status])).toEqual(STEPS.map((s) => [s, 'succeeded']));
    // In order: each step started after the one before it finished.
    for (let i = 1; i < children.length; i++) expect(children[i].createdAt.getTime()).toBeGreaterThanOrEqual(children[i - 1].finishedAt!.getTime());
  });

  it('fails the chain with the failed step\'s error, and a re-run resumes at that step', async () => {
    await db.dataSource.query('INSERT INTO test_flags (id) VALUES (1)');
    const { job } = await enqueueJob(db.dataSource, 'test-chain', {});
    const failed = await settled(job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/step two \(job \d+\) failed: the flag says no/);
    expect((await childrenOf(db.dataSource, job.id)).map((c) => c.step)).toEqual(['one', 'two']);
    await db.dataSource.query('DELETE FROM test_flags');
    await retryJob(db.dataSource, job.id);
    expect((await settled(job.id)).status).toBe('succeeded');
    const children = await childrenOf(db.dataSource, job.id);
    // Step one ran once; step two twice (failed, then resumed); step three once.
    expect(children.map((c) => `${c.step}:${c.status}`)).toEqual(['one:succeeded', 'two:failed', 'two:succeeded', 'three:succeeded']);
  });

  it('runs a fan-out\'s children together and finishes when the last one does', async () => {
    const { job } = await enqueueJob(db.dataSource, 'test-fan-out', {});
    const done = await settled(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ done: true });
    const children = await childrenOf(db.dataSource, job.id);
    expect(children).toHaveLength(3);
    // Started together: all created (in the one transaction that put the parent to wait) before any ended.
    expect(Math.max(...children.map((c) => c.createdAt.getTime()))).toBeLessThanOrEqual(Math.min(...children.map((c) => c.finishedAt!.getTime())));
    const [{ n }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM test_job_results WHERE job_id IN (?, ?, ?)', children.map((c) => c.id));
    expect(Number(n)).toBe(9);
  });

  it('wakes a parent left waiting after its last child ended', async () => {
    const { job } = await enqueueJob(db.dataSource, 'stranded-parent', {});
    await jobs().update({ id: job.id }, { status: 'waiting' });
    await enqueueJob(db.dataSource, 'count-to', {}, { parentId: job.id, step: 'x' });
    const child = (await childrenOf(db.dataSource, job.id))[0];
    // The child ends without settling its parent (as if the process died in between).
    await jobs().update({ id: child.id }, { status: 'succeeded' });
    expect(await wakeStalledParents(db.dataSource)).toBeGreaterThanOrEqual(1);
    expect((await jobs().findOneByOrFail({ id: job.id })).status).toBe('queued');
    await jobs().update({ id: job.id }, { status: 'cancelled' });
  });

  it('reaps a job stuck past its lease and says so on the job', async () => {
    const t0 = Date.now();
    setClock(t0);
    const { job } = await enqueueJob(db.dataSource, 'nobody-runs-this', {}, { maxAttempts: 2 });
    const claimed = (await claimJob(db.dataSource, 'dead-worker', 10, { jobId: job.id }))!;
    expect(await reapExpiredLeases(db.dataSource)).toEqual([]);
    setClock(t0 + 11_000);
    const reaped = await reapExpiredLeases(db.dataSource);
    expect(reaped).toEqual([{ id: job.id, type: 'nobody-runs-this', owner: 'dead-worker', failed: false }]);
    const row = await jobs().findOneByOrFail({ id: job.id });
    expect(row).toMatchObject({ status: 'queued', attempt: claimed.attempt });
    expect(row.error).toMatch(/reaped: the lease of worker dead-worker lapsed/);
    setClock(null);
    await jobs().update({ id: job.id }, { status: 'cancelled' });
  });
});
