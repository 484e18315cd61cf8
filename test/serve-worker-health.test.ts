// `segmenta serve --with-worker` keeps answering while its worker runs the largest segmentation the
// input limits allow: the worker's CPU runs on a thread of its own (server/src/jobs-thread/).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../server/src/modules/auth/index.js';
import { JobEntity } from '../server/src/modules/jobs/index.js';
import { startSegmentation } from '../server/src/modules/segmentation/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';
import { importFile, onlineRetailSlice, tempDir } from './helpers/imports.js';
import { callerWith, PASSWORD } from './helpers/server.js';

/** Online Retail's first lines: about 1,900 customers with orders, the demo data's shape. */
const ORDER_LINES = 120_000;
/** The largest segmentation segmentation.params.ts accepts. */
const PARAMS = { kMin: 2, kMax: 30, nInit: 50, seed: 7 };
const POLL_EVERY_MS = 25;
/**
 * Bounds that a blocked event loop breaks by far (on the API thread this segmentation held the
 * loop for about 20 s on SQLite and 35 s on MariaDB) and that a busy 2-core host does not: the
 * 99th percentile of the polls, and the share of the run's time spent waiting on polls beyond
 * 100 ms each (a blocked loop: nearly all of it; measured here with the thread: under 5 %).
 */
const P99_BOUND_MS = 250;
const STALLED_SHARE_BOUND = 0.25;

async function membershipsOf(db: TestDatabase, runId: number): Promise<string[]> {
  const rows = await db.dataSource.query('SELECT m.customer_id, s.label FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE m.run_id = ? ORDER BY m.customer_id', [runId]);
  return rows.map((r: Record<string, unknown>) => `${r.customer_id}:${r.label}`);
}

/** Starts `segmenta serve --with-worker` in a child process and resolves with its URL. */
async function startServe(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnTs('server/src/cli/index.ts', env, ['serve', '--with-worker', '--port', '0']);
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${seen.slice(-2000)}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /running at (http:\/\/[^\s/]+)\//.exec(seen);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited (${code}): ${seen.slice(-2000)}`)); });
  });
  child.stdout!.resume();
  return { child, url };
}

describe.each(TEST_DIALECTS)('serve --with-worker during the largest segmentation on %s', (dialect) => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const files = tempDir();
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    const report = await importFile(db, { kind: 'orders', filePath: files.write('slice.csv', onlineRetailSlice(ORDER_LINES)), timezone: 'Europe/London' });
    expect(report.status).toBe('succeeded');
    await createUser(db.dataSource, { email: 'analyst@test.local', name: 'Test analyst', role: 'analyst', password: PASSWORD });
    env = { DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir, WORKER_POLL_MS: '50', LOG_LEVEL: 'silent', NODE_ENV: 'test' };
  }, 180_000);
  afterAll(async () => {
    await db?.drop();
    files.remove();
  });

  it('answers /health/live within bounds and the run equals a separate worker\'s', { timeout: 600_000 }, async () => {
    const jobs = db.dataSource.getRepository(JobEntity);
    // The reference: the same parameters and seed in a separate `segmenta worker` process.
    const reference = await startSegmentation(db.dataSource, PARAMS, 'test');
    const separate = spawnTs('test/helpers/run-real-worker-child.ts', env);
    try {
      await waitForOutput(separate, /ready/);
      await until(async () => {
        const job = await jobs.findOneByOrFail({ id: reference.run.jobId! });
        if (job.status === 'failed') throw new Error(`reference run failed: ${job.error}`);
        return job.status === 'succeeded';
      }, 300_000, 200);
    } finally {
      separate.kill('SIGTERM');
      await exited(separate);
    }
    const { child, url } = await startServe(env);
    try {
      const login = await fetch(`${url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }', variables: { e: 'analyst@test.local', p: PASSWORD } }),
      });
      const analyst = callerWith(url, { cookie: login.headers.get('set-cookie')!.split(';')[0] });
      const started = await analyst.gql(`mutation($input: StartSegmentationInput!) { startSegmentation(input: $input) { run { id } } }`, { input: PARAMS });
      expect(started.errors).toBeUndefined();
      const runId = Number(started.data!.startSegmentation.run.id);

      let status = 'queued';
      const watcher = (async () => {
        while (!['succeeded', 'failed', 'cancelled'].includes(status)) {
          await new Promise((r) => setTimeout(r, 500));
          const [row] = await db.dataSource.query('SELECT status FROM segmentation_runs WHERE id = ?', [runId]);
          status = row.status;
        }
      })();
      const waits: number[] = [];
      const began = performance.now();
      let sawRunning = false;
      while (!['succeeded', 'failed', 'cancelled'].includes(status) && performance.now() - began < 300_000) {
        const sent = performance.now();
        const res = await fetch(`${url}/health/live`);
        const body = await res.json() as { status: string; worker?: { state: string; job: { type: string } | null } };
        waits.push(performance.now() - sent);
        expect(body.status).toBe('ok');
        if (body.worker?.job?.type === 'segmentation') sawRunning = true;
        await new Promise((r) => setTimeout(r, Math.max(0, POLL_EVERY_MS - (performance.now() - sent))));
      }
      const runMs = performance.now() - began;
      await watcher;
      expect(status).toBe('succeeded');
      expect(sawRunning).toBe(true);

      const sorted = [...waits].sort((a, b) => a - b);
      const p99 = sorted[Math.floor(0.99 * (sorted.length - 1))];
      const stalledMs = waits.reduce((sum, w) => sum + Math.max(0, w - 100), 0);
      const figures = { polls: waits.length, runMs: Math.round(runMs), p50: Math.round(sorted[Math.floor(sorted.length / 2)]), p99: Math.round(p99), max: Math.round(sorted[sorted.length - 1]), stalledShare: stalledMs / runMs };
      console.log(`serve --with-worker on ${dialect}: ${JSON.stringify(figures)}`);
      expect(waits.length).toBeGreaterThan(100);
      expect(p99).toBeLessThanOrEqual(P99_BOUND_MS);
      expect(figures.stalledShare).toBeLessThanOrEqual(STALLED_SHARE_BOUND);

      // The run is the separate worker's run, customer for customer.
      const [run] = await db.dataSource.query('SELECT k FROM segmentation_runs WHERE id = ?', [runId]);
      const [ref] = await db.dataSource.query('SELECT k FROM segmentation_runs WHERE id = ?', [reference.run.id]);
      expect(Number(run.k)).toBe(Number(ref.k));
      const memberships = await membershipsOf(db, runId);
      expect(memberships.length).toBeGreaterThan(1000);
      expect(memberships).toEqual(await membershipsOf(db, reference.run.id));
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });
});
