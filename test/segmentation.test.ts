import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustedRandScore } from '../server/src/ml/index.js';
import { SegmentMembershipEntity } from '../server/src/modules/segmentation/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';

const START = `mutation($input: StartSegmentationInput!) { startSegmentation(input: $input) { existing run { id status } } }`;
const RUN = `query($id: ID!) { SegmentationRun(id: $id) { id status error k isLive modelVersion customerCount
  kSelection { recommendedK reason candidates { k silhouette daviesBouldin calinskiHarabasz inertia } }
  metrics { silhouette daviesBouldin calinskiHarabasz }
  segments { id label size revenueShare centroid profile persona { id name description plays rfmVocabulary version } } } }`;

describe.each(TEST_DIALECTS)('segmentation over HTTP on %s', (dialect) => {
  let server: TestServer;
  let groupOf: Map<number, string>;
  /** The data set's first run, as it was when it finished: every later test has a live run and personas to read. */
  let firstRun: Awaited<ReturnType<typeof waitForRun>>;

  const waitForRun = (id: string) => until(async () => {
    const res = await server.as.analyst.gql(RUN, { id });
    const run = res.data?.SegmentationRun;
    if (run && ['failed', 'cancelled'].includes(run.status)) throw new Error(`run ${id} ${run.status}: ${run.error}`);
    return run?.status === 'succeeded' ? run : null;
  }, 60_000, 200);

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    groupOf = await seedBehaviourGroups(server.app.dataSource);
    const started = await server.as.analyst.gql(START, { input: { kMin: 2, kMax: 6, seed: 11 } });
    expect(started.errors).toBeUndefined();
    firstRun = await waitForRun(started.data!.startSegmentation.run.id);
  });
  afterAll(async () => { await server?.stop(); });

  it('finds the three behaviour groups, names them and makes the first run live', async () => {
    const run = firstRun;
    expect(run.k).toBe(3);
    expect(run.isLive).toBe(true);
    expect(run.customerCount).toBe(90);
    expect(run.kSelection.candidates.map((c: { k: number }) => c.k)).toEqual([2, 3, 4, 5, 6]);
    expect(run.kSelection.reason).toMatch(/k=3/);
    expect(run.segments.map((s: { size: number }) => s.size).sort()).toEqual([30, 30, 30]);
    const loyal = run.segments.find((s: { centroid: { frequency: number } }) => s.centroid.frequency > 10);
    expect(['Champions', 'Loyal']).toContain(loyal.persona.rfmVocabulary);
    const lapsed = run.segments.find((s: { centroid: { recencyDays: number } }) => s.centroid.recencyDays > 200);
    expect(['Hibernating', 'Lost', 'At Risk']).toContain(lapsed.persona.rfmVocabulary);
    expect(loyal.revenueShare).toBeGreaterThan(0.8);
    expect(loyal.persona.plays.length).toBeGreaterThan(0);
    // Memberships follow the seeded groups exactly (up to label names).
    const members = await server.app.dataSource.getRepository(SegmentMembershipEntity).findBy({ runId: Number(run.id) });
    const truth = members.map((m) => ['loyal', 'lapsed', 'new'].indexOf(groupOf.get(m.customerId)!));
    expect(adjustedRandScore(truth, members.map((m) => m.segmentId))).toBe(1);
  });

  it('reproduces a run exactly from the same parameters and seed', async () => {
    const first = await waitForRun((await server.as.analyst.gql(START, { input: { k: 4, seed: 5, nInit: 3 } })).data!.startSegmentation.run.id);
    const second = await waitForRun((await server.as.analyst.gql(START, { input: { k: 4, seed: 5, nInit: 3 } })).data!.startSegmentation.run.id);
    const cmp = await server.as.analyst.gql(`query($a: ID!, $b: ID!) { compareSegmentationRuns(fromRunId: $a, toRunId: $b) { customersCompared adjustedRandIndex counts } }`, { a: first.id, b: second.id });
    expect(cmp.data?.compareSegmentationRuns.adjustedRandIndex).toBe(1);
    expect(cmp.data?.compareSegmentationRuns.customersCompared).toBe(90);
    expect(second.metrics).toEqual(first.metrics);
    expect(second.modelVersion.split('-')[2]).toBe(first.modelVersion.split('-')[2]);
  });

  it('activates another run and classifies customers with the live model', async () => {
    const hier = await waitForRun((await server.as.analyst.gql(START, { input: { algorithm: 'hierarchical', linkage: 'ward', k: 3 } })).data!.startSegmentation.run.id);
    expect(hier.isLive).toBe(false);
    const act = await server.as.marketer.gql(`mutation($id: ID!) { activateSegmentation(runId: $id) { runId version } }`, { id: hier.id });
    expect(act.data?.activateSegmentation.runId).toBe(hier.id);
    const customerId = [...groupOf].find(([, g]) => g === 'loyal')![0];
    const byId = await server.as.integration.gql(`query($id: ID!) { classifyCustomer(customerId: $id) { runId modelVersion segment { id centroid } persona { name } } }`, { id: customerId });
    expect(byId.errors).toBeUndefined();
    expect(byId.data?.classifyCustomer.runId).toBe(hier.id);
    expect(byId.data?.classifyCustomer.modelVersion).toBe(hier.modelVersion);
    expect(byId.data?.classifyCustomer.segment.centroid.frequency).toBeGreaterThan(10);
    const fromValues = await server.as.integration.gql(`{ classifyCustomer(features: { recencyDays: 300, frequency: 1, monetary: 45 }) { segment { centroid } } }`);
    expect(fromValues.data?.classifyCustomer.segment.centroid.recencyDays).toBeGreaterThan(200);
    const customer = await server.as.analyst.gql(`query($id: ID!) { Customer(id: $id) { segment { id } persona { name } features { rfmGroup frequency } segmentHistory { runId segmentId isLive } } }`, { id: customerId });
    expect(customer.data?.Customer.segment.id).toBe(byId.data?.classifyCustomer.segment.id);
    const history = customer.data?.Customer.segmentHistory;
    expect(history.length).toBeGreaterThanOrEqual(2);
    const runIds = history.map((h: { runId: number }) => Number(h.runId));
    expect(runIds).toEqual(expect.arrayContaining([Number(firstRun.id), Number(hier.id)]));
    expect(runIds).toEqual([...runIds].sort((a, b) => b - a));
    expect(history.filter((h: { isLive: boolean }) => h.isLive)).toEqual([{ runId: hier.id, segmentId: byId.data?.classifyCustomer.segment.id, isLive: true }]);
  });

  it('edits a persona with history, refusing a stale version and roles that may not', async () => {
    const persona = firstRun.segments[0].persona;
    const update = `mutation($id: ID!, $input: UpdatePersonaInput!) { updatePersona(id: $id, input: $input) { name version edited history { version name editedBy } } }`;
    const ok = await server.as.analyst.gql(update, { id: persona.id, input: { name: 'Weekend gift buyers', expectedVersion: persona.version } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.updatePersona).toMatchObject({ name: 'Weekend gift buyers', version: 2, edited: true });
    expect(ok.data?.updatePersona.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    const stale = await server.as.admin.gql(update, { id: persona.id, input: { name: 'Other', expectedVersion: 1 } });
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    const marketer = await server.as.marketer.gql(update, { id: persona.id, input: { name: 'Nope' } });
    expect(marketer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('runs one segmentation at a time per data set', async () => {
    // The worker pauses, so the first run is still queued when the second request arrives.
    await server.app.worker!.stop();
    let first, second;
    try {
      first = (await server.as.analyst.gql(START, { input: { k: 2 } })).data!.startSegmentation;
      second = (await server.as.analyst.gql(START, { input: { k: 3 } })).data!.startSegmentation;
    } finally {
      server.app.worker!.start();
    }
    expect(first.existing).toBe(false);
    expect(second.existing).toBe(true);
    expect(second.run.id).toBe(first.run.id);
    await waitForRun(first.run.id);
  });

  it('recommends what over-indexes in a segment and what a customer has not bought yet', async () => {
    const ds = server.app.dataSource;
    const loyal = [...groupOf].filter(([, g]) => g === 'loyal').map(([id]) => id);
    // Five loyal customers also bought candles; the other loyal customers have not.
    await ds.query(`INSERT INTO products (stock_code, description, category, is_merchandise) VALUES ('CANDLE', 'CANDLE', 'Home', 1)`);
    const [{ id: candle }] = await ds.query(`SELECT id FROM products WHERE stock_code = 'CANDLE'`);
    for (const [i, customerId] of loyal.slice(0, 5).entries()) {
      const [order] = await ds.query('SELECT id FROM orders WHERE customer_id = ? ORDER BY id LIMIT 1', [customerId]);
      await ds.query('INSERT INTO order_lines (order_id, product_id, quantity, unit_price, amount, is_outlier) VALUES (?, ?, ?, 2, 2, 0)', [order.id, candle, 1 + i]);
    }
    const run = await waitForRun((await server.as.analyst.gql(START, { input: { k: 3, seed: 3 } })).data!.startSegmentation.run.id);
    await server.as.analyst.gql(`mutation($id: ID!) { activateSegmentation(runId: $id) { runId } }`, { id: run.id });
    const loyalSegment = run.segments.find((s: { centroid: { frequency: number } }) => s.centroid.frequency > 10);
    const recs = await server.as.marketer.gql(`query($id: ID!) { Segment(id: $id) { recommendations { products { product { stockCode } buyers penetration lift } categories { key lift } } } }`, { id: loyalSegment.id });
    const products = recs.data!.Segment.recommendations.products;
    expect(products[0]).toMatchObject({ product: { stockCode: 'LAMP' }, buyers: 30, penetration: 1 });
    expect(products[0].lift).toBeCloseTo(3, 9);
    expect(products.map((p: { product: { stockCode: string } }) => p.product.stockCode)).toContain('CANDLE');
    expect(recs.data!.Segment.recommendations.categories[0].key).toBe('Lighting');
    const forCustomer = await server.as.marketer.gql(`query($id: ID!) { Customer(id: $id) { recommendedProducts { product { stockCode } reason } } }`, { id: loyal[10] });
    expect(forCustomer.data!.Customer.recommendedProducts.map((r: { product: { stockCode: string } }) => r.product.stockCode)).toEqual(['CANDLE']);
    expect(forCustomer.data!.Customer.recommendedProducts[0].reason).toMatch(/16\.7% of/);
    const owner = await server.as.marketer.gql(`query($id: ID!) { Customer(id: $id) { recommendedProducts { product { stockCode } } } }`, { id: loyal[0] });
    expect(owner.data!.Customer.recommendedProducts).toEqual([]);
  });

  it('gives two concurrent activations a defined winner and a consistent live run', async () => {
    const a = await waitForRun((await server.as.analyst.gql(START, { input: { k: 2, seed: 21 } })).data!.startSegmentation.run.id);
    const b = await waitForRun((await server.as.analyst.gql(START, { input: { k: 3, seed: 22 } })).data!.startSegmentation.run.id);
    const before = (await server.as.analyst.gql('{ liveSegmentation { version } }')).data!.liveSegmentation.version;
    const activate = `mutation($id: ID!) { activateSegmentation(runId: $id) { runId version } }`;
    const [ra, rb] = await Promise.all([server.as.marketer.gql(activate, { id: a.id }), server.as.analyst.gql(activate, { id: b.id })]);
    expect(ra.errors).toBeUndefined();
    expect(rb.errors).toBeUndefined();
    const live = (await server.as.analyst.gql('{ liveSegmentation { runId version activatedBy } }')).data!.liveSegmentation;
    expect(live.version).toBe(before + 2);
    // The winner is the activation that committed last: the one whose answer carries the higher version.
    const winner = ra.data!.activateSegmentation.version > rb.data!.activateSegmentation.version ? a.id : b.id;
    expect(live.runId).toBe(winner);
    const runs = (await server.as.analyst.gql('{ allSegmentationRuns(perPage: 100) { id isLive } }')).data!.allSegmentationRuns;
    expect(runs.filter((r: { isLive: boolean }) => r.isLive).map((r: { id: string }) => r.id)).toEqual([winner]);
  });

  it('answers which run was live, and which segment a customer was in, on a date', async () => {
    const before = (await server.as.analyst.gql('{ liveSegmentation { runId } }')).data!.liveSegmentation.runId;
    const next = await waitForRun((await server.as.analyst.gql(START, { input: { k: 4, seed: 31 } })).data!.startSegmentation.run.id);
    await new Promise((r) => setTimeout(r, 1100)); // DATETIME has whole seconds on MySQL
    const t0 = new Date();
    await new Promise((r) => setTimeout(r, 1100));
    await server.as.analyst.gql(`mutation($id: ID!) { activateSegmentation(runId: $id) { runId } }`, { id: next.id });
    const q = `query($d: DateTimeISO!, $c: ID!) { segmentationLiveOn(date: $d) { id } customerSegmentOn(customerId: $c, date: $d) { runId } }`;
    const customerId = [...groupOf.keys()][0];
    const then = await server.as.integration.gql(q, { d: t0.toISOString(), c: customerId });
    expect(then.data).toEqual({ segmentationLiveOn: { id: before }, customerSegmentOn: { runId: before } });
    const now = await server.as.integration.gql(q, { d: new Date(Date.now() + 2000).toISOString(), c: customerId });
    expect(now.data).toEqual({ segmentationLiveOn: { id: next.id }, customerSegmentOn: { runId: next.id } });
    const past = await server.as.integration.gql(q, { d: '2000-01-01T00:00:00Z', c: customerId });
    expect(past.data).toEqual({ segmentationLiveOn: null, customerSegmentOn: null });
  });

  it('finds the same groups in mini-batch mode', async () => {
    const run = await waitForRun((await server.as.analyst.gql(START, { input: { k: 3, seed: 9, kmeansMode: 'mini-batch' } })).data!.startSegmentation.run.id);
    const members = await server.app.dataSource.getRepository(SegmentMembershipEntity).findBy({ runId: Number(run.id) });
    const truth = members.map((m) => ['loyal', 'lapsed', 'new'].indexOf(groupOf.get(m.customerId)!));
    expect(adjustedRandScore(truth, members.map((m) => m.segmentId))).toBe(1);
  });

  it('batches customer summaries in lists (one query) with the right figures', async () => {
    const res = await server.as.analyst.gql('{ allCustomers(perPage: 10, sortField: "id") { id summary { orderCount returnCount revenue lastOrderAt } } }');
    for (const c of res.data!.allCustomers) {
      const [row] = await server.app.dataSource.query(`SELECT COUNT(*) AS n, SUM(total_amount) AS revenue FROM orders WHERE customer_id = ? AND status = 'completed'`, [c.id]);
      expect(c.summary.orderCount).toBe(Number(row.n));
      expect(c.summary.revenue).toBeCloseTo(Number(row.revenue), 2);
      expect(c.summary.returnCount).toBe(0);
    }
  });

  it('filters customers by persona, segment and RFM group', async () => {
    const personas = (await server.as.analyst.gql('{ allPersonas { id segment { id size } } }')).data!.allPersonas;
    expect(personas.length).toBeGreaterThanOrEqual(3); // the first run's, at least
    for (const p of personas) {
      const bySegment = await server.as.analyst.gql(`query($s: ID!, $p: ID!) { a: _allCustomersMeta(filter: { segmentId: $s }) { count } b: _allCustomersMeta(filter: { personaId: $p }) { count } }`, { s: p.segment.id, p: p.id });
      expect(bySegment.data).toEqual({ a: { count: p.segment.size }, b: { count: p.segment.size } });
    }
    const [{ n }] = await server.app.dataSource.query(`SELECT COUNT(*) AS n FROM customer_features WHERE rfm_group = 'Lost' AND snapshot_id = (SELECT MAX(id) FROM feature_snapshots)`);
    const lost = await server.as.analyst.gql('{ _allCustomersMeta(filter: { rfmGroup: "Lost" }) { count } }');
    expect(lost.data!._allCustomersMeta.count).toBe(Number(n));
    expect((await server.as.analyst.gql('{ _allCustomersMeta(filter: { responseProbability_gte: 0.5 }) { count } }')).data!._allCustomersMeta.count).toBe(0);
  });

  it('refuses bad parameters with the parameter named', async () => {
    const res = await server.as.analyst.gql(START, { input: { features: ['recencyDays', 'shoeSize'] } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/features/);
  });
});
