// kill -9 a worker in the middle of a real segmentation: the job is taken over, finishes once,
// and its memberships equal those of a clean run with the same parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobEntity } from '../server/src/modules/jobs/index.js';
import { startSegmentation } from '../server/src/modules/segmentation/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';
import { seedRandomCustomers } from './helpers/seed-customers.js';

const CUSTOMERS = 6000;

async function membershipsOf(db: TestDatabase, runId: number): Promise<string[]> {
  const rows = await db.dataSource.query('SELECT m.customer_id, s.label FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE m.run_id = ? ORDER BY m.customer_id', [runId]);
  return rows.map((r: Record<string, unknown>) => `${r.customer_id}:${r.label}`);
}

describe.each(TEST_DIALECTS)('a segmentation whose worker is killed on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await seedRandomCustomers(db.dataSource, CUSTOMERS);
  }, 120_000);
  afterAll(async () => { await db?.drop(); });

  // Two worker processes start and two segmentations of 6,000 customers run: longer than the default
  // timeout on a busy machine, so the test gets the time its own waits allow.
  it('is taken over, finishes once, and equals a clean run', { timeout: 300_000 }, async () => {
    const env = { DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir, WORKER_LEASE_SECONDS: '2', WORKER_POLL_MS: '50', LOG_LEVEL: 'silent' };
    const params = { kMin: 2, kMax: 8, nInit: 8, seed: 5 };
    const { run } = await startSegmentation(db.dataSource, params, 'test');
    const jobs = db.dataSource.getRepository(JobEntity);
    const victim = spawnTs('test/helpers/run-real-worker-child.ts', { ...env, WORKER_ID: 'victim' });
    await waitForOutput(victim, /ready/);
    // Past the feature snapshot and into the clustering: the attempt has work to lose.
    await until(async () => (await jobs.findOneByOrFail({ id: run.jobId! })).progressDone >= 12, 60_000, 20);
    victim.kill('SIGKILL');
    await exited(victim);
    expect((await jobs.findOneByOrFail({ id: run.jobId! })).status).toBe('running');
    const survivor = spawnTs('test/helpers/run-real-worker-child.ts', { ...env, WORKER_ID: 'survivor' });
    try {
      const done = await until(async () => { const j = await jobs.findOneByOrFail({ id: run.jobId! }); return j.status === 'succeeded' ? j : null; }, 120_000, 100);
      expect(done.attempt).toBe(2);
      const [{ n }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM segments WHERE run_id = ?', [run.id]);
      const [{ k }] = await db.dataSource.query('SELECT k FROM segmentation_runs WHERE id = ?', [run.id]);
      expect(Number(n)).toBe(Number(k));
      // A clean run of the same parameters, start to finish in one worker.
      const clean = await startSegmentation(db.dataSource, params, 'test');
      await until(async () => (await jobs.findOneByOrFail({ id: clean.run.jobId! })).status === 'succeeded', 120_000, 100);
      const killed = await membershipsOf(db, run.id);
      expect(killed).toHaveLength(CUSTOMERS);
      expect(killed).toEqual(await membershipsOf(db, clean.run.id));
    } finally {
      survivor.kill('SIGTERM');
      await exited(survivor);
    }
  });
});
