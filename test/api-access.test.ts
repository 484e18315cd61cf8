import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';
import { getSchema } from '../server/src/graphql/schema.js';
import { checkAccess } from '../server/src/graphql/guard.js';
import type { AccessRule } from '../server/src/graphql/access.js';
import { AuditEntryEntity } from '../server/src/modules/audit/index.js';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
import { ROLES } from '../shared/src/index.js';
import { API_KEY_CACHE_MS, principalFromApiKey, createApiKey, revokeApiKey } from '../server/src/modules/auth/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { createTestDatabase, TEST_DIALECTS } from './helpers/db.js';
import { PASSWORD, startTestServer, type TestServer } from './helpers/server.js';

const PERSONAL = ['email', 'name', 'city', 'gender', 'birthDate', 'attributes'];

describe('deny by default', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => { schema = await getSchema(); });

  it('gives every query and mutation an explicit access rule', () => {
    const missing: string[] = [];
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      for (const [name, field] of Object.entries(type?.getFields() ?? {})) if (!field.extensions?.access) missing.push(`${type!.name}.${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('marks every personal field of Customer as personal (hidden from integrations)', () => {
    const customer = schema.getType('Customer');
    if (!isObjectType(customer)) throw new Error('Customer type missing');
    for (const name of PERSONAL) expect(customer.getFields()[name]?.extensions?.personal, name).toBe(true);
  });

  it('refuses a root field without a rule, and unknown roles', () => {
    expect(() => checkAccess(undefined, 'admin', 'x')).toThrow(/no access rule/);
    expect(() => checkAccess(['marketer'] as AccessRule, 'analyst', 'x')).toThrow(/may not/);
    expect(() => checkAccess(['marketer'] as AccessRule, undefined, 'x')).toThrow(/Sign in/);
    expect(() => checkAccess('public', undefined, 'x')).not.toThrow();
    expect(() => checkAccess(['analyst'] as AccessRule, 'admin', 'x')).not.toThrow();
  });

  it('puts the guard in front of every root field, and no middleware around the fields of objects', async () => {
    // Each root field's own resolver, called with no one signed in: refused before it runs, and
    // each mutation audited as refused (a resolver that ran would have answered or failed otherwise).
    const db = await createTestDatabase('sqlite');
    try {
      const unguarded: string[] = [];
      const mutations: string[] = [];
      for (const type of [schema.getQueryType()!, schema.getMutationType()!]) {
        for (const [name, field] of Object.entries(type.getFields())) {
          if (field.extensions?.access === 'public') continue;
          if (type === schema.getMutationType()) mutations.push(name);
          const info = { parentType: type, fieldName: name, schema } as never;
          const context = { principal: null, dataSource: db.dataSource, ip: null, requestId: 'guard-test', logger: { error() {} } };
          const outcome = await Promise.resolve().then(() => field.resolve!(undefined, {}, context, info)).then(() => 'ran', (e) => e.code ?? String(e));
          if (outcome !== 'UNAUTHENTICATED') unguarded.push(`${type.name}.${name}: ${outcome}`);
        }
      }
      expect(unguarded).toEqual([]);
      const audited = await db.dataSource.getRepository(AuditEntryEntity).findBy({ requestId: 'guard-test' });
      expect(audited.map((a) => a.action).sort()).toEqual(mutations.sort());
      expect(new Set(audited.map((a) => a.outcome))).toEqual(new Set(['refused']));
    } finally {
      await db.drop();
    }
    // A plain field of an object type is read as a property, synchronously: no promise per field.
    const customer = schema.getType('Customer');
    if (!isObjectType(customer)) throw new Error('Customer type missing');
    expect(customer.getFields().externalId.resolve!({ externalId: 'C-1' }, {}, {}, {} as never)).toBe('C-1');
  });

  it('lists no role that the guard does not know', () => {
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        const rule = field.extensions?.access as AccessRule;
        // A rule is 'public', 'authenticated' or a non-empty list of known roles; nothing else passes.
        const roles = Array.isArray(rule) ? rule : [];
        expect(Array.isArray(rule) ? roles.length > 0 : ['public', 'authenticated'].includes(rule), `${field.name}: ${JSON.stringify(rule)}`).toBe(true);
        for (const role of roles) expect(ROLES).toContain(role);
        expect(getNamedType(field.type)).toBeTruthy();
      }
    }
  });
});

describe.each(TEST_DIALECTS)('access over HTTP on %s', (dialect) => {
  let server: TestServer;
  let customerId: number;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const repo = server.app.dataSource.getRepository(CustomerEntity);
    const now = new Date();
    const saved = await repo.save(repo.create({ externalId: '12346', email: 'ann@example.com', name: 'Ann Example', country: 'France', birthDate: '1980-02-03', createdAt: now, updatedAt: now }));
    customerId = saved.id;
  });
  afterAll(async () => { await server?.stop(); });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const res = await server.anonymous.gql('{ allCustomers { id } }');
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets staff read personal fields and hides them from integration keys', async () => {
    const query = `query($id: ID!) { Customer(id: $id) { externalId email name birthDate country } }`;
    const staff = await server.as.analyst.gql(query, { id: customerId });
    expect(staff.data?.Customer).toMatchObject({ externalId: '12346', email: 'ann@example.com', name: 'Ann Example', birthDate: '1980-02-03' });
    const integration = await server.as.integration.gql(query, { id: customerId });
    expect(integration.errors).toBeUndefined();
    expect(integration.data?.Customer).toEqual({ externalId: '12346', email: null, name: null, birthDate: null, country: 'France' });
  });

  it('does not let an integration key find customers by e-mail', async () => {
    const res = await server.as.integration.gql('{ _allCustomersMeta(filter: { q: "ann@" }) { count } }');
    expect(res.data?._allCustomersMeta.count).toBe(0);
    const staff = await server.as.marketer.gql('{ _allCustomersMeta(filter: { q: "ann@" }) { count } }');
    expect(staff.data?._allCustomersMeta.count).toBe(1);
  });

  it('allows and refuses each role per operation', async () => {
    const matrix: [string, keyof TestServer['as'], boolean][] = [
      ['{ allUsers { id } }', 'admin', true], ['{ allUsers { id } }', 'marketer', false], ['{ allUsers { id } }', 'analyst', false], ['{ allUsers { id } }', 'integration', false],
      ['{ allJobs { id } }', 'integration', true], ['{ allOrders { id } }', 'analyst', true],
      ['mutation { createApiKey(input: { name: "k" }) { secret } }', 'marketer', false],
      ['mutation { createApiKey(input: { name: "k" }) { secret } }', 'admin', true],
      ['mutation { cancelJob(id: 999) { id } }', 'integration', false],
    ];
    for (const [query, role, allowed] of matrix) {
      const res = await server.as[role].gql(query);
      const code = res.errors?.[0]?.extensions?.code;
      if (allowed) expect(code, `${role}: ${query}`).toBeUndefined();
      else expect(code, `${role}: ${query}`).toBe('FORBIDDEN');
    }
  });

  it('writes an audit row for allowed and refused mutations', async () => {
    await server.as.marketer.gql('mutation { createApiKey(input: { name: "nope" }) { secret } }');
    const rows = await server.app.dataSource.getRepository(AuditEntryEntity).find({ where: { action: 'createApiKey' }, order: { id: 'ASC' } });
    expect(rows.map((r) => r.outcome)).toContain('refused');
    const refused = rows.find((r) => r.outcome === 'refused')!;
    expect(refused.actor).toMatch(/^user:\d+$/);
    expect(refused.requestId).toBeTruthy();
  });

  it('rejects a wrong password and a revoked API key', async () => {
    const wrong = await server.login('admin@test.local', 'not the password');
    expect(wrong.cookie).toBeNull();
    expect(wrong.response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const created = await server.as.admin.gql('mutation { createApiKey(input: { name: "temp" }) { apiKey { id } secret } }');
    const { apiKey, secret } = created.data!.createApiKey;
    const res1 = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify({ query: '{ me { kind role } }' }) });
    expect(((await res1.json()) as { data: { me: unknown } }).data.me).toEqual({ kind: 'apikey', role: 'integration' });
    await server.as.admin.gql(`mutation { revokeApiKey(id: ${apiKey.id}) { revokedAt } }`);
    const res2 = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify({ query: '{ me { kind } }' }) });
    expect(res2.status).toBe(401);
  });

  it('caches an API key for a few seconds: a revocation by another process takes effect within that time', async () => {
    const { key: apiKey, plain } = await createApiKey(server.app.dataSource, { name: 'cached' });
    const other = await openDatabase(server.config, { migrate: false }); // as another API process or the CLI would
    try {
      const now = Date.now();
      expect((await principalFromApiKey(server.app.dataSource, plain, new Date(now)))?.id).toBe(apiKey.id);
      await revokeApiKey(other, apiKey.id);
      expect((await principalFromApiKey(server.app.dataSource, plain, new Date(now + 1_000)))?.id).toBe(apiKey.id);
      expect(await principalFromApiKey(server.app.dataSource, plain, new Date(now + API_KEY_CACHE_MS + 1))).toBeNull();
      expect(await principalFromApiKey(other, plain, new Date(now))).toBeNull();
    } finally {
      await other.destroy();
    }
  });

  it('sets an httpOnly session cookie and ends the session on logout', async () => {
    const { cookie, caller } = await server.login('analyst@test.local', PASSWORD);
    expect(cookie).toMatch(/^segmenta_session=/);
    const raw = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `mutation { login(email: "analyst@test.local", password: "${PASSWORD}") { id } }` }) });
    expect(raw.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await caller.gql('{ me { role } }')).data?.me).toEqual({ role: 'analyst' });
    await caller.gql('mutation { logout }');
    expect((await caller.gql('{ me { role } }')).data?.me).toBeNull();
  });

  it('lets an admin change roles and disable users, ending their sessions', async () => {
    await server.as.admin.gql('mutation { createUser(input: { email: "temp@test.local", name: "Temp", role: "analyst", password: "long enough pw" }) { id } }');
    const { caller } = await server.login('temp@test.local', 'long enough pw');
    const list = await server.as.admin.gql('{ allUsers(filter: { q: "temp@" }) { id role } _allUsersMeta(filter: { role: "analyst" }) { count } }');
    const temp = list.data!.allUsers[0];
    expect(list.data!._allUsersMeta.count).toBeGreaterThanOrEqual(2);
    const promoted = await server.as.admin.gql(`mutation { updateUser(id: ${temp.id}, input: { role: "marketer" }) { role } }`);
    expect(promoted.data?.updateUser.role).toBe('marketer');
    expect((await caller.gql('{ me { role } }')).data?.me).toEqual({ role: 'marketer' });
    await server.as.admin.gql(`mutation { updateUser(id: ${temp.id}, input: { disabled: true }) { disabled } }`);
    expect((await caller.gql('{ me { role } }')).data?.me).toBeNull();
    expect((await server.login('temp@test.local', 'long enough pw')).cookie).toBeNull();
    const audit = await server.as.admin.gql('{ allAuditEntries(filter: { action: "updateUser", outcome: "ok" }) { action details } }');
    expect(audit.data!.allAuditEntries.length).toBe(2);
    expect(JSON.stringify(audit.data!.allAuditEntries)).not.toContain('long enough pw');
  });

  it('blocks CSRF-able requests (Apollo CSRF prevention)', async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { method: 'GET' });
    expect(res.status).toBe(400);
  });
});
