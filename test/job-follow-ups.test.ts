// Follow-up jobs and job-state listeners: how one module's job starts or informs another's work
// without an import between them (docs/architecture.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/src/logger.js';
import { cancelJob, claimJob, enqueueJob, JobEntity, JobWorker, onJobStateChange, retryJob, type JobHandlers, type JobStateChange } from '../server/src/modules/jobs/index.js';
import { SegmentationRunEntity, startSegmentation } from '../server/src/modules/segmentation/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';

const HANDLERS: JobHandlers = {
  'with-follow-up': async (ctx) => ({ result: { ran: ctx.job.id }, followUps: [{ type: 'the-follow-up', payload: { after: ctx.job.id }, createdBy: 'test' }] }),
  'fails-with-follow-up': async () => { throw new Error('no follow-up for me'); },
};

describe.each(TEST_DIALECTS)('follow-ups and job-state listeners on %s', (dialect) => {
  let db: TestDatabase;
  const config = () => ({ ...db.config, worker: { leaseSeconds: 5, pollMs: 20, retryBaseSeconds: 0, dbDuty: 1 } });
  const worker = (jobId: number) => new JobWorker(db.dataSource, config(), createLogger({ logLevel: 'silent' }), HANDLERS, { jobId });

  beforeAll(async () => { db = await createTestDatabase(dialect); });
  afterAll(async () => { await db?.drop(); });

  it('enqueues a succeeded job\'s follow-ups, and none of a failed one', async () => {
    const { job } = await enqueueJob(db.dataSource, 'with-follow-up', {});
    expect(await worker(job.id).runOnce()).toBe(true);
    const followUps = await db.dataSource.getRepository(JobEntity).findBy({ type: 'the-follow-up' });
    expect(followUps.map((f) => ({ status: f.status, payload: f.payload, createdBy: f.createdBy }))).toEqual([{ status: 'queued', payload: { after: job.id }, createdBy: 'test' }]);

    const failing = await enqueueJob(db.dataSource, 'fails-with-follow-up', {}, { maxAttempts: 1 });
    expect(await worker(failing.job.id).runOnce()).toBe(true);
    expect((await db.dataSource.getRepository(JobEntity).findOneByOrFail({ id: failing.job.id })).status).toBe('failed');
    expect(await db.dataSource.getRepository(JobEntity).countBy({ type: 'the-follow-up' })).toBe(1);
  });

  it('tells a listener of every state change of its job type', async () => {
    const seen: JobStateChange[] = [];
    const stop = onJobStateChange('with-follow-up', async (_db, change) => { seen.push(change); });
    try {
      const { job } = await enqueueJob(db.dataSource, 'with-follow-up', {});
      await worker(job.id).runOnce();
      expect(seen.map((c) => [c.jobId, c.state])).toEqual([[job.id, 'running'], [job.id, 'succeeded']]);
    } finally {
      stop();
    }
  });

  it('keeps a segmentation run\'s status in step with its job', async () => {
    const status = async (id: number) => {
      const run = await db.dataSource.getRepository(SegmentationRunEntity).findOneByOrFail({ id });
      return { status: run.status, error: run.error };
    };
    const { run } = await startSegmentation(db.dataSource, { seed: 1 }, 'test');
    expect(await status(run.id)).toEqual({ status: 'queued', error: null });
    await cancelJob(db.dataSource, run.jobId!);
    expect(await status(run.id)).toEqual({ status: 'cancelled', error: null });
    await retryJob(db.dataSource, run.jobId!);
    expect(await status(run.id)).toEqual({ status: 'queued', error: null });
    const claimed = await claimJob(db.dataSource, 'test-worker', 60, { jobId: run.jobId! });
    expect(claimed?.id).toBe(run.jobId);
    expect(await status(run.id)).toEqual({ status: 'running', error: null });
  });
});
