import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * Busy is not down: many readers at once on a small MariaDB pool queue for a connection (a bounded
 * wait), and what cannot be served in time is answered BUSY (503, Retry-After), never "the
 * database is not reachable"; liveness and readiness stay green while MariaDB is fine.
 */
const READERS = 200;
const QUERY = '{ allCustomers(perPage: 25, sortField: "externalId") { id externalId } _allCustomersMeta { count } }';

interface Answer { status: number; ms: number; retryAfter: string | null; code: string | null; message: string | null; rows: number | null }

async function read(server: TestServer, cookie: string): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query: QUERY }) });
  const body = await res.json() as { data?: { allCustomers: unknown[] } | null; errors?: { message: string; extensions: { code: string; retryAfter?: number } }[] };
  return {
    status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after'),
    code: body.errors?.[0]?.extensions.code ?? null, message: body.errors?.[0]?.message ?? null, rows: body.data?.allCustomers?.length ?? null,
  };
}

/** Polls the health endpoints every 50 ms while `work` runs; returns every status seen. */
async function healthDuring(server: TestServer, work: Promise<unknown>): Promise<Record<string, number[]>> {
  const seen: Record<string, number[]> = { '/health': [], '/health/live': [], '/health/ready': [] };
  let done = false;
  void work.finally(() => { done = true; });
  while (!done) {
    await Promise.all(Object.keys(seen).map(async (path) => {
      const res = await fetch(`${server.url}${path}`);
      await res.text();
      seen[path].push(res.status);
    }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return seen;
}

async function seedCustomers(server: TestServer, n: number): Promise<void> {
  const repo = server.app.dataSource.getRepository(CustomerEntity);
  const now = new Date();
  await repo.insert(Array.from({ length: n }, (_, i) => repo.create({ externalId: `c-${String(i).padStart(4, '0')}`, createdAt: now, updatedAt: now })));
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

describe(`${READERS} concurrent readers, MariaDB pool of 2 connections`, () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer('mariadb', { DB_POOL_SIZE: '2', DB_POOL_WAIT_MS: '15000', RATE_LIMIT_PER_MINUTE: '100000' });
    await seedCustomers(server, 300);
    cookie = (await server.login('analyst@test.local', 'correct horse battery')).cookie!;
  });
  afterAll(async () => { await server?.stop(); });

  it('queues them for the pool and answers every one, while the health checks stay green', async () => {
    const work = Promise.all(Array.from({ length: READERS }, () => read(server, cookie)));
    const health = await healthDuring(server, work);
    const answers = await work;
    const unexpected = answers.filter((a) => a.status !== 200 || a.code !== null || a.rows !== 25);
    expect(unexpected.slice(0, 3), `${unexpected.length} of ${READERS} not answered`).toEqual([]);
    const ms = answers.map((a) => a.ms);
    console.log(`${READERS} readers on 2 connections: p50 ${percentile(ms, 0.5).toFixed(0)} ms, p99 ${percentile(ms, 0.99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms; health polls ${health['/health'].length}`);
    for (const [path, statuses] of Object.entries(health)) {
      expect(statuses.length, path).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 200), path).toEqual([]);
    }
  });
});

describe(`${READERS} concurrent readers with room for only 5 waiting (DB_POOL_QUEUE_LIMIT=5)`, () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer('mariadb', { DB_POOL_SIZE: '2', DB_POOL_QUEUE_LIMIT: '5', RATE_LIMIT_PER_MINUTE: '100000' });
    await seedCustomers(server, 300);
    cookie = (await server.login('analyst@test.local', 'correct horse battery')).cookie!;
  });
  afterAll(async () => { await server?.stop(); });

  it('answers the overflow BUSY with 503 and Retry-After, never "not reachable", and stays ready', async () => {
    const work = Promise.all(Array.from({ length: READERS }, () => read(server, cookie)));
    const health = await healthDuring(server, work);
    const answers = await work;
    const served = answers.filter((a) => a.status === 200 && a.rows === 25);
    const busy = answers.filter((a) => a.code === 'BUSY');
    console.log(`queue limit 5: ${served.length} served, ${busy.length} busy`);
    expect(served.length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    expect(served.length + busy.length).toBe(READERS);
    for (const answer of busy) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('1');
      expect(answer.message).toBe('The database is busy; retry after 1 s');
    }
    expect(answers.filter((a) => a.code === 'SERVICE_UNAVAILABLE' || /not reachable/.test(a.message ?? ''))).toEqual([]);
    for (const [path, statuses] of Object.entries(health)) expect(statuses.filter((s) => s !== 200), path).toEqual([]);
    // A retry once the crowd has passed is served.
    expect(await read(server, cookie)).toMatchObject({ status: 200, rows: 25 });
  });

  it('says in readiness how the pool is doing, and liveness never asks the database', async () => {
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', database: 'ok', pool: { size: 2, busy: false } });
    const live = await fetch(`${server.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
  });
});
