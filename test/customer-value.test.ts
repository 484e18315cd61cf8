// The customer-value job end to end over real HTTP with a real worker, on both databases: data
// minimums, the fit and its stored evidence, scores on Customer and in profiles, audience filters
// on churn risk and CLV percentile (joins and targeting), activation and rollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedValueOrders, type SeededValueOrders } from './helpers/seed-value-orders.js';
import { scoreCustomers, summariseTransactions } from '../server/src/ml/value/index.js';
import { loadVersionModels, resolveValueParams, segmentValueProfile } from '../server/src/modules/customer-value/index.js';
import { getModel } from '../server/src/modules/models/index.js';
import { audienceFunnel, normaliseDefinition, evaluationContext, roiOptimalSize } from '../server/src/modules/audiences/index.js';
import { rebuildTargeting } from '../server/src/modules/targeting/index.js';

const AS_OF = new Date(Date.UTC(2024, 0, 1));
const START = `mutation($input: CustomerValueInput) { startCustomerValue(input: $input) { existing jobId model { id status } } }`;
const MODEL = `query($id: ID!) { Model(id: $id) { id kind version status error isActive trainingRows hyperparameters { seed } evaluation { task }
  customerValue { asOf timeUnit horizonDays margin churnHorizonDays customers dataCheck holdoutSkipped
    purchase { model logLikelihood converged warnings parameters { name value standardError } }
    spend { model converged parameters { name value standardError } }
    holdout { calibrationEnd customers actualTotal predictedTotal correlation byFrequency { frequency orMore customers actualMean predictedMean } zeroClass } } } }`;
const CUSTOMER_VALUE = `query($id: ID!) { Customer(id: $id) { id value { predictedClv clvPercentile probabilityAlive churnRisk expectedPurchases expectedNextOrderAt asOf modelId scoredAt } } }`;

