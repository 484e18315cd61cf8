import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../server/src/db/data-source.js';
import { createLogger } from '../server/src/logger.js';
import { JobEntity, cancelJob, claimJob, completeJob, enqueueJob, heartbeat, LeaseLostError, releaseJob, retryJob, JobWorker } from '../server/src/modules/jobs/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';
import { TEST_HANDLERS, TEST_RESULTS_DDL } from './helpers/test-jobs.js';

describe.each(TEST_DIALECTS)('job queue on %s', (dialect) => {
  let db: TestDatabase;
  let second: DataSource;
  const jobs = () => db.dataSource.getRepository(JobEntity);
  const config = () => ({ ...db.config, worker: { leaseSeconds: 1, pollMs: 20, retryBaseSeconds: 0, dbDuty: 1 } });

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await db.dataSource.query(TEST_RESULTS_DDL);
    second = await openDatabase(db.config, { migrate: false });
  });
  afterAll(async () => {
    if (second?.isInitialized) await second.destroy();
    await db?.drop();
  });

  it('returns the active job for a second request with the same concurrency key', async () => {
    const first = await enqueueJob(db.dataSource, 'count-to', { n: 1 }, { concurrencyKey: 'segmentation:default' });
    const again = await enqueueJob(db.dataSource, 'count-to', { n: 1 }, { concurrencyKey: 'segmentation:default' });
    expect(again.existing).toBe(true);
    expect(again.job.id).toBe(first.job.id);
    await cancelJob(db.dataSource, first.job.id);
    const third = await enqueueJob(db.dataSource, 'count-to', { n: 1 }, { concurrencyKey: 'segmentation:default' });
    expect(third.existing).toBe(false);
    await cancelJob(db.dataSource, third.job.id);
  });

  it('never gives one job to two workers', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push((await enqueueJob(db.dataSource, 'race', {})).job.id);
    const claimed: number[] = [];
    const claimAll = async (ds: DataSource, worker: string) => {
      for (;;) {
        const job = await claimJob(ds, worker, 60, { types: ['race'] });
        if (!job) return;
        claimed.push(job.id);
      }
    };
    await Promise.all([claimAll(db.dataSource, 'w1'), claimAll(second, 'w2'), claimAll(db.dataSource, 'w3')]);
    expect([...claimed].sort((a, b) => a - b)).toEqual(ids);
  });

  it('hands a running attempt back to the queue, fenced on the attempt, refunding it on request', async () => {
    const { job } = await enqueueJob(db.dataSource, 'handed-back', {}, { maxAttempts: 2 });
    const first = (await claimJob(db.dataSource, 'gone', 60, { jobId: job.id }))!;
    expect(await releaseJob(db.dataSource, job.id, first.attempt, { refundAttempt: true })).toBe(true);
    const released = await jobs().findOneByOrFail({ id: job.id });
    expect(released).toMatchObject({ status: 'queued', attempt: 1, maxAttempts: 3, leaseOwner: null, leaseExpiresAt: null });
    // Claimable at once by another worker; the old attempt can no longer hand it back.
    const retaken = (await claimJob(second, 'next', 60, { jobId: job.id }))!;
    expect(retaken.attempt).toBe(2);
    expect(await releaseJob(db.dataSource, job.id, first.attempt)).toBe(false);
    // A crash's hand-back counts against the job.
    expect(await releaseJob(db.dataSource, job.id, retaken.attempt)).toBe(true);
    expect(await jobs().findOneByOrFail({ id: job.id })).toMatchObject({ status: 'queued', attempt: 2, maxAttempts: 3 });
    await cancelJob(db.dataSource, job.id);
  });

  it('fences a worker whose lease lapsed: its heartbeat and results are refused', async () => {
    const { job } = await enqueueJob(db.dataSource, 'fenced', {});
    const first = (await claimJob(db.dataSource, 'slow', 1, { jobId: job.id }))!;
    expect(first.attempt).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    const secondClaim = (await claimJob(second, 'fast', 60, { jobId: job.id }))!;
    expect(secondClaim.attempt).toBe(2);
    await expect(heartbeat(db.dataSource, job.id, 1, 30)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(completeJob(db.dataSource, job.id, 1, { from: 'slow' }, async (m) => { await m.query('INSERT INTO test_job_results (job_id, step, attempt) VALUES (?, 1, 1)', [job.id]); }))
      .rejects.toBeInstanceOf(LeaseLostError);
    await completeJob(second, job.id, 2, { from: 'fast' });
    const done = await jobs().findOneByOrFail({ id: job.id });
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ from: 'fast' });
    expect(await db.dataSource.query('SELECT * FROM test_job_results WHERE job_id = ?', [job.id])).toEqual([]);
  });

  it('retries a failing job and ends it failed with its error', async () => {
    const { job } = await enqueueJob(db.dataSource, 'always-fails', {}, { maxAttempts: 3 });
    const worker = new JobWorker(db.dataSource, config(), createLogger({ logLevel: 'silent' }), TEST_HANDLERS, { jobId: job.id });
    worker.start();
    const failed = await until(async () => { const j = await jobs().findOneByOrFail({ id: job.id }); return j.status === 'failed' ? j : null; });
    await worker.stop();
    expect(failed.attempt).toBe(3);
    expect(failed.error).toBe('upstream exploded');
    const retried = await retryJob(db.dataSource, job.id);
    expect(retried.status).toBe('queued');
    await cancelJob(db.dataSource, job.id);
  });

  it('cancels a running job', async () => {
    const { job } = await enqueueJob(db.dataSource, 'count-to', { n: 500, stepMs: 10 });
    const worker = new JobWorker(db.dataSource, { ...config(), worker: { leaseSeconds: 2, pollMs: 20, retryBaseSeconds: 0, dbDuty: 1 } }, createLogger({ logLevel: 'silent' }), TEST_HANDLERS, { jobId: job.id });
    worker.start();
    await until(async () => (await jobs().findOneByOrFail({ id: job.id })).progressDone > 5);
    await cancelJob(db.dataSource, job.id);
    const cancelled = await until(async () => { const j = await jobs().findOneByOrFail({ id: job.id }); return j.status === 'cancelled' ? j : null; }, 10_000);
    await worker.stop();
    expect(cancelled.progressDone).toBeLessThan(500);
    expect(await db.dataSource.query('SELECT * FROM test_job_results WHERE job_id = ?', [job.id])).toEqual([]);
  });

  it('finishes a job once after its worker is killed with SIGKILL', async () => {
    const { job } = await enqueueJob(db.dataSource, 'count-to', { n: 60, stepMs: 50 });
    const env = { DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir, WORKER_LEASE_SECONDS: '1', WORKER_POLL_MS: '50', LOG_LEVEL: 'silent' };
    const victim = spawnTs('test/helpers/run-worker-child.ts', { ...env, WORKER_ID: 'victim' });
    await waitForOutput(victim, /ready/);
    await until(async () => (await jobs().findOneByOrFail({ id: job.id })).progressDone >= 5, 30_000);
    victim.kill('SIGKILL');
    await exited(victim);
    const survivor = spawnTs('test/helpers/run-worker-child.ts', { ...env, WORKER_ID: 'survivor' });
    try {
      const done = await until(async () => { const j = await jobs().findOneByOrFail({ id: job.id }); return j.status === 'succeeded' ? j : null; }, 60_000);
      expect(done.attempt).toBe(2);
      expect(done.leaseOwner).toBeNull();
      const rows = await db.dataSource.query('SELECT step, attempt FROM test_job_results WHERE job_id = ? ORDER BY step', [job.id]);
      expect(rows.length).toBe(60);
      expect(new Set(rows.map((r: { attempt: number }) => Number(r.attempt)))).toEqual(new Set([2]));
    } finally {
      survivor.kill('SIGTERM');
      await exited(survivor);
    }
  });
});
