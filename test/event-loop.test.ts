import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedShop } from './helpers/seed-shop.js';

/**
 * The expensive shapes an integration key can send, against a real server on a seeded shop, while
 * /health/live is polled every 20 ms: no poll may wait more than 200 ms (a request that holds the
 * event loop holds every other request of the process, health checks included). Each shape is
 * either served or refused (QUERY_TOO_COMPLEX, QUERY_TIMEOUT), never a 500.
 */
const DIALECTS = (process.env.EVENT_LOOP_DIALECTS?.split(',') as typeof TEST_DIALECTS | undefined) ?? TEST_DIALECTS;
const MAX_POLL_WAIT_MS = 200;

const RECOMMENDED = (perPage: number) => `allCustomers(perPage: ${perPage}) { id recommendedProducts(limit: 1) { score } }`;
const SHAPES: [string, string][] = [
  ['the reported shape (perPage 30)', `{ ${RECOMMENDED(30)} }`],
  ['perPage 100', `{ ${RECOMMENDED(100)} }`],
  ['15 aliases of the reported shape', `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${RECOMMENDED(30)}`).join(' ')} }`],
  ['orders and lines of a page', '{ allCustomers(perPage: 100) { id orders { id lines { quantity product { stockCode } } } } }'],
  ['segment history and summaries', '{ allCustomers(perPage: 100) { id summary { orderCount } segmentHistory { runId } segment { id } } }'],
  ['keyset page with orders', '{ customersAfter(first: 100) { nodes { id orders { id } } } }'],
  ['the largest orders-and-lines page the cost allows', '{ allCustomers(perPage: 1) { id orders { id lines { quantity product { stockCode } } } } }'],
  ['segment history of a default page', '{ allCustomers(perPage: 25) { id summary { orderCount } segmentHistory { runId } segment { id } } }'],
  ['keyset page of 40 with orders', '{ customersAfter(first: 40) { nodes { id orders { id } } } }'],
  ['counts', '{ _allCustomersMeta { count } _allOrdersMeta { count } }'],
];

describe.each(DIALECTS)('event loop under expensive requests on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { RATE_LIMIT_PER_MINUTE: '100000' });
    await seedShop(server.app.dataSource, server.config, { customers: 4000, products: 1500, ordersPerCustomer: 5 });
  }, 600_000);
  afterAll(async () => { await server?.stop(); });

  /** Runs `work` while polling /health/live; the longest wait of a poll, in ms. */
  async function maxPollWait(work: () => Promise<unknown>): Promise<number> {
    let running = true;
    let worst = 0;
    const poller = (async () => {
      while (running) {
        const began = performance.now();
        await (await fetch(`${server.url}/health/live`)).text();
        worst = Math.max(worst, performance.now() - began);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      await work();
    } finally {
      running = false;
      await poller;
    }
    return worst;
  }

  /**
   * The shape's longest poll wait: measured twice, the smaller kept. A request that holds the event
   * loop does so every time; a stall of the shared, loaded test host (GC, another process) rarely
   * hits both runs.
   */
  async function worstWait(send: () => Promise<void>): Promise<number> {
    const first = await maxPollWait(send);
    return first < MAX_POLL_WAIT_MS ? first : Math.min(first, await maxPollWait(send));
  }

  it.each(SHAPES)('%s: served or refused with a code, /health/live never waits over 200 ms', async (label, query) => {
    let answer: { status: number; codes: string[]; ms: number } | null = null;
    const worst = await worstWait(async () => {
      const began = performance.now();
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` }, body: JSON.stringify({ query }) });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      answer = { status: res.status, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)), ms: performance.now() - began };
    });
    console.log(`${dialect} ${label}: answered ${answer!.status} ${answer!.codes.join(',') || 'ok'} in ${answer!.ms.toFixed(0)} ms; longest /health/live wait ${worst.toFixed(0)} ms`);
    expect(answer!.status).toBeLessThan(500);
    expect(answer!.codes.filter((c) => !['QUERY_TOO_COMPLEX', 'QUERY_TIMEOUT'].includes(c))).toEqual([]);
    expect(worst).toBeLessThan(MAX_POLL_WAIT_MS);
  }, 120_000);

  it('the tags export as an integration key: /health/live never waits over 200 ms', async () => {
    const worst = await worstWait(async () => {
      const res = await fetch(`${server.url}/api/exports/tags.csv`, { headers: { authorization: `Bearer ${server.apiKey}` } });
      expect(res.status).toBe(200);
      await res.text();
    });
    console.log(`${dialect} tags export: longest /health/live wait ${worst.toFixed(0)} ms`);
    expect(worst).toBeLessThan(MAX_POLL_WAIT_MS);
  }, 120_000);
});
