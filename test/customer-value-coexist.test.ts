// One score row per customer, two writers: the forest scoring job and the customer-value job each
// replace only their own columns of customer_scores, whichever runs last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedCampaignHistory } from './helpers/seed-campaigns.js';
import { seedValueOrders } from './helpers/seed-value-orders.js';

describe.each(TEST_DIALECTS)('response and value scores side by side on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    await seedCampaignHistory(server.app.dataSource, 300, 3);
    await seedValueOrders(server.app.dataSource, { customers: 600, asOf: new Date(Date.UTC(2024, 0, 1)) });
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  const job = (id: string) => until(async () => {
    const j = (await server.as.analyst.gql(`query($id: ID!) { Job(id: $id) { status error } }`, { id })).data?.Job;
    if (j && ['failed', 'cancelled'].includes(j.status)) throw new Error(`job ${id} ${j.status}: ${j.error}`);
    return j?.status === 'succeeded' ? j : null;
  }, 120_000, 100);
  const rows = async () => (await server.app.dataSource.query('SELECT customer_id, response_probability, predicted_clv, value_model_id FROM customer_scores ORDER BY customer_id'))
    .map((r: Record<string, unknown>) => ({ id: Number(r.customer_id), response: r.response_probability === null ? null : Number(r.response_probability), clv: r.predicted_clv === null ? null : Number(r.predicted_clv), valueModel: r.value_model_id }));

  it('scoring after a value fit keeps the value scores, and a value fit after scoring keeps the response scores', async () => {
    const trained = await server.as.analyst.gql(`mutation { trainModel(input: { kind: "response", nEstimators: 20, seed: 7, cvFolds: 0 }) { model { jobId } } }`);
    expect(trained.errors).toBeUndefined();
    await job(trained.data!.trainModel.model.jobId);
    const fitted = await server.as.analyst.gql(`mutation { startCustomerValue(input: { asOf: "2024-01-01", holdoutDays: 0 }) { jobId } }`);
    expect(fitted.errors).toBeUndefined();
    await job(fitted.data!.startCustomerValue.jobId);
    const valueOnly = await rows();
    expect(valueOnly.filter((r: { clv: number | null }) => r.clv !== null).length).toBe(900);

    const scored = await server.as.analyst.gql(`mutation { startScoring { jobId } }`);
    await job(scored.data!.startScoring.jobId);
    const both = await rows();
    expect(both.filter((r: { response: number | null }) => r.response !== null).length).toBeGreaterThan(0);
    const clvOf = new Map(valueOnly.map((r: { id: number; clv: number | null }) => [r.id, r.clv]));
    for (const r of both) expect(r.clv).toBe(clvOf.get(r.id) ?? null);

    const rescored = await server.as.analyst.gql(`mutation { startValueScoring(asOf: "2024-01-01") { jobId } }`);
    await job(rescored.data!.startValueScoring.jobId);
    const after = await rows();
    const responseOf = new Map(both.map((r: { id: number; response: number | null }) => [r.id, r.response]));
    for (const r of after) expect(r.response).toBe(responseOf.get(r.id) ?? null);
    expect(after.filter((r: { clv: number | null }) => r.clv !== null).length).toBe(900);
  }, 300_000);
});
