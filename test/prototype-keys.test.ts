import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType,
  isInterfaceType, isUnionType, isScalarType, type GraphQLField, type GraphQLInputType, type GraphQLSchema,
} from 'graphql';
import { TEST_DIALECTS } from './helpers/db.js';
import { PASSWORD, startTestServer, type TestServer } from './helpers/server.js';

/**
 * Every name Object.prototype owns, sent through every place a client or a file can put a string:
 * each String/ID argument and input field (nested, in lists) of every query and mutation, each key
 * of a JSON argument, each CSV header and mapping of an import. The positions come from the
 * schema the server publishes, so a new field is covered without editing this file. Afterwards
 * the process must still sign in, take API keys, serve lists and run jobs, and Object.prototype
 * must be exactly what it was.
 */
const POISON = Object.getOwnPropertyNames(Object.prototype);
// Ending our own session or key would turn the rest of the sweep into UNAUTHENTICATED answers.
const EXCLUDED = new Set(['logout', 'revokeApiKey']);
const DIALECTS = (process.env.PROTOTYPE_KEYS_DIALECTS?.split(',') as typeof TEST_DIALECTS | undefined) ?? TEST_DIALECTS;

type Snapshot = Map<string, PropertyDescriptor>;
const prototypeSnapshot = (): Snapshot => new Map(Reflect.ownKeys(Object.prototype).map((key) => [String(key), Object.getOwnPropertyDescriptor(Object.prototype, key)!]));

function prototypeChanges(before: Snapshot): string[] {
  const after = prototypeSnapshot();
  const changes: string[] = [];
  for (const [key, descriptor] of after) {
    const old = before.get(key);
    if (!old) changes.push(`added ${key}`);
    else if (old.value !== descriptor.value || old.get !== descriptor.get || old.set !== descriptor.set || old.writable !== descriptor.writable) changes.push(`changed ${key}`);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`removed ${key}`);
  return changes;
}

/** A valid-looking value of a type: required input fields filled, optional ones left out. */
function filler(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return filler(type.ofType, depth);
  if (isListType(type)) return [filler(type.ofType, depth + 1)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    if (depth < 4) for (const field of Object.values(type.getFields())) if (isNonNullType(field.type)) value[field.name] = filler(field.type, depth + 1);
    return value;
  }
  switch (isScalarType(type) ? type.name : '') {
    case 'Int': case 'Float': return 1;
    case 'Boolean': return false;
    case 'ID': return '1';
    case 'DateTimeISO': return '2024-01-01T00:00:00.000Z';
    case 'JSON': case 'JSONObject': return {};
    default: return 'a';
  }
}

/** Paths to every String/ID position (and JSON object) inside an argument's type. */
function positions(type: GraphQLInputType, path: (string | number)[], depth = 0): { path: (string | number)[]; json: boolean }[] {
  if (isNonNullType(type)) return positions(type.ofType, path, depth);
  if (isListType(type)) return positions(type.ofType, [...path, 0], depth);
  if (isInputObjectType(type)) {
    if (depth > 4) return [];
    return Object.values(type.getFields()).flatMap((field) => positions(field.type, [...path, field.name], depth + 1));
  }
  if (isScalarType(type) && (type.name === 'String' || type.name === 'ID')) return [{ path, json: false }];
  if (isScalarType(type) && (type.name === 'JSON' || type.name === 'JSONObject')) return [{ path, json: true }];
  return [];
}

/** The argument's filler with `value` placed at `path` (creating optional objects and lists on the way). */
function valueAt(type: GraphQLInputType, path: (string | number)[], value: unknown): unknown {
  if (isNonNullType(type)) return valueAt(type.ofType, path, value);
  if (path.length === 0) return value;
  if (isListType(type)) return [valueAt(type.ofType, path.slice(1), value)];
  if (isInputObjectType(type)) {
    const object = filler(type) as Record<string, unknown>;
    const name = String(path[0]);
    object[name] = valueAt(type.getFields()[name].type, path.slice(1), value);
    return object;
  }
  return value;
}

interface Probe { label: string; query: string; variables: Record<string, unknown> }

