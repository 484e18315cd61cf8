import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { ChildProcess } from 'node:child_process';
import type { AppConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { isDatabaseUnavailable } from '../server/src/graphql/format-error.js';
import { createLogger } from '../server/src/logger.js';
import { serve, type Segmenta } from '../server/src/main.js';
import { createApiKey, createUser } from '../server/src/modules/auth/index.js';
import { enqueueJob, JobEntity } from '../server/src/modules/jobs/index.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';
import { freshConfig } from './helpers/db.js';
import { callerWith, PASSWORD, type Caller } from './helpers/server.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { TEST_RESULTS_DDL } from './helpers/test-jobs.js';

/**
 * The database goes away under a running server and worker, then comes back.
 * The outage lasts 8 s by default; `OUTAGE_SECONDS=30 npx vitest run test/resilience-db-outage.test.ts`
 * makes it 30 s. The behaviour under test does not depend on the length.
 */
const OUTAGE_SECONDS = Number(process.env.OUTAGE_SECONDS ?? 8);
const FAIL_FAST_MS = 2_000;
const RECOVER_WITHIN_MS = 10_000;

interface Probe { status: number; ms: number; body: string }

async function timed(request: () => Promise<Response>): Promise<Probe> {
  const start = performance.now();
  const res = await request();
  const body = await res.text();
  return { status: res.status, ms: performance.now() - start, body };
}

describe('database outage behind a TCP proxy (MariaDB)', () => {
  let proxy: TcpProxy;
  let app: Segmenta;
  let direct: DataSource;
  let drop: () => Promise<void>;
  let proxiedUrl: string;
  let config: AppConfig;
  let apiKey: string;
  let byKey: Caller;
  let bySession: Caller;
  let cookie: string;
  let worker: ChildProcess | null = null;

  beforeAll(async () => {
    const fresh = await freshConfig('mariadb', { WORKER_LEASE_SECONDS: '2', WORKER_POLL_MS: '100' });
    drop = fresh.drop;
    const real = new URL(fresh.config.databaseUrl!);
    proxy = await startTcpProxy(real.hostname, Number(real.port || 3306));
    const proxied = new URL(real);
    proxied.port = String(proxy.port);
    proxiedUrl = proxied.toString();
    config = { ...fresh.config, databaseUrl: proxiedUrl };
    app = await serve(config, createLogger(config), { port: 0, withWorker: true, adminDist: null });
    // Checks go straight to MariaDB, around the proxy.
    direct = await openDatabase(fresh.config, { migrate: false });
    await direct.query(TEST_RESULTS_DDL);
    await createUser(direct, { email: 'admin@test.local', name: 'Admin', role: 'admin', password: PASSWORD });
    apiKey = (await createApiKey(direct, { name: 'outage' })).plain;
    byKey = callerWith(app.server.url, { authorization: `Bearer ${apiKey}` });
    const res = await fetch(`${app.server.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "admin@test.local", password: "${PASSWORD}") { id } }` }),
    });
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    bySession = callerWith(app.server.url, { cookie });
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) { worker.kill('SIGTERM'); await exited(worker); }
    await proxy?.restore();
    await app?.stop();
    await direct?.destroy();
    await proxy?.close();
    await drop?.();
  });

  const gqlRaw = (headers: Record<string, string>, query: string) => () =>
    fetch(`${app.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const health = () => fetch(`${app.server.url}/health`);
  const jobs = () => direct.getRepository(JobEntity);

  it(`fails fast during a ${OUTAGE_SECONDS} s outage, loses no job, and recovers without a restart`, async () => {
    expect((await health()).status).toBe(200);
    expect((await byKey.gql('{ allCustomers { id } }')).errors).toBeUndefined();

    // A standalone worker process, also through the proxy, with a job in hand when the database goes.
    worker = spawnTs('test/helpers/run-worker-child.ts', {
      DATABASE_URL: proxiedUrl, SEGMENTA_DATA_DIR: config.dataDir, WORKER_ID: 'outage-worker',
      WORKER_LEASE_SECONDS: '2', WORKER_POLL_MS: '100', WORKER_RETRY_BASE_SECONDS: '0', LOG_LEVEL: 'silent',
    });
    await waitForOutput(worker, /ready/);
    const { job } = await enqueueJob(direct, 'count-to', { n: 30, stepMs: 100 });
    await until(async () => (await jobs().findOneByOrFail({ id: job.id })).progressDone >= 3, 20_000);
    // And one that falls due during the outage: the worker cannot claim it until the database is back.
    const { job: dueDuringOutage } = await enqueueJob(direct, 'count-to', { n: 5, stepMs: 10 }, { runAfter: new Date(Date.now() + 1_000) });

    await proxy.cut();
    const outageEnds = Date.now() + OUTAGE_SECONDS * 1000;
    const probes: { name: string; probe: Probe }[] = [];
    // Liveness does not ask the database: a restart would not bring it back.
    const live: number[] = [];
    while (Date.now() < outageEnds) {
      probes.push({ name: 'api key', probe: await timed(gqlRaw({ authorization: `Bearer ${apiKey}` }, '{ allCustomers { id } }')) });
      probes.push({ name: 'session', probe: await timed(gqlRaw({ cookie }, '{ allCustomers { id } }')) });
      probes.push({ name: 'anonymous login', probe: await timed(gqlRaw({}, `mutation { login(email: "admin@test.local", password: "${PASSWORD}") { id } }`)) });
      probes.push({ name: 'health', probe: await timed(health) });
      probes.push({ name: 'ready', probe: await timed(() => fetch(`${app.server.url}/health/ready`)) });
      live.push((await fetch(`${app.server.url}/health/live`)).status);
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const { name, probe } of probes) {
      expect(probe.ms, `${name} took ${Math.round(probe.ms)} ms`).toBeLessThan(FAIL_FAST_MS);
      expect(probe.status, `${name}: ${probe.body}`).toBe(503);
      expect(probe.body).not.toMatch(/\bat .+\.(ts|js):\d+|ECONNREFUSED|stack/i);
      if (name !== 'health' && name !== 'ready') expect(JSON.parse(probe.body).errors[0].extensions.code, name).toBe('SERVICE_UNAVAILABLE');
      else expect(JSON.parse(probe.body)).toMatchObject({ status: 'unavailable' });
    }
    expect(live.length).toBeGreaterThan(0);
    expect(live.filter((status) => status !== 200)).toEqual([]);
    // The jobs were not lost: still queued or running, waiting for the database.
    expect(['queued', 'running']).toContain((await jobs().findOneByOrFail({ id: job.id })).status);
    expect((await jobs().findOneByOrFail({ id: dueDuringOutage.id })).status).toBe('queued');

    await proxy.restore();
    const restoredAt = Date.now();
    await until(async () => (await health()).status === 200, RECOVER_WITHIN_MS, 200);
    await until(async () => !(await bySession.gql('{ allCustomers { id } }')).errors, RECOVER_WITHIN_MS - (Date.now() - restoredAt), 200);
    expect(Date.now() - restoredAt).toBeLessThan(RECOVER_WITHIN_MS);
    expect((await byKey.gql('{ me { kind } }')).data?.me).toEqual({ kind: 'apikey' });

    const done = await until(async () => { const j = await jobs().findOneByOrFail({ id: job.id }); return j.status === 'succeeded' ? j : null; }, 30_000, 200);
    const rows: { attempt: number }[] = await direct.query('SELECT step, attempt FROM test_job_results WHERE job_id = ? ORDER BY step', [job.id]);
    expect(rows.length).toBe(30);
    expect(new Set(rows.map((r) => Number(r.attempt)))).toEqual(new Set([done.attempt]));
    const second = await until(async () => { const j = await jobs().findOneByOrFail({ id: dueDuringOutage.id }); return j.status === 'succeeded' ? j : null; }, 30_000, 200);
    expect(second.result).toMatchObject({ counted: 5 });
    expect(worker.exitCode).toBeNull();

  }, OUTAGE_SECONDS * 1000 + 90_000);

  it('fails fast too when the network swallows packets (connections hang instead of being refused)', async () => {
    await proxy.cut('blackhole');
    try {
      for (let i = 0; i < 3; i++) {
        for (const [name, request] of [['api key', gqlRaw({ authorization: `Bearer ${apiKey}` }, '{ allCustomers { id } }')], ['health', health], ['ready', () => fetch(`${app.server.url}/health/ready`)]] as const) {
          const probe = await timed(request);
          expect(probe.ms, `${name} took ${Math.round(probe.ms)} ms`).toBeLessThan(FAIL_FAST_MS);
          expect(probe.status, `${name}: ${probe.body}`).toBe(503);
        }
      }
    } finally {
      await proxy.restore();
    }
    await until(async () => !(await byKey.gql('{ allCustomers { id } }')).errors, RECOVER_WITHIN_MS, 200);
  }, 60_000);

  it('with a query timeout, drops a connection that went silent mid-query instead of reusing it', async () => {
    await proxy.restore();
    const withTimeout = await openDatabase(config, { migrate: false, queryTimeoutMs: 1_000 });
    try {
      await withTimeout.query('SELECT 1');
      // mysql2's pool keeps its connections in `_allConnections` (internal, but the only way to see it).
      const pooled = () => (withTimeout.driver as unknown as { pool: { _allConnections: { length: number } } }).pool._allConnections.length;
      expect(pooled()).toBe(1);
      await proxy.cut('freeze');
      const started = performance.now();
      const error = await withTimeout.query('SELECT 1').then(() => null, (e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(FAIL_FAST_MS);
      expect(isDatabaseUnavailable(error)).toBe(true);
      // The silent connection was closed, not handed back to the pool for the next query.
      expect(pooled()).toBe(0);
    } finally {
      await proxy.restore();
    }
    await until(async () => (await withTimeout.query('SELECT 1 AS ok'))[0].ok === 1, RECOVER_WITHIN_MS, 200);
    await withTimeout.destroy();
  }, 60_000);
});
