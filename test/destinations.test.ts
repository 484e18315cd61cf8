import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveAudience, normaliseDefinition } from '../server/src/modules/audiences/index.js';
import { changeConsent } from '../server/src/modules/consent/index.js';
import { eraseCustomer } from '../server/src/modules/privacy/index.js';
import { JobWorker } from '../server/src/modules/jobs/index.js';
import { DESTINATION_SYNC_JOB, destinationSyncJob, generateSecret } from '../server/src/modules/destinations/index.js';
import { createLogger } from '../server/src/logger.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { insertCustomers } from './helpers/fake-runs.js';
import { startReceiver } from './helpers/webhook-receiver.js';
import { until } from './helpers/child.js';
import { execFileSync } from 'node:child_process';

const ENV = {
  DESTINATIONS_ALLOW_ADDRESSES: '127.0.0.1', DESTINATIONS_RETRY_SCALE: '0.002', DESTINATIONS_TIMEOUT_MS: '400',
  DESTINATIONS_POLL_SECONDS: '0.2', WORKER_POLL_MS: '50',
};
const CREATE = `mutation($input: DestinationInput!) { createDestination(input: $input) { secret destination { id status } } }`;
const DEST = `query($id: ID!) { destination(id: $id) { status pausedReason pendingRecords deadLetters initialSyncDone } }`;

