import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';

/** Limits that protect the API from expensive or abusive requests (defaults from config). */
const MAX_DEPTH = 8;
const MAX_ALIASES = 15;
const RATE_LIMIT = Number(process.env.RATE_LIMIT_PER_MINUTE ?? 20);

interface Raw { status: number; headers: Headers; text: string; json: any }

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Raw> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* not JSON: the assertions say so */ }
  return { status: res.status, headers: res.headers, text, json };
}

/** `{ Customer(id: 1) { orders { customer { orders { ... { id } } } } } }`, `levels` selection sets deep. */
function nestedQuery(levels: number): string {
  let inner = 'id';
  for (let level = levels; level > 2; level--) inner = `${level % 2 === 1 ? 'orders' : 'customer'} { ${inner} }`;
  return `{ Customer(id: 1) { ${inner} } }`;
}

const STACK = /\bat [\w.<>]+ \(|\.(ts|js):\d+:\d+|node_modules/;

describe('API limits (MariaDB)', () => {
  let server: TestServer;
  let adminCookie: string;

  beforeAll(async () => {
    server = await startTestServer('mariadb');
    adminCookie = (await server.login('admin@test.local', 'correct horse battery')).cookie!;
  });
  afterAll(async () => { await server?.stop(); });

  const admin = (body: unknown) => post(server.url, JSON.stringify(body), { cookie: adminCookie });

  it(`refuses queries nested deeper than ${MAX_DEPTH} levels`, async () => {
    // At the depth limit the query passes the depth rule (three nested lists of 50 orders are
    // still refused by the cost estimate, which is another rule).
    const ok = await admin({ query: nestedQuery(MAX_DEPTH) });
    expect(ok.json.errors?.[0]?.message ?? '').not.toMatch(/nested/);
    const deep = await admin({ query: nestedQuery(MAX_DEPTH + 1) });
    expect(deep.status).toBe(400);
    expect(code(deep)).toBe('QUERY_TOO_COMPLEX');
    expect(deep.json.errors[0].message).toMatch(/nested more than 8/);
  });

  it(`refuses more than ${MAX_ALIASES} aliases`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect((await admin({ query: aliases(MAX_ALIASES) })).json.errors).toBeUndefined();
    const many = await admin({ query: aliases(MAX_ALIASES + 1) });
    expect(many.status).toBe(400);
    expect(code(many)).toBe('QUERY_TOO_COMPLEX');
  });

  it('marks every GraphQL answer no-store (they hold personal data)', async () => {
    const ok = await admin({ query: '{ allCustomers(perPage: 1) { id } }' });
    expect(ok.json.errors).toBeUndefined();
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect((await admin({ query: '{ allCustomers(perPage: 101) { id } }' })).headers.get('cache-control')).toBe('no-store');
  });

  it('caps page sizes at 100', async () => {
    expect((await admin({ query: '{ allCustomers(perPage: 100) { id } }' })).json.errors).toBeUndefined();
    for (const query of ['{ allCustomers(perPage: 101) { id } }', '{ customersAfter(first: 1000) { nextCursor } }', '{ allOrders(perPage: 0) { id } }']) {
      const res = await admin({ query });
      expect(code(res), query).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses an operation whose estimated cost is over the limit, page sizes from variables included', async () => {
    const fields = 'id externalId email name country city gender birthDate signupAt consentEmail consentSms consentPush optedOutEmail optedOutSms optedOutPush erasedAt createdAt';
    const query = `query($n: Int) { a: allCustomers(perPage: $n) { ${fields} } b: allCustomers(perPage: $n) { ${fields} } c: allCustomers(perPage: $n) { ${fields} } }`;
    expect((await admin({ query, variables: { n: 50 } })).json.errors).toBeUndefined();
    const costly = await admin({ query, variables: { n: 100 } });
    expect(code(costly)).toBe('QUERY_TOO_COMPLEX');
    expect(costly.json.errors[0].message).toMatch(/cost \d+ exceeds the limit of 5000/);
  });

  it('refuses documents with too many tokens before parsing them all', async () => {
    const query = `{ ${Array.from({ length: 2100 }, () => '__typename').join(' ')} }`;
    const res = await admin({ query });
    expect(res.status).toBe(400);
    expect(code(res)).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.json.errors[0].message).toMatch(/2000 tokens/);
  });

  it('answers an oversize body with 413 and a code', async () => {
    const res = await admin({ query: '{ me { id } }', variables: { pad: 'x'.repeat(1024 * 1024 + 10) } });
    expect(res.status).toBe(413);
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.text).not.toMatch(STACK);
  });

  it('turns introspection on outside production', async () => {
    const res = await admin({ query: '{ __schema { queryType { name } } }' });
    expect(res.json.data.__schema.queryType.name).toBe('Query');
  });

  it('masks internal errors with a request id and no stack trace', async () => {
    await server.app.dataSource.query('DROP TABLE events');
    const res = await post(server.url, JSON.stringify({ query: '{ allEvents { id } }' }), { cookie: adminCookie, 'x-request-id': 'trace-me-123' });
    expect(res.status).toBe(200);
    const [error] = res.json.errors;
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'trace-me-123' });
    expect(error.message).toBe('Internal error (request trace-me-123)');
    expect(res.text).not.toMatch(STACK);
    expect(res.text).not.toMatch(/ER_NO_SUCH_TABLE|SELECT|segmenta_test|doesn't exist/i);
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
    // Without a request id from the caller, the server makes one and returns it in the header too.
    const generated = await admin({ query: '{ allEvents { id } }' });
    expect(generated.json.errors[0].extensions.requestId).toBe(generated.headers.get('x-request-id'));
  });

  it('masks an internal error raised before GraphQL (principal lookup) the same way', async () => {
    await server.app.dataSource.query('DROP TABLE api_keys');
    const res = await post(server.url, JSON.stringify({ query: '{ me { id } }' }), { authorization: `Bearer ${server.apiKey}` });
    expect(res.status).toBe(500);
    expect(code(res)).toBe('INTERNAL_SERVER_ERROR');
    expect(res.json.errors[0].message).toMatch(/^Internal error \(request [\w-]+\)$/);
    expect(res.text).not.toMatch(STACK);
    expect(res.text).not.toMatch(/api_keys|ER_NO_SUCH_TABLE/i);
  });
});

