import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { csvCell } from '../server/src/http/csv-cell.js';
import { createImportRun, executeImport } from '../server/src/modules/imports/index.js';
import { createFeatureSnapshot } from '../server/src/modules/features/index.js';
import { sqlDate } from '../server/src/db/sql.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';

describe('csvCell', () => {
  it('neutralises formulas and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-2.5)).toBe('-2.5');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
  });
});

describe.each(TEST_DIALECTS)('tags export and erasure on %s', (dialect) => {
  let server: TestServer;
  let groupOf: Map<number, string>;
  const csv = async (role: 'admin' | 'integration' | 'analyst') => {
    const headers: Record<string, string> = role === 'integration' ? { authorization: `Bearer ${server.apiKey}` } : { cookie: (await server.login(`${role}@test.local`, 'correct horse battery')).cookie! };
    const res = await fetch(`${server.url}/api/exports/tags.csv`, { headers });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    groupOf = await seedBehaviourGroups(server.app.dataSource);
    const started = await server.as.analyst.gql('mutation { startSegmentation(input: { k: 3, seed: 1 }) { run { id } } }');
    const id = started.data!.startSegmentation.run.id;
    await until(async () => (await server.as.analyst.gql(`{ SegmentationRun(id: ${id}) { status } }`)).data?.SegmentationRun.status === 'succeeded', 60_000, 200);
  });
  afterAll(async () => { await server?.stop(); });

  it('exports every customer with segment, persona, RFM group and model version, and neutralises formulas', async () => {
    const persona = (await server.as.analyst.gql('{ allPersonas(perPage: 1) { id } }')).data!.allPersonas[0];
    await server.as.analyst.gql(`mutation($id: ID!) { updatePersona(id: $id, input: { name: "=cmd|' /C calc'!A0" }) { version } }`, { id: persona.id });
    const { status, text } = await csv('integration');
    expect(status).toBe(200);
    const lines = text.trimEnd().split('\r\n');
    // The first layout's seven columns stay first; new columns are only appended.
    expect(lines[0]).toBe('customer_id,action,segment,persona,rfm_group,response_probability,model_version,internal_id,run_id,segment_id,segment_key,'
      + 'persona_id,snapshot_id,recency_score,frequency_score,monetary_score,response_model_version,predicted_segment_id,segment_model_version,scored_at,'
      + 'predicted_clv,clv_percentile,churn_risk,p_alive,expected_next_order_at,value_model_version,uplift,uplift_model_version');
    expect(lines).toHaveLength(91);
    const row = lines.find((l) => l.startsWith('loyal-0,'))!.split(',');
    expect(row[1]).toBe('upsert');
    expect(row[2]).toMatch(/^[0-2]$/);
    expect(row[6]).toMatch(/^seg-\d+-[0-9a-f]{10}$/);
    expect(text).toContain(`'=cmd|' /C calc'!A0`);
    expect(text).not.toMatch(/(^|,)=cmd/m);
    const page = await server.as.integration.gql('{ customerTags(first: 50) { nodes { customerId action persona } nextCursor } }');
    expect(page.data!.customerTags.nodes).toHaveLength(50);
    const rest = await server.as.integration.gql(`{ customerTags(first: 50, after: "${page.data!.customerTags.nextCursor}") { nodes { customerId } nextCursor } }`);
    expect(rest.data!.customerTags.nodes).toHaveLength(40);
    expect(rest.data!.customerTags.nextCursor).toBeNull();
  });

  it('erases a customer: personal fields and derived data go, the tombstone is marked for removal, the audit log keeps it', async () => {
    // The last loyal customer: the export test reads the first one (loyal-0) as a live customer.
    const customerId = [...groupOf].filter(([, g]) => g === 'loyal').at(-1)![0];
    const ds = server.app.dataSource;
    // A second snapshot of the same date: erasure must find the customer's rows in each one.
    const [{ asOf }] = await ds.query('SELECT as_of AS asOf FROM feature_snapshots ORDER BY id DESC LIMIT 1');
    await createFeatureSnapshot(ds, sqlDate(asOf)!);
    const [{ n: snapshotsWithCustomer }] = await ds.query('SELECT COUNT(*) AS n FROM customer_features WHERE customer_id = ?', [customerId]);
    expect(Number(snapshotsWithCustomer)).toBe(2);
    // And a membership of a run whose header is gone (memberships, like features, have no index by customer).
    await ds.query('INSERT INTO segment_memberships (run_id, customer_id, segment_id, distance) SELECT run_id + 1000, customer_id, segment_id, distance FROM segment_memberships WHERE customer_id = ?', [customerId]);
    await ds.query(`UPDATE customers SET email = 'x@example.com', name = 'X Person', birth_date = '1970-01-01' WHERE id = ?`, [customerId]);
    const refused = await server.as.marketer.gql(`mutation { eraseCustomer(id: ${customerId}) { id } }`);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const erased = await server.as.admin.gql(`mutation { eraseCustomer(id: ${customerId}) { externalId email name birthDate erasedAt consentEmail optedOutEmail segment { id } features { frequency } } }`);
    expect(erased.errors).toBeUndefined();
    expect(erased.data!.eraseCustomer).toMatchObject({ email: null, name: null, birthDate: null, consentEmail: false, optedOutEmail: true, segment: null, features: null });
    expect(erased.data!.eraseCustomer.erasedAt).toBeTruthy();
    for (const table of ['customer_features', 'segment_memberships', 'customer_scores', 'events', 'orders']) {
      const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE customer_id = ?`, [customerId]);
      expect(Number(n), table).toBe(0);
    }
    const { text } = await csv('admin');
    const externalId = erased.data!.eraseCustomer.externalId;
    const [header, ...rows] = text.split('\r\n');
    const removed = Object.fromEntries(header.split(',').map((name, i) => [name, rows.find((l) => l.startsWith(`${externalId},`))!.split(',')[i]]));
    // Only the keys and the pull's versions remain: no segment, persona, RFM or score.
    expect(Object.entries(removed).filter(([, value]) => value !== '').map(([name]) => name)).toEqual(['customer_id', 'action', 'internal_id', 'run_id', 'snapshot_id']);
    expect(removed.action).toBe('remove');
    const audit = await server.as.admin.gql('{ allAuditEntries(filter: { action: "eraseCustomer", outcome: "ok" }) { actor details } }');
    expect(audit.data!.allAuditEntries).toHaveLength(1);
    const classify = await server.as.analyst.gql(`{ classifyCustomer(customerId: ${customerId}) { segment { id } } }`);
    expect(classify.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Importing an order of the erased customer again keeps it anonymous: no trace is recreated.
    const file = path.join(server.config.dataDir, 'again.csv');
    fs.writeFileSync(file, `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n999001,MUG,MUG,2,2011-12-01 10:00:00,3.5,${externalId},France\n`);
    const run = await createImportRun(ds, { kind: 'orders', filePath: file }, server.config);
    const report = await executeImport(ds, run.id, { config: server.config });
    expect(report.rowsImported).toBe(1);
    const [order] = await ds.query(`SELECT customer_id FROM orders WHERE invoice_no = '999001'`);
    expect(order.customer_id).toBeNull();
    const [person] = await ds.query('SELECT email, country FROM customers WHERE id = ?', [customerId]);
    expect(person).toMatchObject({ email: null, country: null });
  });
});
