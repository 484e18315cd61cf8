import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ClientError, GraphQLClient, gql } from 'graphql-request';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';
import { KeyRateLimiter } from '../server/src/http/key-rate-limit.js';

// What an integrator relies on, driven with a plain GraphQL client against a real server: the
// nightly pull, lookups by external id, a pull pinned across an activation, key rotation, the
// 401 shape, scopes and per-key rate limits (docs/api.md, docs/security.md).

const PER_KEY_LIMIT = 40;

const TAGS = gql`
  query Tags($first: Int, $after: String, $runId: ID) {
    customerTags(first: $first, after: $after, runId: $runId) {
      runId snapshotId nextCursor
      nodes {
        externalId id customerId action runId runModelVersion segmentId segmentLabel segment segmentKey personaId persona
        snapshotId rfmGroup recencyScore frequencyScore monetaryScore responseProbability responseModelVersion predictedSegmentId
        segmentModelVersion scoredAt
      }
    }
  }
`;

interface Tag { externalId: string; id: string; customerId: string; runId: string | null; segmentId: string | null; segmentLabel: number | null; segment: number | null; recencyScore: number | null; snapshotId: string | null }
interface TagPage { customerTags: { runId: string | null; snapshotId: string | null; nextCursor: string | null; nodes: Tag[] } }

