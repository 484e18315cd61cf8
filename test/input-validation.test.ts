import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** Bad values in requests are refused as BAD_USER_INPUT naming the field, and never reach SQL as NaN, NUL or a wildcard. */
describe.each(TEST_DIALECTS)('input validation on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const repo = server.app.dataSource.getRepository(CustomerEntity);
    const now = new Date();
    await repo.insert(['a_b', 'axb', 'a%b', 'plain'].map((externalId) => repo.create({ externalId, createdAt: now, updatedAt: now })));
  });
  afterAll(async () => { await server?.stop(); });

  const countWith = (definition: unknown) => server.as.marketer.gql('query($d: AudienceDefinitionInput) { audienceCount(definition: $d) { size } }', { d: definition });

  it('refuses non-numeric ids in audience definitions, naming the entry', async () => {
    for (const [definition, field] of [
      [{ channel: 'email', include: { segmentIds: ['1', 'abc'] } }, 'include.segmentIds[1]'],
      [{ channel: 'email', include: { personaIds: ['-3'] } }, 'include.personaIds[0]'],
      [{ channel: 'email', exclude: { audienceIds: ['1e3'] } }, 'exclude.audienceIds[0]'],
      [{ channel: 'email', filters: { predictedSegmentIds: ['NaN'] } }, 'filters.predictedSegmentIds[0]'],
    ] as const) {
      const res = await countWith(definition);
      expect(res.errors?.[0]?.extensions?.code, field).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain(`${field} must be a positive integer id`);
    }
    const saved = await server.as.marketer.gql('mutation($i: SaveAudienceInput!) { createAudience(input: $i) { id } }', {
      i: { name: 'bad ids', definition: { channel: 'sms', exclude: { segmentIds: ['x'] } } },
    });
    expect(saved.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await server.as.marketer.gql('{ allAudiences { id } }')).data?.allAudiences).toEqual([]);
  });

  it('refuses a NUL character in search text instead of matching everyone', async () => {
    for (const query of ['{ allCustomers(filter: { q: "\\u0000" }) { id } }', '{ _allCustomersMeta(filter: { q: "a\\u0000" }) { count } }', '{ allProducts(filter: { q: "\\u0000" }) { id } }', '{ allUsers(filter: { q: "\\u0000" }) { id } }']) {
      const res = await server.as.admin.gql(query);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toBe('filter.q must not contain a NUL character');
    }
  });

  it('searches for wildcards literally', async () => {
    const ids = async (q: string) => ((await server.as.admin.gql('query($q: String) { allCustomers(filter: { q: $q }, sortField: "externalId") { externalId } }', { q })).data?.allCustomers as { externalId: string }[]).map((c) => c.externalId);
    expect(await ids('a_b')).toEqual(['a_b']);
    expect(await ids('a%b')).toEqual(['a%b']);
    expect(await ids('!')).toEqual([]);
    expect((await ids('a')).sort()).toEqual(['a%b', 'a_b', 'axb', 'plain']);
  });

  it('names the nested field and the reason of a validation error', async () => {
    const res = await server.as.marketer.gql('mutation($i: SaveAudienceInput!) { createAudience(input: $i) { id } }', {
      i: { name: 'capped', definition: { channel: 'email', cap: { by: 'responseProbability', size: 0 }, filters: { recencyDaysMin: -1 } } },
    });
    const error = res.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toBe('Invalid input: definition.filters.recencyDaysMin (recencyDaysMin must not be less than 0), definition.cap.size (size must not be less than 1)');
    expect(error?.extensions?.fields).toEqual([
      { field: 'definition.filters.recencyDaysMin', problems: ['recencyDaysMin must not be less than 0'] },
      { field: 'definition.cap.size', problems: ['size must not be less than 1'] },
    ]);
  });
});

describe('request ids and security headers (SQLite)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite'); });
  afterAll(async () => { await server?.stop(); });

  const post = (headers: Record<string, string>) => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ me { id } }' }) });
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it('takes a caller\'s x-request-id only in a safe form, else makes its own', async () => {
    expect((await post({ 'x-request-id': 'trace-1.2_A' })).headers.get('x-request-id')).toBe('trace-1.2_A');
    for (const unsafe of ['a'.repeat(65), 'two words', '<script>', 'x;y', '"quoted"', '${jndi:x}']) {
      const res = await post({ 'x-request-id': unsafe });
      expect(res.headers.get('x-request-id'), unsafe).toMatch(UUID);
    }
    expect((await post({})).headers.get('x-request-id')).toMatch(UUID);
  });

  it('sends nosniff, frame denial and a content security policy on every answer', async () => {
    const notFound = await fetch(`${server.url}/api/nothing-here`);
    expect(notFound.status).toBe(404);
    // Express's own 404 page narrows the policy to default-src 'none'; the other headers are ours.
    expect(notFound.headers.get('content-security-policy')).toMatch(/default-src '(none|self)'/);
    for (const res of [notFound, await post({}), await fetch(`${server.url}/health`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      if (res === notFound) continue;
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });
});
