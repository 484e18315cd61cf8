import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { changeConsent } from '../server/src/modules/consent/index.js';
import { createApiKey } from '../server/src/modules/auth/index.js';
import { changesAfter, latestChangeCursor } from '../server/src/modules/changes/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { PASSWORD, startTestServer, type TestServer } from './helpers/server.js';
import { insertCustomers } from './helpers/fake-runs.js';

const FOLLOW = 'subscription($after: ID) { customerTagChanges(after: $after) { cursor customerId kind before after reason tombstone } }';

interface Change { cursor: string; customerId: string; kind: string; before: string | null; after: string | null; reason: string; tombstone: boolean }

/** A WebSocket that sends extra headers on its upgrade request (a browser's cookie and Origin). */
function socketWith(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) { super(address, protocols, { headers }); }
  };
}

function clientFor(server: TestServer, opts: { params?: Record<string, unknown>; headers?: Record<string, string>; closed?: (event: unknown) => void } = {}): Client {
  return createClient({
    url: server.url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: opts.headers ? socketWith(opts.headers) : WebSocket,
    connectionParams: opts.params,
    retryAttempts: 0,
    on: opts.closed ? { closed: opts.closed } : undefined,
  });
}

/** The next `count` changes of a subscription, failing after `timeoutMs`. */
async function take(results: AsyncIterator<{ data?: unknown; errors?: unknown }>, count: number, timeoutMs = 8_000): Promise<Change[]> {
  const got: Change[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count) {
    const left = deadline - Date.now();
    const next = await Promise.race([results.next(), new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, left)))]);
    if (next === 'timeout') throw new Error(`timed out after ${got.length} of ${count} changes`);
    if (next.done) throw new Error(`subscription ended after ${got.length} of ${count} changes`);
    if (next.value.errors) throw new Error(`subscription error: ${JSON.stringify(next.value.errors)}`);
    got.push((next.value.data as { customerTagChanges: Change }).customerTagChanges);
  }
  return got;
}

/** Resolves with the close event the server sent (or the error) when the first result is refused. */
async function refusal(client: Client, query = FOLLOW): Promise<{ code?: number; message?: string }> {
  const results = client.iterate({ query, variables: {} });
  try {
    const first = await results.next();
    return { message: JSON.stringify(first.value?.errors ?? first.value) };
  } catch (error) {
    const e = error as { code?: number; message?: string; [k: number]: { message: string } };
    return { code: e.code, message: e.message ?? (Array.isArray(error) ? error.map((x) => x.message).join('; ') : undefined) };
  } finally {
    await client.dispose();
  }
}