describe.each(TEST_DIALECTS)('customer value on %s', (dialect) => {
  let server: TestServer;
  let seeded: SeededValueOrders;

  const waitForJob = (jobId: string) => until(async () => {
    const job = (await server.as.analyst.gql(`query($id: ID!) { Job(id: $id) { status error result } }`, { id: jobId })).data?.Job;
    return job && ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : null;
  }, 120_000, 100);
  const start = async (input: Record<string, unknown>) => {
    const res = await server.as.analyst.gql(START, { input });
    expect(res.errors).toBeUndefined();
    return res.data!.startCustomerValue as { jobId: string; model: { id: string } };
  };
  const model = async (id: string) => {
    const res = await server.as.analyst.gql(MODEL, { id });
    expect(res.errors).toBeUndefined();
    return res.data!.Model;
  };
  const storedScores = async () => {
    const rows: Record<string, unknown>[] = await server.app.dataSource.query('SELECT customer_id, predicted_clv, clv_percentile, churn_risk, p_alive, value_model_id FROM customer_scores WHERE value_model_id IS NOT NULL ORDER BY customer_id');
    return rows.map((r) => ({ id: Number(r.customer_id), clv: Number(r.predicted_clv), percentile: Number(r.clv_percentile), churn: Number(r.churn_risk), alive: Number(r.p_alive), modelId: Number(r.value_model_id) }));
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('below the data minimums the job fails and names what is missing', async () => {
    await seedValueOrders(server.app.dataSource, { customers: 40, asOf: AS_OF, historyDays: 60, prefix: 'few' });
    const started = await start({ asOf: '2024-01-01' });
    const job = await waitForJob(started.jobId).finally(async () => {
      await server.app.dataSource.query("DELETE FROM orders WHERE invoice_no LIKE 'few-%'");
      await server.app.dataSource.query("DELETE FROM customers WHERE external_id LIKE 'few-%'");
    });
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/not enough order data for customer value/);
    expect(job.error).toMatch(/customers/);
    expect(job.error).toMatch(/the order history spans \d+ days; at least 180/);
    const failed = await model(started.model.id);
    expect(failed.status).toBe('failed');
    expect(failed.isActive).toBe(false);
    expect(failed.customerValue).toBeNull();
    // The failed attempt is not retried (INSUFFICIENT_DATA) and wrote no scores.
    expect(await storedScores()).toHaveLength(0);
  }, 180_000);

  it('fits, stores the evidence, becomes active and scores everyone as the models say', async () => {
    seeded = await seedValueOrders(server.app.dataSource, { customers: 700, asOf: AS_OF });
    const started = await start({ asOf: '2024-01-01', timeUnit: 'weeks', horizonDays: 365, margin: 0.3, holdoutDays: 90, seed: 3 });
    const job = await waitForJob(started.jobId);
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');
    const fitted = await model(started.model.id);
    expect(fitted).toMatchObject({ kind: 'customer-value', version: 1, status: 'succeeded', isActive: true, hyperparameters: null, evaluation: null });
    const value = fitted.customerValue;
    expect(value.timeUnit).toBe('weeks');
    expect(value.margin).toBe(0.3);
    expect(new Date(value.asOf).toISOString()).toBe(AS_OF.toISOString());
    expect(value.customers).toBe(700);
    expect(value.purchase.model).toBe('bg-nbd');
    expect(value.purchase.parameters.map((p: { name: string }) => p.name)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(value.spend.parameters.map((p: { name: string }) => p.name)).toEqual(['p', 'q', 'gamma']);
    for (const p of [...value.purchase.parameters, ...value.spend.parameters]) expect(p.value).toBeGreaterThan(0);
    expect(value.dataCheck.purchase.ok).toBe(true);
    expect(value.dataCheck.purchase.facts.customers).toBe(700);
    // The holdout chart: one group per calibration frequency 0 … 7+, customers adding up.
    expect(value.holdoutSkipped).toBeNull();
    expect(value.holdout.byFrequency.length).toBeGreaterThan(2);
    expect(value.holdout.byFrequency.reduce((n: number, g: { customers: number }) => n + g.customers, 0)).toBe(value.holdout.customers);
    expect(new Date(value.holdout.calibrationEnd).getTime()).toBe(AS_OF.getTime() - 90 * 86_400_000);

    // Every customer scored, exactly as the stored models score the seeded orders (cancelled and later orders ignored).
    const entity = await getModel(server.app.dataSource, Number(started.model.id));
    const params = resolveValueParams(entity.params as never);
    const summaries = summariseTransactions({
      customerIds: seeded.orders.map((o) => o.customerId), timestamps: seeded.orders.map((o) => o.at), amounts: seeded.orders.map((o) => o.amount),
    }, { calibrationEnd: AS_OF.getTime() - 1, timeUnit: params.timeUnit });
    const expected = scoreCustomers(summaries, loadVersionModels(entity), { horizonDays: 365, margin: 0.3, annualDiscountRate: 0.1, churnHorizonDays: 0 });
    const stored = await storedScores();
    expect(stored).toHaveLength(700);
    stored.forEach((s, i) => {
      expect(s.id).toBe(expected.customerIds[i]);
      expect(s.modelId).toBe(Number(started.model.id));
      expect(s.clv).toBeCloseTo(expected.predictedClv[i], 6);
      expect(s.percentile).toBeCloseTo(expected.clvPercentile[i], 9);
      expect(s.churn).toBeCloseTo(expected.churnRisk[i], 9);
      expect(s.alive).toBeCloseTo(expected.probabilityAlive[i], 9);
      expect(s.clv).toBeGreaterThanOrEqual(0);
    });
    // BG/NBD: a customer without a repeat purchase is alive for sure.
    const oneTimer = [...summaries.frequency].findIndex((x) => x === 0);
    expect(stored[oneTimer].alive).toBe(1);
    expect(stored[oneTimer].churn).toBe(0);
  }, 180_000);

  it('shows the scores on Customer, to staff and integration keys alike', async () => {
    const id = seeded.customerIds[5];
    for (const caller of [server.as.analyst, server.as.integration]) {
      const res = await caller.gql(CUSTOMER_VALUE, { id: String(id) });
      expect(res.errors).toBeUndefined();
      const v = res.data!.Customer.value;
      const [row] = (await storedScores()).filter((s) => s.id === id);
      expect(v.predictedClv).toBeCloseTo(row.clv, 9);
      expect(v.churnRisk).toBeCloseTo(row.churn, 9);
      expect(v.probabilityAlive).toBeCloseTo(row.alive, 9);
      expect(new Date(v.asOf).toISOString()).toBe(AS_OF.toISOString());
      expect(v.expectedNextOrderAt === null || new Date(v.expectedNextOrderAt) >= AS_OF).toBe(true);
    }
    // The tags export carries the same scores.
    const tags = await server.as.integration.gql(`{ customerTags(first: 100) { nodes { customerId predictedClv clvPercentile churnRisk probabilityAlive } } }`);
    expect(tags.errors).toBeUndefined();
    const byExternal = new Map(tags.data!.customerTags.nodes.map((n: { customerId: string }) => [n.customerId, n]));
    const [row] = (await storedScores()).filter((s) => s.id === id);
    const [{ external_id }] = await server.app.dataSource.query('SELECT external_id FROM customers WHERE id = ?', [id]);
    expect(byExternal.get(external_id)).toMatchObject({ predictedClv: row.clv, clvPercentile: row.percentile, churnRisk: row.churn, probabilityAlive: row.alive });
  }, 60_000);

  it('profiles a segment by predicted CLV and churn risk', async () => {
    const ds = server.app.dataSource;
    // Memberships of a run made by hand: even customer ids in segment 9001 (memberships are plain rows).
    const stored = await storedScores();
    const members = stored.filter((s) => s.id % 2 === 0);
    for (let i = 0; i < members.length; i += 200) {
      const slice = members.slice(i, i + 200);
      await ds.query(`INSERT INTO segment_memberships (run_id, customer_id, segment_id, distance) VALUES ${slice.map(() => '(900, ?, 9001, 0)').join(', ')}`, slice.map((m) => m.id));
    }
    const profile = await segmentValueProfile(ds, 900, 9001);
    const res = await server.as.analyst.gql(`query { __type(name: "Segment") { fields { name } } }`);
    expect(res.data!.__type.fields.map((f: { name: string }) => f.name)).toContain('valueProfile');
    expect(profile.members).toBe(members.length);
    expect(profile.scored).toBe(members.length);
    expect(profile.totalPredictedClv).toBeCloseTo(members.reduce((a, m) => a + m.clv, 0), 6);
    expect(profile.meanChurnRisk).toBeCloseTo(members.reduce((a, m) => a + m.churn, 0) / members.length, 9);
    const band = (p: number) => Math.min(4, Math.floor(p / 20));
    expect(profile.clvPercentileBands.map((b: { customers: number }) => b.customers)).toEqual([0, 1, 2, 3, 4].map((k) => members.filter((m) => band(m.percentile) === k).length));
    const churnBand = (c: number) => Math.min(4, Math.floor(c / 0.2 + 1e-12));
    expect(profile.churnRiskBands.map((b: { customers: number }) => b.customers)).toEqual([0, 1, 2, 3, 4].map((k) => members.filter((m) => churnBand(m.churn) === k).length));
  }, 60_000);

  it('audiences filter on churn risk and CLV percentile, through the joins and through targeting', async () => {
    const stored = await storedScores();
    const want = stored.filter((s) => s.churn >= 0.6 && s.percentile >= 80).length;
    const wantAny = stored.filter((s) => s.churn >= 0.2 && s.percentile >= 50 && s.clv <= 1e9).length;
    expect(want).toBeGreaterThan(0);
    const definition = normaliseDefinition({ channel: 'email', filters: { churnRiskMin: 0.6, clvPercentileMin: 80 } });
    const second = normaliseDefinition({ channel: 'email', filters: { churnRiskMin: 0.2, clvPercentileMin: 50, predictedClvMax: 1e9 } });
    const ds = server.app.dataSource;
    expect((await audienceFunnel(ds, definition, { useTargeting: false })).matched).toBe(want);
    expect((await audienceFunnel(ds, second, { useTargeting: false })).matched).toBe(wantAny);
    await rebuildTargeting(ds, { compact: false });
    expect((await evaluationContext(ds)).targeting).toBe(true);
    expect((await audienceFunnel(ds, definition)).matched).toBe(want);
    expect((await audienceFunnel(ds, second)).matched).toBe(wantAny);
    // Over GraphQL too.
    const res = await server.as.marketer.gql(`query($d: AudienceDefinitionInput) { audienceCount(definition: $d) { matched } }`,
      { d: { channel: 'email', filters: { churnRiskMin: 0.6, clvPercentileMin: 80 } } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.audienceCount.matched).toBe(want);

    // ROI-optimal size with predicted CLV as the value of a retained member: contact whoever's P(respond) × CLV beats the cost.
    const respond = (id: number) => (id % 5) / 10;
    for (const s of stored) await ds.query('UPDATE customer_scores SET response_probability = ? WHERE customer_id = ?', [respond(s.id), s.id]);
    const everyone = normaliseDefinition({ channel: 'email' });
    const cost = 5;
    const worth = stored.map((s) => respond(s.id) * s.clv).filter((v) => v > cost);
    for (const useTargeting of [false, true]) {
      if (useTargeting) await rebuildTargeting(ds, { compact: false });
      const roi = await roiOptimalSize(ds, everyone, { costPerContact: cost, usePredictedClv: true }, { useTargeting });
      expect(roi.eligible).toBe(700);
      expect(roi.suggested.size).toBe(worth.length);
      expect(roi.suggested.projectedRevenue).toBeCloseTo(worth.reduce((a, b) => a + b, 0), 6);
      expect(roi.suggested.projectedProfit).toBeCloseTo(worth.reduce((a, b) => a + b - cost, 0), 6);
    }
    const missing = await server.as.marketer.gql(`query($d: AudienceDefinitionInput) { audienceRoi(definition: $d, input: { costPerContact: 1 }) { eligible } }`, { d: { channel: 'email' } });
    expect(missing.errors?.[0].message).toMatch(/marginPerConversion, or usePredictedClv/);
    await ds.query('UPDATE customer_scores SET response_probability = NULL');
  }, 120_000);

  it('a second version waits for activation; activation rescores with it and rollback restores the first', async () => {
    const first = (await storedScores())[0].modelId;
    const before = await storedScores();
    const started = await start({ asOf: '2024-01-01', timeUnit: 'weeks', margin: 0.6, holdoutDays: 0, seed: 3 });
    expect((await waitForJob(started.jobId)).status).toBe('succeeded');
    const second = await model(started.model.id);
    expect(second).toMatchObject({ version: 2, isActive: false });
    expect(second.customerValue.holdoutSkipped).toMatch(/holdoutDays is 0/);
    expect((await storedScores())[0].modelId).toBe(first);

    const scoredBy = (modelId: number) => until(async () => {
      const rows = await storedScores();
      return rows.length === 700 && rows.every((r) => r.modelId === modelId) ? rows : null;
    }, 120_000, 100);
    const activated = await server.as.analyst.gql(`mutation($id: ID!) { activateModel(id: $id) { kind modelId previousModelId } }`, { id: started.model.id });
    expect(activated.errors).toBeUndefined();
    expect(activated.data!.activateModel).toMatchObject({ kind: 'customer-value', modelId: started.model.id, previousModelId: String(first) });
    const after = await scoredBy(Number(started.model.id));
    // Same fit (same data and seed), twice the margin: twice the CLV.
    after.forEach((r, i) => expect(r.clv).toBeCloseTo(before[i].clv * 2, 6));

    const rolled = await server.as.analyst.gql(`mutation { rollbackModel(kind: "customer-value") { kind modelId } }`);
    expect(rolled.errors).toBeUndefined();
    expect(rolled.data!.rollbackModel.modelId).toBe(String(first));
    const back = await scoredBy(first);
    back.forEach((r, i) => expect(r.clv).toBeCloseTo(before[i].clv, 6));
    // Targeting follows the scores.
    const [t] = await server.app.dataSource.query('SELECT predicted_clv FROM customer_targeting WHERE customer_id = ?', [back[0].id]);
    expect(Number(t.predicted_clv)).toBeCloseTo(back[0].clv, 6);
  }, 300_000);
});
