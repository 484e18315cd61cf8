import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { enqueueJob, JobEntity } from '../server/src/modules/jobs/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';
import { TEST_RESULTS_DDL } from './helpers/test-jobs.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A worker frozen past its lease (SIGSTOP: a long GC pause, a VM migration, a debugger) wakes up
 * after another worker took its job over. The attempt fence must keep the stale worker from
 * writing anything: the job's result and its result rows come from the newer attempt only.
 */
describe.each(TEST_DIALECTS)('a paused worker on %s', (dialect) => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  const jobs = () => db.dataSource.getRepository(JobEntity);

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await db.dataSource.query(TEST_RESULTS_DDL);
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) { child.kill('SIGCONT'); child.kill('SIGKILL'); await exited(child); }
    }
    await db?.drop();
  });

  const startWorker = async (id: string) => {
    const child = spawnTs('test/helpers/run-worker-child.ts', {
      DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir, WORKER_ID: id,
      WORKER_LEASE_SECONDS: '1', WORKER_POLL_MS: '50', LOG_LEVEL: 'silent',
    });
    children.push(child);
    await waitForOutput(child, /ready/);
    return child;
  };

  it('cannot overwrite the newer attempt after SIGCONT', async () => {
    const n = 40;
    const { job } = await enqueueJob(db.dataSource, 'count-to', { n, stepMs: 50 });
    const paused = await startWorker('paused');
    await until(async () => { const j = await jobs().findOneByOrFail({ id: job.id }); return j.leaseOwner === 'paused' && j.progressDone >= 5; }, 30_000);
    paused.kill('SIGSTOP');
    await sleep(1_500); // past the 1 s lease

    const rescuer = await startWorker('rescuer');
    const done = await until(async () => { const j = await jobs().findOneByOrFail({ id: job.id }); return j.status === 'succeeded' ? j : null; }, 30_000);
    expect(done.attempt).toBe(2);
    rescuer.kill('SIGTERM');
    await exited(rescuer);

    // Wake the stale worker and give it time to finish counting and try to complete.
    paused.kill('SIGCONT');
    await sleep(n * 50 + 1_500);

    const after = await jobs().findOneByOrFail({ id: job.id });
    expect(after.status).toBe('succeeded');
    expect(after.attempt).toBe(2);
    expect(after.result).toEqual({ counted: n, attempt: 2 });
    const rows: { step: number; attempt: number }[] = await db.dataSource.query('SELECT step, attempt FROM test_job_results WHERE job_id = ? ORDER BY step', [job.id]);
    expect(rows.length).toBe(n);
    expect(new Set(rows.map((r) => Number(r.attempt)))).toEqual(new Set([2]));
    expect(paused.exitCode).toBeNull(); // it stopped the attempt, not the process
  }, 90_000);
});
