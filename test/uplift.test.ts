// Uplift models end to end over real HTTP with a worker, on both databases: a campaign with a
// control group and planted persuadables → training (held-out Qini/uplift evaluation) → scores
// per customer → audiences ranked and filtered by uplift, incremental ROI beside response ROI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedUpliftCampaign } from './helpers/seed-uplift-campaign.js';

const TRAIN = `mutation($input: TrainModelInput!) { trainModel(input: $input) { existing model { id status } } }`;
const MODEL = `query($id: ID!) { Model(id: $id) { id kind version status error isActive trainingRows testRows params evaluation { task } upliftEvaluation } }`;
const PREVIEW = `query($definition: AudienceDefinitionInput) { audiencePreview(definition: $definition, perPage: 50) { customerId uplift responseProbability } }`;
const FUNNEL = `query($definition: AudienceDefinitionInput) { audienceCount(definition: $definition) { eligible size } }`;
const ROI = `query($definition: AudienceDefinitionInput, $input: RoiInput!) { audienceRoi(definition: $definition, input: $input) {
  eligible suggested { size projectedResponses projectedProfit } incremental { scored suggested { size projectedResponses projectedProfit } everyone { size projectedResponses } } } }`;

interface Interval { estimate: number; lower: number; upper: number }
interface RankingEvaluation { name: string; metrics: Record<string, Interval>; qiniCurve: { x: number; y: number }[]; upliftCurve: { x: number; y: number }[] }

