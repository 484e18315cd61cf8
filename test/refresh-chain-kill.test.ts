// kill -9 of a worker in the middle of the refresh chain: two real worker processes share the
// chain's steps; the one running the segmentation step is killed; the other takes the step over
// when its lease lapses, and the chain finishes once with every step run to success once and the
// live state consistent (one live run, its segments and memberships, targeting rows for everyone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../server/src/ml/index.js';
import { childrenOf, JobEntity } from '../server/src/modules/jobs/index.js';
import { startRefresh } from '../server/src/modules/refresh/index.js';
import { freshness } from '../server/src/modules/schedules/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';

const CUSTOMERS = 4000;

async function seedCustomers(db: TestDatabase) {
  const rng = createRng(11);
  const ds = db.dataSource;
  const sqlite = db.dialect === 'sqlite';
  const end = Date.UTC(2011, 11, 9);
  let invoice = 1;
  for (let start = 0; start < CUSTOMERS; start += 500) {
    const customers: unknown[] = [];
    const orders: unknown[] = [];
    let rows = 0;
    for (let i = start; i < start + 500; i++) customers.push(`K${i}`, '2011-01-01 00:00:00', '2011-01-01 00:00:00');
    await ds.query(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ${new Array(500).fill('(?, ?, ?)').join(',')}`, customers);
    for (let i = start; i < start + 500; i++) {
      const count = 1 + Math.floor(rng.nextFloat() ** 3 * 12);
      for (let o = 0; o < count; o++) {
        const at = new Date(end - Math.floor(rng.nextFloat() * 360) * 86_400_000).toISOString();
        orders.push(String(invoice++), i + 1, sqlite ? at.replace('T', ' ').replace('Z', '') : at.slice(0, 19).replace('T', ' '), Math.round(Math.exp(2 + rng.nextFloat() * 4) * 100) / 100);
        rows++;
      }
    }
    await ds.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, total_amount) VALUES ${new Array(rows).fill("(?, ?, ?, 'completed', ?)").join(',')}`, orders);
  }
}

describe.each(TEST_DIALECTS)('a refresh chain whose worker is killed on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await seedCustomers(db);
  }, 120_000);
  afterAll(async () => { await db?.drop(); });

  it('finishes once, each step succeeding once, with the live state consistent', { timeout: 400_000 }, async () => {
    const env = { DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir, WORKER_LEASE_SECONDS: '2', WORKER_POLL_MS: '50', LOG_LEVEL: 'silent' };
    const workers = { a: spawnTs('test/helpers/run-real-worker-child.ts', { ...env, WORKER_ID: 'a' }), b: spawnTs('test/helpers/run-real-worker-child.ts', { ...env, WORKER_ID: 'b' }) };
    await Promise.all(Object.values(workers).map((w) => waitForOutput(w, /ready/, 180_000)));
    const jobs = db.dataSource.getRepository(JobEntity);
    try {
      const { job } = await startRefresh(db.dataSource, 'test', { kMin: 2, kMax: 8, nInit: 8, seed: 5 });
      // The segmentation step while a worker runs it: the attempt has work to lose.
      const step = await until(async () => {
        const child = (await childrenOf(db.dataSource, job.id)).find((c) => c.step === 'segmentation');
        if (child && child.status !== 'queued' && child.status !== 'running') throw new Error(`the segmentation step ended (${child.status}) before the kill: ${child.error}`);
        return child && child.status === 'running' && child.leaseOwner ? child : null;
      }, 240_000, 20);
      const victim = step.leaseOwner as 'a' | 'b';
      expect(['a', 'b']).toContain(victim);
      workers[victim].kill('SIGKILL');
      await exited(workers[victim]);
      const done = await until(async () => {
        const j = await jobs.findOneByOrFail({ id: job.id });
        return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : null;
      }, 300_000, 200);
      expect(done.status, done.error ?? '').toBe('succeeded');
      const children = await childrenOf(db.dataSource, job.id);
      expect(children.map((c) => `${c.step}:${c.status}`)).toEqual(['segmentation', 'activation-decision', 'retrain-segment', 'rescore', 'targeting'].map((s) => `${s}:succeeded`));
      // The killed attempt was taken over by the survivor: the step's job ran twice, wrote once.
      const segmentationStep = children[0];
      expect(segmentationStep.attempt).toBe(2);
      const runs = await db.dataSource.query('SELECT id, status, k FROM segmentation_runs');
      expect(runs).toHaveLength(1);
      const [run] = runs;
      expect(run.status).toBe('succeeded');
      const [{ live }] = await db.dataSource.query("SELECT run_id AS live FROM live_segmentations WHERE data_set = 'default'");
      expect(Number(live)).toBe(Number(run.id));
      const [{ n: segments }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM segments WHERE run_id = ?', [run.id]);
      expect(Number(segments)).toBe(Number(run.k));
      const [{ n: members }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM segment_memberships WHERE run_id = ?', [run.id]);
      expect(Number(members)).toBe(CUSTOMERS);
      const [{ n: targeted }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM customer_targeting WHERE segment_id IS NOT NULL');
      expect(Number(targeted)).toBe(CUSTOMERS);
      const [{ n: models }] = await db.dataSource.query("SELECT COUNT(*) AS n FROM model_versions WHERE kind = 'segment' AND status = 'succeeded'");
      expect(Number(models)).toBe(1);
      // The dashboard's freshness: the refresh and the as-of times of segments, scores and audience counts.
      const fresh = await freshness(db.dataSource);
      expect(fresh).toMatchObject({ lastRefreshJobId: job.id, lastRefreshStatus: 'succeeded', stale: false, stuckJobs: 0 });
      expect(fresh.lastRefreshAt!.getTime()).toBe(done.finishedAt!.getTime());
      for (const key of ['segmentsAsOf', 'scoresAsOf', 'targetingAsOf'] as const) expect(fresh[key], key).toBeInstanceOf(Date);
    } finally {
      for (const w of Object.values(workers)) if (w.exitCode === null && w.signalCode === null) { w.kill('SIGTERM'); await exited(w); }
    }
  });
});
