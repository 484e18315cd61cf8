// The in-process worker's thread ends mid-job (as a crash would): the crash is logged, the thread is
// started again, the attempt it held goes back to the queue at once and the job finishes once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../server/src/ml/index.js';
import { JobEntity } from '../server/src/modules/jobs/index.js';
import { startSegmentation } from '../server/src/modules/segmentation/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';

const CUSTOMERS = 4000;

async function seedCustomers(db: TestDatabase) {
  const rng = createRng(9);
  const sqlite = db.dialect === 'sqlite';
  const end = Date.UTC(2011, 11, 9);
  let invoice = 1;
  for (let start = 0; start < CUSTOMERS; start += 500) {
    const customers: unknown[] = [];
    const orders: unknown[] = [];
    let rows = 0;
    for (let i = start; i < start + 500; i++) customers.push(`K${i}`, '2011-01-01 00:00:00', '2011-01-01 00:00:00');
    await db.dataSource.query(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ${new Array(500).fill('(?, ?, ?)').join(',')}`, customers);
    for (let i = start; i < start + 500; i++) {
      const count = 1 + Math.floor(rng.nextFloat() ** 3 * 12);
      for (let o = 0; o < count; o++) {
        const at = new Date(end - Math.floor(rng.nextFloat() * 360) * 86_400_000).toISOString();
        orders.push(String(invoice++), i + 1, sqlite ? at.replace('T', ' ').replace('Z', '') : at.slice(0, 19).replace('T', ' '), Math.round(Math.exp(2 + rng.nextFloat() * 4) * 100) / 100);
        rows++;
      }
    }
    await db.dataSource.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, total_amount) VALUES ${new Array(rows).fill("(?, ?, ?, 'completed', ?)").join(',')}`, orders);
  }
}

describe.each(TEST_DIALECTS)('the in-process worker thread on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await seedCustomers(db);
  }, 120_000);
  afterAll(async () => { await db?.drop(); });

  it('is started again after a crash, and the job it held is handed back and finishes once', { timeout: 300_000 }, async () => {
    const env = { DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir, WORKER_POLL_MS: '50', LOG_LEVEL: 'info', NODE_ENV: 'test' };
    const child = spawnTs('test/helpers/run-serve-child.ts', env);
    let logs = '';
    child.stderr!.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
    try {
      await waitForOutput(child, /listening/, 60_000);
      const { run } = await startSegmentation(db.dataSource, { kMin: 2, kMax: 10, nInit: 10, seed: 3 }, 'test');
      const jobs = db.dataSource.getRepository(JobEntity);
      // Into the clustering: the attempt has work to lose.
      const held = await until(async () => { const j = await jobs.findOneByOrFail({ id: run.jobId! }); return j.progressDone >= 12 ? j : null; }, 120_000, 20);
      expect(held.attempt).toBe(1);
      child.kill('SIGUSR2');
      const done = await until(async () => {
        const j = await jobs.findOneByOrFail({ id: run.jobId! });
        if (j.status === 'failed') throw new Error(`job failed: ${j.error}`);
        return j.status === 'succeeded' ? j : null;
      }, 180_000, 100);
      // Attempt 2 ran on the restarted thread; the crash's hand-back counted against the job.
      expect(done.attempt).toBe(2);
      expect(done.maxAttempts).toBe(held.maxAttempts);
      expect(done.leaseOwner).toBeNull();
      const [{ n }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM segment_memberships WHERE run_id = ?', [run.id]);
      expect(Number(n)).toBe(CUSTOMERS);
      expect(logs).toMatch(/"msg":"worker thread crashed"/);
      expect(logs).toMatch(/"msg":"job handed back to the queue"/);
      expect(logs).toMatch(/"msg":"starting the in-process worker again"/);
      // The thread's own log lines reach the API's logger.
      expect(logs).toMatch(/"component":"worker".*"msg":"job succeeded"/);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });
});