describe('introspection in production', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite', { NODE_ENV: 'production', LOG_LEVEL: 'silent' }); });
  afterAll(async () => { await server?.stop(); });

  it('is off, and error messages do not suggest field names', async () => {
    const res = await server.as.admin.gql('{ __schema { types { name } } }');
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.data ?? null).toBeNull();
    const typo = await server.as.admin.gql('{ allCustomer { id } }');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
  });
});

describe(`rate limit (${RATE_LIMIT} per minute per caller)`, () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite', { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), API_KEY_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }); });
  afterAll(async () => { await server?.stop(); });

  it('answers 429 RATE_LIMITED with Retry-After, per API key and per user', async () => {
    const hit = () => post(server.url, JSON.stringify({ query: '{ me { kind } }' }), { authorization: `Bearer ${server.apiKey}` });
    for (let i = 0; i < RATE_LIMIT; i++) expect((await hit()).status, `request ${i + 1}`).toBe(200);
    const limited = await hit();
    expect(limited.status).toBe(429);
    expect(code(limited)).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another caller has its own budget.
    const other = await server.as.analyst.gql('{ me { role } }');
    expect(other.status).toBe(200);
    expect(other.data?.me).toEqual({ role: 'analyst' });
  });

  // Anonymous requests, `login` attempts among them, share one budget per IP.
  it('limits anonymous callers per IP', async () => {
    const guess = () => post(server.url, JSON.stringify({ query: '{ me { id } }' }));
    let status = 0;
    for (let i = 0; i <= RATE_LIMIT && status !== 429; i++) status = (await guess()).status;
    expect(status).toBe(429);
  });
});

function code(raw: Raw) { return raw.json?.errors?.[0]?.extensions?.code; }
