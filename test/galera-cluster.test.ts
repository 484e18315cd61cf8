// The main flows on a three-node MariaDB Galera cluster: the API on node 1, a worker on each of
// nodes 2 and 3. A segmentation runs on the workers, is activated through the API and counted in
// an audience; then the database node under the worker that holds a job is killed (-9): the job
// finishes exactly once on the surviving nodes, and the killed node rejoins and catches up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobEntity } from '../server/src/modules/jobs/index.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedRandomCustomers } from './helpers/seed-customers.js';

const run = promisify(execFile);
const GALERA_LIBRARY = process.env.GALERA_PROVIDER ?? '/usr/lib/galera/libgalera_smm.so';
const available = fs.existsSync(GALERA_LIBRARY) && fs.existsSync('/usr/sbin/mariadbd');
const BASE_PORT = 3436, GCOMM_PORT = 4767;
const port = (node: number) => BASE_PORT + node;
const DATABASE = 'segmenta_galera';
const url = (node: number) => `mariadb://root@127.0.0.1:${port(node)}/${DATABASE}`;
const CUSTOMERS = 4000;

const START = `mutation($input: StartSegmentationInput!) { startSegmentation(input: $input) { run { id } } }`;
const RUN = `query($id: ID!) { SegmentationRun(id: $id) { id status error k segments { id } } }`;
const ACTIVATE = `mutation($id: ID!) { activateSegmentation(runId: $id) { runId } }`;
const COUNT = `query($d: AudienceDefinitionInput) { audienceCount(definition: $d) { matched } }`;