describe.each(TEST_DIALECTS)('the integration contract on %s', (dialect) => {
  let server: TestServer;
  let client: GraphQLClient;
  let customers: number;

  const runSegmentation = async (k: number, seed: number): Promise<string> => {
    const started = await server.as.analyst.gql(`mutation { startSegmentation(input: { k: ${k}, seed: ${seed} }) { run { id } } }`);
    const id = started.data!.startSegmentation.run.id as string;
    await until(async () => (await server.as.analyst.gql(`{ SegmentationRun(id: ${id}) { status } }`)).data?.SegmentationRun.status === 'succeeded', 60_000, 200);
    return id;
  };

  /** Every page of a pull, following nextCursor from `after`. */
  const pull = async (first: number, after: string | null = null, runId: string | null = null) => {
    const nodes: Tag[] = [];
    const runs = new Set<string | null>();
    for (;;) {
      const page = await client.request<TagPage>(TAGS, { first, after, runId });
      nodes.push(...page.customerTags.nodes);
      runs.add(page.customerTags.runId);
      if (!page.customerTags.nextCursor) return { nodes, runs };
      after = page.customerTags.nextCursor;
      runId = null;
    }
  };

  const createKey = async (scopes: string[]) => {
    const created = await server.as.admin.gql('mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }', { i: { name: `key ${scopes.join(' ')}`, scopes } });
    expect(created.errors).toBeUndefined();
    return { id: created.data!.createApiKey.apiKey.id as string, secret: created.data!.createApiKey.secret as string };
  };

  const post = (headers: Record<string, string>, query: string) => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50', API_KEY_RATE_LIMIT_PER_MINUTE: String(PER_KEY_LIMIT) }, { withWorker: true });
    await seedBehaviourGroups(server.app.dataSource);
    [{ n: customers }] = (await server.app.dataSource.query('SELECT COUNT(*) AS n FROM customers')).map((r: { n: unknown }) => ({ n: Number(r.n) }));
    await runSegmentation(3, 1);
    client = new GraphQLClient(`${server.url}/graphql`, { headers: { authorization: `Bearer ${server.apiKey}` } });
  });
  afterAll(async () => { await server?.stop(); });

  it('the nightly pull reads every customer once, keyed by externalId, flat, from one run and snapshot', async () => {
    const { nodes, runs } = await pull(40);
    expect(nodes).toHaveLength(customers);
    expect(new Set(nodes.map((n) => n.externalId)).size).toBe(customers);
    expect(runs.size).toBe(1);
    const [runId] = [...runs];
    expect(runId).not.toBeNull();
    for (const tag of nodes) {
      expect(tag.runId).toBe(runId);
      expect(tag.customerId).toBe(tag.externalId); // the deprecated name keeps its meaning
      expect(tag.segment).toBe(tag.segmentLabel);
      expect(tag.segmentId).not.toBeNull();
      expect(tag.recencyScore).toBeGreaterThanOrEqual(1);
      expect(tag.recencyScore).toBeLessThanOrEqual(5);
    }
    expect(new Set(nodes.map((n) => n.snapshotId)).size).toBe(1);
    // The CSV carries the same rows, under the same pin.
    const csv = await fetch(`${server.url}/api/exports/tags.csv`, { headers: { authorization: `Bearer ${server.apiKey}`, 'accept-encoding': 'gzip' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-encoding')).toBe('gzip');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(customers + 1);
    const header = lines[0].split(',');
    const first = lines[1].split(',');
    expect(first[header.indexOf('customer_id')]).toBe(nodes[0].externalId);
    expect(first[header.indexOf('internal_id')]).toBe(nodes[0].id);
    expect(first[header.indexOf('run_id')]).toBe(runId);
  });

  it('looks customers up by external id, one at a time and in a batch, and classifies and scores by it', async () => {
    const [{ id, external_id: externalId }] = await server.app.dataSource.query('SELECT id, external_id FROM customers ORDER BY id DESC LIMIT 1');
    const found = await client.request<{ customer: { id: string; externalId: string; segment: { id: string } | null } | null; missing: null }>(
      gql`query($e: String!) { customer(externalId: $e) { id externalId segment { id } } missing: customer(externalId: "no-such-customer") { id } }`, { e: externalId });
    expect(found.customer).toMatchObject({ id: String(id), externalId });
    expect(found.customer!.segment).not.toBeNull();
    expect(found.missing).toBeNull();
    const batch = await client.request<{ customersByExternalIds: ({ id: string; externalId: string } | null)[] }>(
      gql`query($e: [String!]!) { customersByExternalIds(externalIds: $e) { id externalId } }`, { e: [externalId, 'no-such-customer', externalId] });
    expect(batch.customersByExternalIds).toEqual([{ id: String(id), externalId }, null, { id: String(id), externalId }]);
    const byBoth = await client.request<{ a: { segment: { id: string } }; b: { segment: { id: string } }; fit: { runId: string } }>(
      gql`query($e: String!, $id: ID!) { a: classifyCustomer(externalId: $e) { segment { id } } b: classifyCustomer(id: $id) { segment { id } } fit: segmentFit(externalId: $e) { runId } }`,
      { e: externalId, id: String(id) });
    expect(byBoth.a.segment.id).toBe(byBoth.b.segment.id);
    expect(byBoth.a.segment.id).toBe(found.customer!.segment!.id);
    // Naming a customer twice over is refused, not guessed at.
    await expect(client.request(gql`query($e: String!) { classifyCustomer(externalId: $e, id: "1") { segment { id } } }`, { e: externalId }))
      .rejects.toSatisfy((e: ClientError) => e.response.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT');
  });

  it('a pull pinned by its cursor reads one run while another run is activated', async () => {
    const firstPage = await client.request<TagPage>(TAGS, { first: 30 });
    const pinned = firstPage.customerTags.runId!;
    const next = await runSegmentation(4, 2);
    const activated = await server.as.analyst.gql(`mutation { activateSegmentation(runId: ${next}) { runId } }`);
    expect(activated.errors).toBeUndefined();
    const rest = await pull(30, firstPage.customerTags.nextCursor);
    expect([...rest.runs]).toEqual([pinned]);
    expect(rest.nodes.every((n) => n.runId === pinned)).toBe(true);
    expect(firstPage.customerTags.nodes.length + rest.nodes.length).toBe(customers);
    // A fresh pull reads the new live run; runId asks for an older one.
    expect([...(await pull(50)).runs]).toEqual([next]);
    const old = await pull(50, null, pinned);
    expect([...old.runs]).toEqual([pinned]);
    expect(old.nodes.map((n) => n.segmentId)).toEqual([...firstPage.customerTags.nodes, ...rest.nodes].map((n) => n.segmentId));
    // A cursor of one run with another runId contradicts itself.
    await expect(client.request(TAGS, { first: 10, after: firstPage.customerTags.nextCursor, runId: next }))
      .rejects.toSatisfy((e: ClientError) => e.response.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT');
  });

  it('answers every authentication failure with 401, a Bearer challenge and one error shape, on GraphQL and CSV alike', async () => {
    const check = async (res: Response, invalidToken: boolean) => {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(invalidToken ? 'Bearer realm="segmenta", error="invalid_token"' : 'Bearer realm="segmenta"');
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(typeof body.errors[0].message).toBe('string');
    };
    await check(await post({}, '{ customerTags(first: 1) { nodes { externalId } } }'), false);
    await check(await fetch(`${server.url}/api/exports/tags.csv`), false);
    await check(await post({ authorization: 'Bearer sgk_not-a-key' }, '{ customerTags(first: 1) { nodes { externalId } } }'), true);
    await check(await fetch(`${server.url}/api/exports/tags.csv`, { headers: { authorization: 'Bearer sgk_not-a-key' } }), true);
    // The scheme is matched case-insensitively.
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      expect((await post({ authorization: `${scheme} ${server.apiKey}` }, '{ customerTags(first: 1) { nodes { externalId } } }')).status).toBe(200);
    }
  });

  it('rotates a key: both keys work during the overlap, the old one stops at its expiry', async () => {
    const first = await createKey(['read:tags']);
    const query = '{ customerTags(first: 1) { nodes { externalId } } }';
    const rotate = async (id: string, overlapHours: number) => {
      const rotated = await server.as.admin.gql('mutation($id: ID!, $h: Int!) { rotateApiKey(id: $id, overlapHours: $h) { secret apiKey { id scopes rotatedFromId } replaced { id expiresAt } } }', { id, h: overlapHours });
      expect(rotated.errors).toBeUndefined();
      return rotated.data!.rotateApiKey;
    };
    const second = await rotate(first.id, 1);
    expect(second.apiKey).toMatchObject({ scopes: ['read:tags'], rotatedFromId: first.id });
    expect(Date.parse(second.replaced.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect((await post({ authorization: `Bearer ${first.secret}` }, query)).status).toBe(200);
    expect((await post({ authorization: `Bearer ${second.secret}` }, query)).status).toBe(200);
    // A rotation with no overlap ends the replaced key at once.
    const third = await rotate(second.apiKey.id, 0);
    expect((await post({ authorization: `Bearer ${second.secret}` }, query)).status).toBe(401);
    expect((await post({ authorization: `Bearer ${third.secret}` }, query)).status).toBe(200);
    expect((await post({ authorization: `Bearer ${first.secret}` }, query)).status).toBe(200);
  });

  it('enforces scopes: a key reads only what its scopes grant, and unknown scopes are refused', async () => {
    const tagsOnly = await createKey(['read:tags']);
    const auth = { authorization: `Bearer ${tagsOnly.secret}` };
    expect((await post(auth, '{ customerTags(first: 1) { nodes { externalId } } }')).status).toBe(200);
    const refused = await post(auth, '{ customer(externalId: "x") { id } }');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="segmenta", error="insufficient_scope", scope="read:customers"');
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await post(auth, '{ allSegmentationRuns(perPage: 1) { id } }')).status).toBe(403);
    // Who am I needs no scope.
    expect(((await (await post(auth, '{ me { kind } }')).json()) as { data: { me: { kind: string } } }).data.me.kind).toBe('apikey');
    expect((await fetch(`${server.url}/api/exports/tags.csv`, { headers: auth })).status).toBe(403);
    const bogus = await server.as.admin.gql('mutation { createApiKey(input: { name: "typo", scopes: ["read:everything"] }) { secret } }');
    expect(bogus.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bogus.errors?.[0]?.message).toContain('read:everything');
  });

  it('limits requests per key with RateLimit headers and Retry-After', async () => {
    const key = await createKey(['read:tags']);
    const auth = { authorization: `Bearer ${key.secret}` };
    const first = await post(auth, '{ customerTags(first: 1) { nodes { externalId } } }');
    expect(first.headers.get('ratelimit-limit')).toBe(String(PER_KEY_LIMIT));
    expect(first.headers.get('ratelimit-policy')).toBe(`${PER_KEY_LIMIT};w=60`);
    expect(Number(first.headers.get('ratelimit-remaining'))).toBeLessThan(PER_KEY_LIMIT);
    // A window may turn over mid-loop: within two windows' worth the limit must bite.
    let refused: Response | null = null;
    for (let i = 0; i < 2 * PER_KEY_LIMIT + 2 && !refused; i++) {
      const res = await post(auth, '{ customerTags(first: 1) { nodes { externalId } } }');
      if (res.status === 429) refused = res;
    }
    expect(refused).not.toBeNull();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused!.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await refused!.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another key is not held back by this one.
    expect((await post({ authorization: `Bearer ${server.apiKey}` }, '{ customerTags(first: 1) { nodes { externalId } } }')).status).toBe(200);
  });

  it('counts a key in the database, so two API processes share one limit', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 10);
    const processA = new KeyRateLimiter(server.app.dataSource, 3);
    const processB = new KeyRateLimiter(server.app.dataSource, 3);
    const states = [await processA.hit('apikey:shared', now), await processB.hit('apikey:shared', now), await processA.hit('apikey:shared', now), await processB.hit('apikey:shared', now)];
    expect(states.map((s) => s.remaining)).toEqual([2, 1, 0, 0]);
    expect(states.map((s) => s.retryAfter)).toEqual([0, 0, 0, 50]);
    // The next window starts afresh.
    expect((await processB.hit('apikey:shared', now + 60_000)).remaining).toBe(2);
  });

  it('exports the feed as a gzipped CSV or NDJSON file in a job, with progress and a link that expires', async () => {
    const started = await client.request<{ startTagsExport: { jobId: string; status: string; runId: string } }>(gql`mutation { startTagsExport(format: CSV) { jobId status runId } }`);
    const ndjson = await client.request<{ startTagsExport: { jobId: string } }>(gql`mutation { startTagsExport(format: NDJSON) { jobId } }`);
    const STATUS = gql`query($id: ID!) { tagsExport(jobId: $id) { status runId rows bytes progressDone progressTotal downloadPath expiresAt } }`;
    type Status = { tagsExport: { status: string; runId: string; rows: number; bytes: number; progressDone: number; progressTotal: number; downloadPath: string; expiresAt: string } };
    const done = async (id: string) => until(async () => {
      const { tagsExport } = await client.request<Status>(STATUS, { id });
      return tagsExport.status === 'succeeded' ? tagsExport : null;
    }, 60_000, 200);
    const csv = await done(started.startTagsExport.jobId);
    expect(csv).toMatchObject({ rows: customers, progressDone: customers, progressTotal: customers, runId: started.startTagsExport.runId });
    expect(Date.parse(csv.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const file = await fetch(`${server.url}${csv.downloadPath}`); // the link needs no credentials
    expect(file.status).toBe(200);
    const body = Buffer.from(await file.arrayBuffer());
    expect(body.length).toBe(csv.bytes);
    const fromJob = gunzipSync(body).toString();
    const fromFeed = await (await fetch(`${server.url}/api/exports/tags.csv?runId=${csv.runId}`, { headers: { authorization: `Bearer ${server.apiKey}` } })).text();
    expect(fromJob).toBe(fromFeed);
    const lines = gunzipSync(Buffer.from(await (await fetch(`${server.url}${(await done(ndjson.startTagsExport.jobId)).downloadPath}`)).arrayBuffer())).toString().trimEnd().split('\n');
    expect(lines).toHaveLength(customers);
    expect(Object.keys(JSON.parse(lines[0]))).toEqual(fromFeed.split('\r\n')[0].split(','));
    // A wrong token is no link; an expired one says so.
    expect((await fetch(`${server.url}${csv.downloadPath}x`)).status).toBe(404);
    const jobs = server.app.dataSource.getRepository('JobEntity');
    const job = await jobs.findOneByOrFail({ id: Number(started.startTagsExport.jobId) });
    await jobs.update({ id: job.id }, { result: { ...job.result, expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect((await fetch(`${server.url}${csv.downloadPath}`)).status).toBe(410);
    // Whoever did not start it does not see it.
    const other = await createKey(['export']);
    expect((await post({ authorization: `Bearer ${other.secret}` }, `{ tagsExport(jobId: ${started.startTagsExport.jobId}) { status } }`)).status).toBe(200);
    const seen = await (await post({ authorization: `Bearer ${other.secret}` }, `{ tagsExport(jobId: ${started.startTagsExport.jobId}) { status } }`)).json() as { errors?: { extensions: { code: string } }[] };
    expect(seen.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('serves the SDL it is built from at /schema.graphql', async () => {
    const res = await fetch(`${server.url}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(fs.readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
  });
});