describe.each(TEST_DIALECTS)('uplift models on %s', (dialect) => {
  let server: TestServer;
  let persuadables: Set<number>;
  let customerIds: number[];
  let model: Record<string, any>;

  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await server.as.analyst.gql(query, variables);
    if (res.errors) throw new Error(res.errors[0].message);
    return res.data!;
  };
  const waitForModel = (id: string) => until(async () => {
    const m = (await gql(MODEL, { id })).Model;
    if (m && ['failed', 'cancelled'].includes(m.status)) throw new Error(`model ${id} ${m.status}: ${m.error}`);
    return m?.status === 'succeeded' ? m : null;
  }, 120_000, 100);

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    ({ customerIds, persuadables } = await seedUpliftCampaign(server.app.dataSource, 2000, 11));
    // A response model first: the uplift evaluation ranks by it as a baseline, and the ROI suggestion projects from it.
    const response = await gql(TRAIN, { input: { kind: 'response', nEstimators: 20, cvFolds: 0, seed: 5 } });
    await waitForModel(response.trainModel.model.id);
    const started = await gql(TRAIN, { input: { kind: 'uplift', learner: 't', nEstimators: 40, minSamplesLeaf: 10, seed: 5, testFraction: 0.4, bootstrapReplicates: 100 } });
    model = await waitForModel(started.trainModel.model.id);
  }, 240_000);
  afterAll(async () => { await server?.stop(); });

  it('trains a T-learner whose held-out Qini beats random and the response model, with both normalisations and intervals stored', () => {
    expect(model).toMatchObject({ kind: 'uplift', version: 1, isActive: true, evaluation: null, params: { learner: 't' } });
    expect(model.upliftEvaluation.responseBaseline).toMatch(/active response model/);
    const e = model.upliftEvaluation;
    expect(e.task).toBe('uplift');
    expect(e.evaluation.nTreated + e.evaluation.nControl).toBe(model.testRows);
    const byName = new Map<string, RankingEvaluation>(e.evaluation.rankings.map((r: RankingEvaluation) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(['T-learner', 'random', 'response model']);
    const learner = byName.get('T-learner')!;
    for (const metric of ['qiniAucScikitUplift', 'upliftAucScikitUplift', 'qiniAucCausalml', 'upliftAucCausalml', 'upliftAt10', 'upliftAt20', 'upliftAt30']) {
      const i = learner.metrics[metric];
      expect(i.lower).toBeLessThanOrEqual(i.estimate);
      expect(i.upper).toBeGreaterThanOrEqual(i.estimate);
    }
    // Planted: persuadables gain +0.55, nobody else anything; the learner finds them.
    expect(learner.metrics.qiniAucScikitUplift.lower).toBeGreaterThan(0.05);
    expect(learner.metrics.upliftAt20.estimate).toBeGreaterThan(0.3);
    const overRandom = e.evaluation.comparisons.find((c: { ranking: string; baseline: string }) => c.ranking === 'T-learner' && c.baseline === 'random');
    expect(overRandom.differences.qiniAucScikitUplift.lower).toBeGreaterThan(0);
    expect(byName.get('random')!.metrics.qiniAucScikitUplift.estimate).toBeLessThan(learner.metrics.qiniAucScikitUplift.lower);
    expect(learner.qiniCurve.length).toBeGreaterThan(10);
    expect(learner.upliftCurve[0]).toMatchObject({ x: 0, y: 0 });
  });

  it('scores every customer after the scoring job and ranks an audience by uplift, persuadables first', async () => {
    const res = await server.as.marketer.gql(`mutation { startScoring { jobId existing } }`);
    expect(res.errors).toBeUndefined();
    // The scoring job hands over to uplift scoring, which writes the uplift column.
    const rows = await until(async () => {
      const scored: { customer_id: unknown; uplift: unknown; uplift_model_id: unknown }[] = await server.app.dataSource.query('SELECT customer_id, uplift, uplift_model_id FROM customer_scores WHERE uplift IS NOT NULL');
      return scored.length === customerIds.length ? scored : null;
    }, 120_000, 200);
    expect(new Set(rows.map((r) => Number(r.uplift_model_id)))).toEqual(new Set([Number(model.id)]));
    const mean = (ids: number[]) => ids.reduce((a, id) => a + Number(rows.find((r) => Number(r.customer_id) === id)!.uplift), 0) / ids.length;
    expect(mean([...persuadables])).toBeGreaterThan(0.3);
    expect(Math.abs(mean(customerIds.filter((id) => !persuadables.has(id))))).toBeLessThan(0.1);
    // One customer's answer carries the same prediction as the stored score.
    const one = rows.find((r) => persuadables.has(Number(r.customer_id)))!;
    const answer = (await gql(`query($id: ID!) { scoreCustomer(customerId: $id) { uplift } }`, { id: String(one.customer_id) })).scoreCustomer;
    expect(answer.uplift).toBeCloseTo(Number(one.uplift), 9);
    const [{ n }] = await server.app.dataSource.query('SELECT COUNT(*) AS n FROM customer_targeting WHERE uplift IS NOT NULL');
    expect(Number(n)).toBe(customerIds.length);

    const capped = { channel: 'email', cap: { by: 'uplift', size: persuadables.size } };
    const preview = (await gql(PREVIEW, { definition: capped })).audiencePreview as { customerId: string; uplift: number }[];
    expect(preview.length).toBe(50);
    expect(preview.every((m, i) => i === 0 || m.uplift <= preview[i - 1].uplift)).toBe(true);
    expect(preview.filter((m) => persuadables.has(Number(m.customerId))).length).toBeGreaterThanOrEqual(45);
    expect((await gql(FUNNEL, { definition: capped })).audienceCount).toMatchObject({ eligible: customerIds.length, size: persuadables.size });

    // Filtered by uplift: the persuadables, hardly anyone else.
    const filtered = { channel: 'email', filters: { upliftMin: 0.3 } };
    const size = (await gql(FUNNEL, { definition: filtered })).audienceCount.size;
    expect(size).toBeGreaterThan(persuadables.size * 0.9);
    expect(size).toBeLessThan(persuadables.size * 1.1);
  });

  it('suggests a size from response probability and, beside it, from incremental conversions', async () => {
    const roi = (await gql(ROI, { definition: { channel: 'email' }, input: { marginPerConversion: 10, costPerContact: 1 } })).audienceRoi;
    expect(roi.incremental.scored).toBe(customerIds.length);
    // Uplift × 10 > 1 picks the persuadables; response probability × 10 > 1 also picks the sure-ish things.
    expect(roi.incremental.suggested.size).toBeGreaterThan(persuadables.size * 0.8);
    expect(roi.incremental.suggested.size).toBeLessThan(persuadables.size * 1.5);
    expect(roi.incremental.suggested.projectedResponses).toBeGreaterThan(persuadables.size * 0.4);
    expect(roi.incremental.everyone.projectedResponses).toBeLessThan(roi.incremental.suggested.projectedResponses + persuadables.size * 0.15);
    expect(roi.suggested.size).toBeGreaterThan(roi.incremental.suggested.size);
  });

  it('freezes uplift at launch and reports the realised lift of the top decile against the rest', async () => {
    const marketer = async (query: string, variables: Record<string, unknown>) => {
      const res = await server.as.marketer.gql(query, variables);
      if (res.errors) throw new Error(res.errors[0].message);
      return res.data!;
    };
    const audience = (await marketer(`mutation($input: SaveAudienceInput!) { createAudience(input: $input) { id } }`, { input: { name: 'Everyone', definition: { channel: 'email' } } })).createAudience;
    const draft = (await marketer(`mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }`, { input: { name: 'Uplift check', channel: 'email', audienceId: audience.id, controlShare: 0.5, controlSeed: 9 } })).createCampaign;
    await marketer(`mutation($id: ID!, $status: String!, $sentAt: DateTimeISO) { setCampaignStatus(id: $id, status: $status, sentAt: $sentAt) { id } }`, { id: draft.id, status: 'running', sentAt: '2012-01-01T00:00:00.000Z' });
    const members: { customer_id: unknown; is_control: unknown; uplift: unknown }[] = await server.app.dataSource.query('SELECT customer_id, is_control, uplift FROM campaign_members WHERE campaign_id = ?', [draft.id]);
    expect(members.length).toBe(customerIds.length);
    expect(members.every((m) => m.uplift !== null)).toBe(true);
    // The message moves the persuadables only: contacted persuadables respond, nobody else does.
    const rows = members.map((m) => ({ customerId: String(m.customer_id), responded: persuadables.has(Number(m.customer_id)) && Number(m.is_control) === 0, converted: false }));
    await marketer(`mutation($id: ID!, $input: ImportOutcomesInput!) { importCampaignOutcomes(id: $id, input: $input) { imported } }`, { id: draft.id, input: { rows } });
    const results = (await gql(`query($id: ID!) { campaignResults(id: $id) { byUpliftRank { scoredMembers responseLiftDifference ciLower ciUpper significant
      topDecile { contacts controlMembers responseLift { difference ciLower } } rest { contacts controlMembers responseLift { difference } } } } }`, { id: draft.id })).campaignResults.byUpliftRank;
    expect(results.scoredMembers).toBe(customerIds.length);
    expect(results.topDecile.contacts + results.topDecile.controlMembers).toBe(Math.ceil(customerIds.length / 10));
    // The top tenth is (nearly) all persuadables: lift near 1; the rest holds the other persuadables among many unmoved customers.
    expect(results.topDecile.responseLift.difference).toBeGreaterThan(0.85);
    expect(results.rest.responseLift.difference).toBeLessThan(0.25);
    expect(results.significant).toBe(true);
    expect(results.ciLower).toBeGreaterThan(0.5);
    // Both arms' outcomes were kept as uplift training rows.
    const [{ control }] = await server.app.dataSource.query(`SELECT COUNT(*) AS control FROM campaign_outcomes WHERE campaign_key = ? AND treated = 0`, [`campaign:${draft.id}`]);
    expect(Number(control)).toBe(results.topDecile.controlMembers + results.rest.controlMembers);
  });

  it('refuses a class transformation on unbalanced arms when asked to, and says why', async () => {
    await server.app.dataSource.query(`UPDATE campaign_outcomes SET treated = 1 WHERE customer_id % 3 = 0`);
    const started = await gql(TRAIN, { input: { kind: 'uplift', learner: 'class-transformation', whenUnbalanced: 'refuse', nEstimators: 5, bootstrapReplicates: 10 } });
    const failed = await until(async () => {
      const m = (await gql(MODEL, { id: started.trainModel.model.id })).Model;
      return ['failed', 'succeeded'].includes(m.status) ? m : null;
    }, 120_000, 100);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/treated/);
  });
});