describe.each(TEST_DIALECTS)('customerTagChanges subscription over graphql-ws on %s', (dialect) => {
  let server: TestServer;
  let stopped = false;
  let ids: number[];
  const ds = () => server.app.dataSource;
  const bearer = () => ({ Authorization: `Bearer ${server.apiKey}` });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ids = await insertCustomers(ds(), 10);
  });
  afterAll(async () => { if (!stopped) await server?.stop(); });

  it('replays the logged changes after the cursor, then delivers new ones as they are committed', async () => {
    const start = await latestChangeCursor(ds());
    await changeConsent(ds(), { customerId: ids[0], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    await changeConsent(ds(), { customerId: ids[1], channel: 'sms', to: 'opted_out', source: 'api', actor: 'test' });
    const client = clientFor(server, { params: bearer() });
    const results = client.iterate({ query: FOLLOW, variables: { after: String(start) } });
    try {
      const replayed = await take(results, 2);
      expect(replayed.map((c) => `${c.customerId}:${c.kind}:${c.after}:${c.reason}`)).toEqual(['c-0:consent:email:opted_out:consent', 'c-1:consent:sms:opted_out:consent']);
      // Written after the subscription caught up: the poller finds it.
      await changeConsent(ds(), { customerId: ids[2], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
      const [live] = await take(results, 1);
      expect(live).toMatchObject({ customerId: 'c-2', kind: 'consent', after: 'email:opted_out', tombstone: false });
      expect(Number(live.cursor)).toBeGreaterThan(Number(replayed[1].cursor));
    } finally {
      await results.return?.();
      await client.dispose();
    }
  });

  it('resumes from the last cursor received after a disconnect, with nothing lost or repeated', async () => {
    const start = await latestChangeCursor(ds());
    for (const i of [3, 4, 5]) await changeConsent(ds(), { customerId: ids[i], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    const first = clientFor(server, { params: bearer() });
    const firstResults = first.iterate({ query: FOLLOW, variables: { after: String(start) } });
    const before = await take(firstResults, 2);
    await firstResults.return?.();
    await first.dispose();
    // Changes made while nobody listens.
    for (const i of [6, 7]) await changeConsent(ds(), { customerId: ids[i], channel: 'sms', to: 'opted_out', source: 'api', actor: 'test' });

    const second = clientFor(server, { params: bearer() });
    const secondResults = second.iterate({ query: FOLLOW, variables: { after: before[1].cursor } });
    try {
      const after = await take(secondResults, 3);
      const expected = (await changesAfter(ds(), { after: start, first: 100 })).changes.map((c) => String(c.cursor));
      expect([...before, ...after].map((c) => c.cursor)).toEqual(expected);
      expect(after.map((c) => c.customerId)).toEqual(['c-5', 'c-6', 'c-7']);
      // Nothing more is pending: the next poll brings nothing.
      await expect(take(secondResults, 1, 1_500)).rejects.toThrow(/timed out/);
    } finally {
      await secondResults.return?.();
      await second.dispose();
    }
  });

  it('refuses connections without a valid key or session, a foreign page\'s cookie, and queries over the socket', async () => {
    expect((await refusal(clientFor(server))).code).toBe(4403);
    expect((await refusal(clientFor(server, { params: { Authorization: 'Bearer sk_not_a_real_key' } }))).code).toBe(4403);
    const { cookie } = await server.login('analyst@test.local', PASSWORD);
    expect(cookie).toBeTruthy();
    const host = new URL(server.url).host;
    expect((await refusal(clientFor(server, { headers: { cookie: cookie!, origin: 'https://evil.example' } }))).code).toBe(4403);
    const query = await refusal(clientFor(server, { params: bearer() }), '{ customerTagChanges(first: 1) { endCursor } }');
    expect(query.message).toMatch(/Only subscriptions are served over WebSocket/);

    // The signed-in analyst's own page is accepted.
    const client = clientFor(server, { headers: { cookie: cookie!, origin: `http://${host}` } });
    const results = client.iterate({ query: FOLLOW, variables: { after: '0' } });
    try {
      expect((await take(results, 1))[0].cursor).toMatch(/^\d+$/);
    } finally {
      await results.return?.();
      await client.dispose();
    }
  });

  it('checks the key\'s scopes when the subscription starts, as for the query', async () => {
    const { plain } = await createApiKey(ds(), { name: 'customers only', scopes: ['read:customers'] });
    const client = clientFor(server, { params: { Authorization: `Bearer ${plain}` } });
    // From the newest cursor: no row to resolve, so only a check at the start can refuse it.
    const results = client.iterate({ query: FOLLOW, variables: { after: String(await latestChangeCursor(ds())) } });
    try {
      const hung = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('not refused at the start')), 3_000));
      const next = await Promise.race([results.next(), hung]).catch((errors: { message: string; extensions?: { code?: string } }[] | Error) => {
        if (errors instanceof Error) throw errors;
        return { value: { errors }, done: false };
      });
      const errors = (next.value as { errors?: { message: string; extensions?: { code?: string } }[] }).errors;
      expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(errors?.[0].message).toMatch(/lacks the scope read:segments/);
    } finally {
      await client.dispose();
    }
  });

  it('a bad cursor is a BAD_USER_INPUT error of the subscription', async () => {
    const client = clientFor(server, { params: bearer() });
    const results = client.iterate({ query: FOLLOW, variables: { after: 'abc' } });
    try {
      const next = await results.next().catch((errors: { message: string; extensions?: { code?: string } }[]) => ({ value: { errors }, done: false }));
      const errors = (next.value as { errors?: { message: string; extensions?: { code?: string } }[] }).errors;
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toMatch(/after must be a cursor/);
    } finally {
      await client.dispose();
    }
  });

  it('closes live subscriptions cleanly when the server stops', async () => {
    let onClosed: (event: { code?: number }) => void = () => {};
    const closed = new Promise<{ code?: number }>((resolve) => { onClosed = resolve; });
    const client = clientFor(server, { params: bearer(), closed: (event) => onClosed(event as { code?: number }) });
    const results = client.iterate({ query: FOLLOW, variables: { after: '0' } });
    await take(results, 1);
    const began = Date.now();
    stopped = true;
    await server.stop();
    expect(Date.now() - began).toBeLessThan(5_000);
    // The server said it is going away; the client's iteration ends rather than hanging.
    const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 3_000));
    expect(await Promise.race([closed, hung])).toMatchObject({ code: 1001 });
    expect(await Promise.race([results.next().then(() => 'ended', () => 'ended'), hung])).toBe('ended');
    await client.dispose();
  });
});