describe.skipIf(!available)('on a three-node Galera cluster', () => {
  const galeraDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-galera-test-'));
  const env = { ...process.env, GALERA_DIR: galeraDir, GALERA_BASE_PORT: String(BASE_PORT), GALERA_GCOMM_PORT: String(GCOMM_PORT) };
  const cluster = (...args: string[]) => run('bash', ['scripts/galera-cluster.sh', ...args], { env, timeout: 300_000 })
    .catch((error: Error & { stderr?: string; stdout?: string }) => { throw new Error(`galera-cluster.sh ${args.join(' ')} failed: ${error.stderr ?? ''}${error.stdout ?? ''}`); });
  const workers = new Map<string, ChildProcess>();
  let server: TestServer;

  const countOn = async (node: number, sql: string, params: unknown[] = []) => {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: port(node), user: 'root', database: DATABASE });
    try { const [rows] = await conn.query(sql, params); return Number((rows as { n: unknown }[])[0].n); } finally { await conn.end(); }
  };
  const startWorker = async (node: number) => {
    const child = spawnTs('test/helpers/run-real-worker-child.ts', {
      DATABASE_URL: url(node), SEGMENTA_DATA_DIR: server.config.dataDir, WORKER_ID: `node${node}`,
      // A lease long enough for the pauses of Galera's flow control on a busy two-core machine.
      WORKER_LEASE_SECONDS: '10', WORKER_POLL_MS: '100', LOG_LEVEL: 'silent',
    });
    workers.set(`node${node}`, child);
    await waitForOutput(child, /ready/, 60_000);
  };
  /** The queue as node 1 sees it, for a failure message. */
  const queue = async () => JSON.stringify(await server.app.dataSource.query('SELECT id, type, status, attempt, progress_done, lease_owner, error FROM jobs ORDER BY id'));
  const explained = <T>(promise: Promise<T>) => promise.catch(async (error: Error) => { throw new Error(`${error.message}; jobs: ${await queue()}`); });
  const waitForRun = (id: string) => explained(until(async () => {
    const r = (await server.as.analyst.gql(RUN, { id })).data?.SegmentationRun;
    if (r && ['failed', 'cancelled'].includes(r.status)) throw new Error(`run ${id} ${r.status}: ${r.error}`);
    return r?.status === 'succeeded' ? r : null;
  }, 240_000, 250));

  beforeAll(async () => {
    await cluster('start');
    const admin = await mysql.createConnection({ host: '127.0.0.1', port: port(1), user: 'root' });
    await admin.query(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    // The API (and the migrations) on node 1.
    server = await startTestServer('mariadb', { DATABASE_URL: url(1) });
    await seedRandomCustomers(server.app.dataSource, CUSTOMERS);
    await startWorker(2);
    await startWorker(3);
  }, 600_000);

  afterAll(async () => {
    for (const child of workers.values()) { child.kill('SIGKILL'); await exited(child); }
    await server?.stop().catch(() => undefined);
    await cluster('destroy').catch(() => undefined);
    fs.rmSync(galeraDir, { recursive: true, force: true });
  }, 300_000);

  it('segments on the workers, activates and counts through the API, the same on every node', { timeout: 400_000 }, async () => {
    expect(await countOn(3, 'SELECT COUNT(*) AS n FROM customers')).toBe(CUSTOMERS);
    const started = await server.as.analyst.gql(START, { input: { k: 4, seed: 5, nInit: 2 } });
    expect(started.errors).toBeUndefined();
    const done = await waitForRun(started.data!.startSegmentation.run.id);
    expect(done.segments).toHaveLength(4);
    // The API runs no worker: the run was computed by the worker on node 2 or node 3.
    const activated = await server.as.marketer.gql(ACTIVATE, { id: done.id });
    expect(activated.errors).toBeUndefined();
    // The targeting rebuild that follows an activation runs on a worker too.
    const segmentId = done.segments[0].id;
    const members = await countOn(3, 'SELECT COUNT(*) AS n FROM segment_memberships WHERE segment_id = ?', [segmentId]);
    expect(members).toBeGreaterThan(0);
    const matched = await explained(until(async () => {
      const res = await server.as.marketer.gql(COUNT, { d: { channel: 'email', include: { segmentIds: [segmentId] } } });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!.audienceCount.matched === members ? members : null;
    }, 240_000, 500));
    expect(matched).toBe(members);
    for (const node of [1, 2, 3]) {
      expect(await countOn(node, 'SELECT COUNT(*) AS n FROM segment_memberships WHERE run_id = ?', [done.id]), `node ${node}`).toBe(CUSTOMERS);
    }
  });

  it('finishes a job once when the database node under its worker is killed, and the node catches up', { timeout: 600_000 }, async () => {
    // A search over k with many restarts: long enough to be killed in the middle on an idle machine.
    const started = await server.as.analyst.gql(START, { input: { kMin: 2, kMax: 10, seed: 9, nInit: 16 } });
    const runId = started.data!.startSegmentation.run.id;
    const jobs = server.app.dataSource.getRepository(JobEntity);
    const [{ job_id: jobId }] = await server.app.dataSource.query('SELECT job_id FROM segmentation_runs WHERE id = ?', [runId]);
    // Claimed by a worker and under way (progress is written with each heartbeat, a few seconds
    // apart, so it is not waited for): the attempt has work to lose.
    const holder = await explained(until(async () => { const j = await jobs.findOneByOrFail({ id: jobId }); return j.status === 'running' && j.leaseOwner ? j.leaseOwner : null; }, 240_000, 25));
    const victimNode = Number(holder.replace('node', ''));
    await cluster('kill', String(victimNode));
    const done = await waitForRun(runId);
    const finished = await jobs.findOneByOrFail({ id: jobId });
    expect(finished.status).toBe('succeeded');
    expect(finished.attempt).toBeGreaterThanOrEqual(2); // taken over after the lease lapsed
    expect(await countOn(1, 'SELECT COUNT(*) AS n FROM segments WHERE run_id = ?', [done.id])).toBe(done.k);
    expect(await countOn(1, 'SELECT COUNT(*) AS n FROM segment_memberships WHERE run_id = ?', [done.id])).toBe(CUSTOMERS);

    await cluster('restart', String(victimNode));
    for (const table of ['segment_memberships', 'segments', 'jobs', 'customers', 'orders']) {
      const expected = await countOn(1, `SELECT COUNT(*) AS n FROM ${table}`);
      expect(await countOn(victimNode, `SELECT COUNT(*) AS n FROM ${table}`), `${table} on the rejoined node ${victimNode}`).toBe(expected);
    }
  });
});
