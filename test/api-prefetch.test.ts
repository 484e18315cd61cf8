import { parse, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode, Kind } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedFields } from '../server/src/graphql/selection.js';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
import { CustomerScoreEntity } from '../server/src/modules/models/index.js';
import { mariadbObserver } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const QUERY = 'query($id: ID!) { Customer(id: $id) { id externalId segment { id } scores { responseProbability modelVersions } } }';

describe('selectedFields', () => {
  const fieldsOf = (source: string) => {
    const document = parse(source);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    return [...selectedFields({ fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments })].sort();
  };

  it('reads direct fields, inline fragments and named fragments, one level deep', () => {
    expect(fieldsOf('{ Customer(id: 1) { id segment { label persona { name } } } }')).toEqual(['id', 'segment']);
    expect(fieldsOf('{ Customer(id: 1) { ... on Customer { scores { scoredAt } } ...Card } } fragment Card on Customer { externalId ...More } fragment More on Customer { features { recency } ...Card }'))
      .toEqual(['externalId', 'features', 'scores']);
    expect(fieldsOf('{ Customer(id: 1) { id ...Missing } }')).toEqual(['id']);
  });
});

describe('Customer(id) on MariaDB', () => {
  let server: TestServer;
  let customerId: number;
  let observer: Awaited<ReturnType<typeof mariadbObserver>>;
  beforeAll(async () => {
    server = await startTestServer('mariadb');
    const now = new Date('2024-05-01T00:00:00.000Z');
    const customers = server.app.dataSource.getRepository(CustomerEntity);
    customerId = (await customers.save(customers.create({
      externalId: 'P-1', email: 'p@example.com', name: 'P', consentEmail: true, consentSms: false, consentPush: false,
      optedOutEmail: false, optedOutSms: false, optedOutPush: false, createdAt: now, updatedAt: now,
    }))).id;
    await server.app.dataSource.getRepository(CustomerScoreEntity).insert({ customerId, responseProbability: 0.25, modelVersions: 'response:v1', scoredAt: now });
    observer = await mariadbObserver(server.config);
  });
  afterAll(async () => { await observer?.end(); await server?.stop(); });

  /** The API's statements of this database that are waiting for a table lock. */
  const waiting = () => observer.waiting();

  it('reads the customer, its segment and its scores in one statement', async () => {
    // The tables locked: the API's statements wait, and the process list shows every one of them.
    // The relations ride in the customer's own statement; one of their own would be a second entry.
    await observer.conn.query('LOCK TABLES customers WRITE, customer_scores WRITE');
    let response: ReturnType<typeof server.as.integration.gql> | null = null;
    let seen: string[] = [];
    try {
      response = server.as.integration.gql(QUERY, { id: String(customerId) });
      for (let i = 0; i < 100 && !seen.length; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = await waiting();
      }
      await new Promise((r) => setTimeout(r, 300)); // time for a second statement, were there one
      seen = await waiting();
    } finally {
      await observer.conn.query('UNLOCK TABLES');
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/FROM\s+`?customers`?/i);
    expect(seen[0]).toMatch(/segment_memberships/);
    expect(seen[0]).toMatch(/customer_scores/);
    const { data, errors } = await response!;
    expect(errors).toBeUndefined();
    expect((data as { Customer: unknown }).Customer).toEqual({ id: String(customerId), externalId: 'P-1', segment: null, scores: { responseProbability: 0.25, modelVersions: 'response:v1' } });
  });

  it('starts the features beside the customer, not after it', async () => {
    await observer.conn.query('LOCK TABLES customers WRITE, feature_snapshots WRITE');
    let response: ReturnType<typeof server.as.integration.gql> | null = null;
    let seen: string[] = [];
    try {
      response = server.as.integration.gql('query($id: ID!) { Customer(id: $id) { id features { frequency } } }', { id: String(customerId) });
      for (let i = 0; i < 100 && !(seen.some((sql) => /FROM\s+`?customers`?/i.test(sql)) && seen.some((sql) => /feature_snapshots/.test(sql))); i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = await waiting();
      }
    } finally {
      await observer.conn.query('UNLOCK TABLES');
    }
    expect(seen.some((sql) => /FROM\s+`?customers`?/i.test(sql)), seen.join('\n')).toBe(true);
    expect(seen.some((sql) => /feature_snapshots/.test(sql)), seen.join('\n')).toBe(true);
    const { data, errors } = await response!;
    expect(errors).toBeUndefined();
    expect((data as { Customer: unknown }).Customer).toEqual({ id: String(customerId), features: null });
  });

  it('answers NOT_FOUND for an unknown id, whatever was fetched beside it', async () => {
    const { data, errors } = await server.as.integration.gql(QUERY, { id: '987654' });
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