function probesFor(schema: GraphQLSchema, ids: { user: string }): Probe[] {
  const probes: Probe[] = [];
  for (const [kind, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(root?.getFields() ?? {}) as GraphQLField<unknown, unknown>[]) {
      if (EXCLUDED.has(field.name)) continue;
      const named = getNamedType(field.type);
      const selection = isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? '{ __typename }' : '';
      // Ids point at rows the caller may change; a user id at a throw-away user, so no mutation of
      // the sweep signs out the admin it runs as.
      const base = Object.fromEntries(field.args.filter((a) => isNonNullType(a.type)).map((a) => [a.name, field.name.endsWith('User') && getNamedType(a.type).name === 'ID' ? ids.user : filler(a.type)]));
      for (const arg of field.args) {
        for (const position of positions(arg.type, [])) {
          for (const name of POISON) {
            const poison = position.json ? { [name]: 'x' } : name;
            const variables = { ...base, [arg.name]: valueAt(arg.type, position.path, poison) };
            const used = field.args.filter((a) => a.name in variables);
            const declarations = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
            const call = used.map((a) => `${a.name}: $${a.name}`).join(', ');
            probes.push({
              label: `${field.name}(${[arg.name, ...position.path].join('.')}${position.json ? '{key}' : ''} = ${name})`,
              query: `${kind}${declarations ? `(${declarations})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selection} }`,
              variables,
            });
          }
        }
      }
    }
  }
  return probes;
}

describe.each(DIALECTS)('keys named like Object.prototype properties on %s', (dialect) => {
  let server: TestServer;
  let schema: GraphQLSchema;
  let before: Snapshot;
  let adminCookie: string;
  let throwAwayUserId: string;

  const post = async (path: string, body: string | Buffer, headers: Record<string, string>) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie: adminCookie, ...headers }, body });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const gql = (query: string, variables: Record<string, unknown>) => post('/graphql', JSON.stringify({ query, variables }), { 'content-type': 'application/json' });

  /** Upload a CSV and import it; resolves with the finished import (the in-process worker runs it). */
  const importCsv = async (kind: string, csv: string, mapping?: Record<string, string>) => {
    const upload = await post('/api/uploads', csv, { 'content-type': 'text/csv', 'x-file-name': `${kind}.csv` });
    expect(upload.status).toBe(201);
    const started = await gql('mutation($input: StartImportInput!) { startImport(input: $input) { id } }', { input: { uploadId: upload.json.uploadId, kind, mapping } });
    if (started.json.errors) return { started, run: null };
    const id = started.json.data.startImport.id;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const res = await gql('query($id: ID!) { Import(id: $id) { status error report } }', { id });
      const run = res.json.data?.Import;
      if (run && ['succeeded', 'failed', 'cancelled'].includes(run.status)) return { started, run };
    }
    throw new Error(`import ${id} did not finish in 30 s`);
  };

  /** The core paths still work, and nothing was added to or changed on Object.prototype. */
  const expectProcessServes = async () => {
    expect(prototypeChanges(before)).toEqual([]);
    const login = await server.login('analyst@test.local', PASSWORD);
    expect(login.response.errors).toBeUndefined();
    expect(login.response.data?.login.role).toBe('analyst');
    const session = await login.caller.gql('{ me { role } }');
    expect(session.data?.me.role).toBe('analyst');
    const key = await server.as.integration.gql('{ me { kind } allCustomers(perPage: 5, sortField: "id") { id } }');
    expect(key.errors).toBeUndefined();
    expect(key.data?.me.kind).toBe('apikey');
    const job = await importCsv('customers', 'external_id,email\nhealth-1,health@example.com\n');
    expect(job.run?.status).toBe('succeeded');
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  };

  beforeAll(async () => {
    // Unsealed: this test is about the own-property lookups, not the seal behind them.
    server = await startTestServer(dialect, { RATE_LIMIT_PER_MINUTE: '1000000', SEAL_OBJECT_PROTOTYPE: 'false' }, { withWorker: true });
    adminCookie = (await server.login('admin@test.local', PASSWORD)).cookie!;
    const created = await server.as.admin.gql('mutation { createUser(input: { email: "throwaway@test.local", name: "Throw away", role: "analyst", password: "a much longer pass phrase 42" }) { id } }');
    throwAwayUserId = created.data!.createUser.id;
    schema = buildClientSchema((await server.as.admin.gql(getIntrospectionQuery())).data as never);
    before = prototypeSnapshot();
  });
  afterAll(async () => { await server?.stop(); });

  it('answers every String/ID argument, input field and JSON key set to each name without a 5xx, and keeps serving', async () => {
    const probes = probesFor(schema, { user: throwAwayUserId });
    expect(probes.length).toBeGreaterThan(POISON.length * 50);
    const problems: string[] = [];
    for (const probe of probes) {
      const { status, json } = await gql(probe.query, probe.variables);
      const codes = (json.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);
      if (status >= 500 || codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('UNAUTHENTICATED')) problems.push(`${probe.label} → ${status} ${codes.join(',')}`);
      const changed = prototypeChanges(before);
      if (changed.length) throw new Error(`${probe.label} changed Object.prototype: ${changed.join(', ')}`);
    }
    expect(problems).toEqual([]);
    await expectProcessServes();
  }, 600_000);

  it('imports files whose headers and mappings use those names, keeping them as data', async () => {
    const header = ['external_id', ...POISON].join(',');
    const row = ['p-1', ...POISON.map((_, i) => `v${i}`)].join(',');
    const customers = await importCsv('customers', `${header}\n${row}\n`);
    expect(customers.run?.status).toBe('succeeded');
    const stored = await server.as.admin.gql('{ allCustomers(filter: { q: "p-1" }) { externalId attributes } }');
    const attributes = stored.data?.allCustomers.find((c: { externalId: string }) => c.externalId === 'p-1')?.attributes;
    expect(Object.keys(attributes ?? {}).sort()).toEqual([...POISON].sort());

    const orders = (country: string) => `invoice_no,stock_code,description,quantity,ordered_at,unit_price,customer_id,${country}\n536365,85123A,HEART,6,2010-12-01 08:26,2.55,17850,United Kingdom\n`;
    for (const name of POISON) {
      // A mapping naming the field, or the column, after a prototype property: refused or read as data.
      const asField = await importCsv('orders', orders('country'), { [name]: 'invoice_no' });
      expect(asField.started.status, name).toBeLessThan(500);
      expect(asField.run?.status ?? asField.started.json.errors?.[0].extensions.code, name).not.toBe('INTERNAL_SERVER_ERROR');
      const asColumn = await importCsv('orders', orders(name), { country: name });
      expect(asColumn.run?.status, `${name}: ${asColumn.run?.error}`).toBe('succeeded');
      for (const kind of ['orders', 'events']) {
        const header = kind === 'orders' ? `${name},invoice_no,stock_code,quantity,ordered_at,unit_price,customer_id` : `${name},customer_id,type,occurred_at`;
        const line = kind === 'orders' ? 'x,536366,22633,6,2010-12-01 08:28,1.85,17850' : 'x,17850,page_view,2010-12-01 08:28:00';
        const run = await importCsv(kind, `${header}\n${line}\n`);
        expect(run.run?.status, `${kind} with a ${name} column: ${run.run?.error}`).toBe('succeeded');
      }
    }
    await expectProcessServes();
  }, 600_000);
});