describe.each(TEST_DIALECTS)('destinations on %s', (dialect) => {
  let server: TestServer;
  let worker: JobWorker;
  let ids: number[];
  let audienceId: number;
  const ds = () => server.app.dataSource;
  const closers: (() => Promise<void>)[] = [];

  /** The audience as it is now: external ids of customers with email consent, not opted out, not erased. */
  const audience = async () => new Set((await ds().query(
    'SELECT external_id FROM customers WHERE consent_email = 1 AND opted_out_email = 0 AND erased_at IS NULL') as { external_id: string }[]).map((r) => r.external_id));
  const create = async (input: Record<string, unknown>) => {
    const res = await server.as.admin.gql(CREATE, { input });
    expect(res.errors).toBeUndefined();
    return res.data!.createDestination as { secret: string; destination: { id: string } };
  };
  const settled = async (id: string) => {
    const d = (await server.as.admin.gql(DEST, { id })).data!.destination;
    return d.pendingRecords === 0 && d.initialSyncDone ? d : null;
  };
  const sameAs = async (state: Map<string, unknown>) => {
    const want = await audience();
    return want.size === state.size && [...want].every((x) => state.has(x));
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, ENV);
    ids = await insertCustomers(ds(), 120);
    audienceId = (await saveAudience(ds(), { name: 'email', definition: normaliseDefinition({ channel: 'email' }) }, 'test')).id;
    worker = new JobWorker(ds(), server.config, createLogger(server.config), { [DESTINATION_SYNC_JOB]: destinationSyncJob }, { id: 'test-worker' });
    worker.start();
  });
  afterEach(async () => { while (closers.length) await closers.pop()!(); });
  afterAll(async () => { await worker?.stop(); await server?.stop(); });

  it('syncs the whole audience, then deltas, through failures, timeouts, 429 and a secret rotation, with every signature valid', async () => {
    let secrets: string[] = [generateSecret()];
    let n429 = -1;
    const receiver = await startReceiver({
      secrets: () => secrets,
      behave: (n) => {
        if (n === 3) return { delayMs: 900, applyFirst: true }; // applied, but answered after the timeout: sent again with the same id
        if (n === 6) { n429 = n; return { status: 429, headers: { 'retry-after': '1' } }; }
        return n % 2 === 1 ? { status: 500 } : undefined; // every other request fails
      },
    });
    closers.push(receiver.close);
    const created = await create({ name: `a-${dialect}`, url: receiver.url, secret: secrets[0], kind: 'audience', audienceId: String(audienceId), batchSize: 25 });
    const id = created.destination.id;

    // The audience changes while the first sync runs.
    await until(async () => receiver.deliveries.length >= 2);
    for (const c of ids.slice(0, 10)) await changeConsent(ds(), { customerId: c, channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    await eraseCustomer(ds(), ids[20], 'test');
    await insertCustomers(ds(), 5, 1000);

    // Secret rotated mid-stream: the receiver learns the new secret (a request in flight was signed with the old one only).
    const rotated = await server.as.admin.gql(`mutation($id: ID!) { rotateDestinationSecret(id: $id, graceHours: 1) { secret } }`, { id });
    const rotatedAt = Date.now();
    secrets = [rotated.data!.rotateDestinationSecret.secret, secrets[0]];
    await changeConsent(ds(), { customerId: ids[30], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    await until(async () => (await settled(id)) && (await sameAs(receiver.state)), 60_000, 200);
    // Deliveries signed after the rotation carry both signatures; a receiver that drops the old secret still verifies them.
    expect(receiver.deliveries.filter((d) => d.at > rotatedAt + 100).every((d) => d.signatures.length === 2)).toBe(true);
    secrets = [secrets[0]];
    await changeConsent(ds(), { customerId: ids[31], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    await until(async () => (await settled(id)) && !receiver.state.has('c-31') && (await sameAs(receiver.state)), 60_000, 200);
    expect(receiver.invalid).toBe(0);
    expect(receiver.inconsistentRepeats).toBe(0);
    // A 2xx is never followed by the same webhook-id again except after a timed-out or failed answer.
    const okIds = receiver.deliveries.filter((d) => d.status === 200).map((d) => d.id);
    expect(new Set(okIds).size).toBe(okIds.length - 1); // the timed-out delivery was applied and sent again
    expect(n429).toBe(6);
    expect(receiver.deliveries[n429 + 1].at - receiver.deliveries[n429].at).toBeGreaterThanOrEqual(950);
    // Erased: removed, with no data and no personal data anywhere.
    expect(receiver.state.has('c-20')).toBe(false);
    expect(receiver.deliveries.map((d) => d.body).join('')).not.toContain('@example.com');
    const log = await server.as.admin.gql(`query($id: ID!) { destinationDeliveries(destinationId: $id, first: 500) { status attempts lastStatusCode lastLatencyMs } }`, { id });
    expect(log.data!.destinationDeliveries.some((b: { attempts: number }) => b.attempts > 1)).toBe(true);
    expect(log.data!.destinationDeliveries.every((b: { status: string }) => b.status === 'delivered')).toBe(true);
  });

  it('isolates bad records into dead letters, replays them, pauses on 410 and resumes when enabled', async () => {
    let gone = false;
    let rejectC5 = true;
    const secret = generateSecret();
    const receiver = await startReceiver({
      secrets: () => [secret],
      behave: (_n, d) => {
        if (gone) return { status: 410 };
        if (rejectC5 && d.records.some((r) => r.customerId === 'c-50')) return { status: 422 };
      },
    });
    closers.push(receiver.close);
    const created = await create({ name: `b-${dialect}`, url: receiver.url, secret, kind: 'audience', audienceId: String(audienceId), batchSize: 40 });
    const id = created.destination.id;
    await until(async () => (await settled(id)), 60_000, 200);
    const dead = await server.as.admin.gql(`query($id: ID!) { destinationDeadLetters(destinationId: $id) { cursor customerId op } }`, { id });
    expect(dead.data!.destinationDeadLetters.map((r: { customerId: string }) => r.customerId)).toEqual(['c-50']);
    expect(receiver.state.has('c-50')).toBe(false);
    expect(receiver.state.size).toBe((await audience()).size - 1);

    rejectC5 = false;
    const replayed = await server.as.admin.gql(`mutation($id: ID!) { replayDeadLetters(destinationId: $id) }`, { id });
    expect(replayed.data!.replayDeadLetters).toBe(1);
    await until(async () => (await settled(id)) && (await sameAs(receiver.state)), 30_000, 200);

    gone = true;
    await changeConsent(ds(), { customerId: ids[60], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    await until(async () => (await server.as.admin.gql(DEST, { id })).data!.destination.status === 'paused', 30_000, 200);
    const paused = (await server.as.admin.gql(DEST, { id })).data!.destination;
    expect(paused.pausedReason).toMatch(/410 Gone/);
    const audit = await ds().query(`SELECT details FROM audit_log WHERE action = 'destinationPaused'`);
    expect(audit.length).toBeGreaterThanOrEqual(1);

    gone = false;
    await server.as.admin.gql(`mutation($id: ID!) { setDestinationEnabled(id: $id, enabled: true) { status } }`, { id });
    await until(async () => (await settled(id)) && (await sameAs(receiver.state)), 30_000, 200);
    expect(receiver.invalid).toBe(0);
  });

  it('refuses bad settings with clear errors and never follows a redirect', async () => {
    const bad = async (input: Record<string, unknown>) => (await server.as.admin.gql(CREATE, { input: { name: 'x', kind: 'audience', audienceId: String(audienceId), ...input } })).errors?.[0];
    expect((await bad({ url: 'example.com/hook' }))?.message).toMatch(/no scheme/);
    const local = 'http://127.0.0.1:9/h';
    expect((await bad({ url: local, secret: 'whsec_' + Buffer.alloc(8).toString('base64') }))?.message).toMatch(/secret is too short/);
    expect((await bad({ url: 'http://169.254.169.254/latest/meta-data' }))?.message).toMatch(/link-local/);
    expect((await bad({ url: 'https://10.0.0.5/hook' }))?.message).toMatch(/private or reserved/);
    expect((await bad({ url: 'https://no-such-host.invalid/hook' }))?.message).toMatch(/does not resolve/);
    expect((await bad({ url: local, fields: ['email'] }))?.message).toMatch(/personal data/);
    expect((await bad({ url: local, batchSize: 0 }))?.extensions?.code).toBe('BAD_USER_INPUT');
    const forbidden = await server.as.marketer.gql(CREATE, { input: { name: 'm', url: local, audienceId: String(audienceId) } });
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // A receiver that redirects to the metadata address: the delivery is not followed there.
    const secret = generateSecret();
    const redirecting = await startReceiver({ secrets: () => [secret], behave: () => ({ status: 302, headers: { location: 'http://169.254.169.254/' } }) });
    closers.push(redirecting.close);
    const created = await create({ name: `r-${dialect}`, url: redirecting.url, secret, kind: 'audience', audienceId: String(audienceId), batchSize: 500 });
    const id = created.destination.id;
    await until(async () => redirecting.deliveries.length >= 2, 20_000);
    const log = await server.as.admin.gql(`query($id: ID!) { destinationDeliveries(destinationId: $id) { status lastStatusCode lastError } }`, { id });
    expect(log.data!.destinationDeliveries[0]).toMatchObject({ status: 'pending', lastStatusCode: 302 });
    expect(log.data!.destinationDeliveries[0].lastError).toMatch(/not followed/);
    await server.as.admin.gql(`mutation($id: ID!) { setDestinationEnabled(id: $id, enabled: false) { status } }`, { id });

    const test = await server.as.admin.gql(`mutation($id: ID!) { sendDestinationTestEvent(id: $id) { ok status webhookId } }`, { id });
    expect(test.data!.sendDestinationTestEvent).toMatchObject({ ok: false, status: 302 });
  });

  // One dialect is enough for the command line (each run starts a process).
  it.runIf(dialect === 'sqlite')('segmenta destination lists destinations and refuses bad settings by name', () => {
    const env = { ...process.env, ...ENV, NODE_ENV: 'test', DATABASE_URL: '', SEGMENTA_DATA_DIR: server.config.dataDir, SWC_NODE_PROJECT: 'server/tsconfig.json' };
    const run = (args: string[]) => execFileSync(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'server/src/cli/index.ts', 'destination', ...args],
      { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(run(['list'])).toMatch(/a-sqlite\taudience/);
    expect(() => run(['create', '--name', 'cli', '--url', 'example.com/hook', '--audience', String(audienceId)])).toThrow(/no scheme/);
  });

  it('serves an audience pull feed with resumable cursors and tombstones, personal data hidden from integration keys', async () => {
    const FEED = `query($a: ID!, $after: ID, $first: Int) { audienceMembershipChanges(audienceId: $a, after: $after, first: $first) { nodes { cursor op customerId data tombstone idempotencyKey } endCursor hasMore initialSyncDone } }`;
    const state = new Map<string, unknown>();
    let after: string | null = null;
    const read = async () => {
      for (;;) {
        const page: { data: Record<string, any> | null; errors?: unknown } = await server.as.integration.gql(FEED, { a: String(audienceId), after, first: 50 });
        expect(page.errors).toBeUndefined();
        const feed = page.data!.audienceMembershipChanges;
        for (const n of feed.nodes) { if (n.tombstone) state.delete(n.customerId); else state.set(n.customerId, n.data); }
        after = feed.endCursor;
        if (!feed.hasMore) return feed.initialSyncDone as boolean;
      }
    };
    await until(async () => (await read()) && (await sameAs(state)), 30_000, 200);
    await changeConsent(ds(), { customerId: ids[70], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    await until(async () => { await read(); return !state.has('c-70') && sameAs(state); }, 30_000, 200);
    expect(JSON.stringify([...state.values()])).not.toContain('@');
  });
});
