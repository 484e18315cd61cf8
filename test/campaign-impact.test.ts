import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';
import { seedContactability } from './helpers/audience-fixtures.js';

const CREATE_AUDIENCE = `mutation($input: SaveAudienceInput!) { createAudience(input: $input) { id } }`;
const CREATE = `mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }`;
const LAUNCH = `mutation($id: ID!, $sentAt: DateTimeISO) { setCampaignStatus(id: $id, status: "running", sentAt: $sentAt) { id } }`;
const STATS = 'contacts controlMembers incrementalRevenue incrementalRoi incrementalRoiLower incrementalRoiUpper responseLift { difference ciLower ciUpper significant }';
const IMPACT = `query($groupBy: ImpactGroupBy, $from: DateTimeISO, $to: DateTimeISO) { campaignImpactOverTime(groupBy: $groupBy, from: $from, to: $to) {
  campaignId campaignName month key label stats { ${STATS} } } }`;
const RESULTS = `query($id: ID!) { campaignResults(id: $id) { overall { ${STATS} } byPersona { key stats { ${STATS} } } bySegment { key stats { contacts } } } }`;
const SIZES = `query { segmentSizesOverTime { dataSet activatedAt runId segmentId label name size shareOfCustomers } }`;

describe.each(TEST_DIALECTS)('campaign impact over time on %s', (dialect) => {
  let server: TestServer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    await seedBehaviourGroups(server.app.dataSource);
    const runId = (await server.as.analyst.gql(`mutation { startSegmentation(input: { k: 3, seed: 11 }) { run { id } } }`)).data!.startSegmentation.run.id;
    await until(async () => (await server.as.analyst.gql(`query($id: ID!) { SegmentationRun(id: $id) { status } }`, { id: runId })).data?.SegmentationRun.status === 'succeeded', 60_000, 200);
    await seedContactability(server.app.dataSource);
    const audience = (await server.as.marketer.gql(CREATE_AUDIENCE, { input: { name: 'All e-mail', definition: { channel: 'email' } } })).data!.createAudience;
    // Sent out of creation order, so the rows must come back by send time; one has no control group.
    for (const [name, sentAt, controlShare] of [['November', '2011-11-02T00:00:00.000Z', 0.3], ['September', '2011-09-05T00:00:00.000Z', 0.3], ['No control', '2011-10-01T00:00:00.000Z', 0]] as const) {
      const created = await server.as.marketer.gql(CREATE, { input: { name, channel: 'email', audienceId: audience.id, controlShare, controlSeed: 5, costPerContact: 0.5, fixedCost: 20, attributionDays: 30 } });
      expect(created.errors).toBeUndefined();
      ids[name] = created.data!.createCampaign.id;
      expect((await server.as.marketer.gql(LAUNCH, { id: ids[name], sentAt })).errors).toBeUndefined();
      expect((await server.as.marketer.gql(`mutation($id: ID!) { attributeCampaignOrders(id: $id) { attributed } }`, { id: ids[name] })).errors).toBeUndefined();
    }
  });
  afterAll(async () => { await server?.stop(); });

  it('lists launched campaigns with a control group by send month, with the same figures and intervals as their results', async () => {
    const res = await server.as.analyst.gql(IMPACT, { groupBy: 'OVERALL' });
    expect(res.errors).toBeUndefined();
    const rows = res.data!.campaignImpactOverTime;
    expect(rows.map((r: { campaignName: string; month: string }) => [r.campaignName, r.month])).toEqual([['September', '2011-09'], ['November', '2011-11']]);
    for (const row of rows) {
      const results = (await server.as.analyst.gql(RESULTS, { id: row.campaignId })).data!.campaignResults;
      expect(row.stats).toEqual(results.overall);
      expect(row.stats.controlMembers).toBeGreaterThan(0);
      expect(row.stats.incrementalRoiLower).toBeLessThanOrEqual(row.stats.incrementalRoi);
      expect(row.stats.incrementalRoiUpper).toBeGreaterThanOrEqual(row.stats.incrementalRoi);
      expect(row.stats.responseLift.ciLower).toBeLessThanOrEqual(row.stats.responseLift.difference);
    }
    const window = (await server.as.analyst.gql(IMPACT, { from: '2011-10-01T00:00:00.000Z', to: '2011-12-01T00:00:00.000Z' })).data!.campaignImpactOverTime;
    expect(window.map((r: { campaignName: string }) => r.campaignName)).toEqual(['November']);
  });

  it('breaks each campaign down by persona and by segment, segments named by persona and label', async () => {
    const byPersona = (await server.as.analyst.gql(IMPACT, { groupBy: 'PERSONA' })).data!.campaignImpactOverTime;
    const november = (await server.as.analyst.gql(RESULTS, { id: ids.November })).data!.campaignResults;
    const mine = byPersona.filter((r: { campaignId: string }) => r.campaignId === ids.November);
    expect(mine.map((r: { key: string; stats: unknown }) => [r.key, r.stats])).toEqual(november.byPersona.map((b: { key: string; stats: unknown }) => [b.key, b.stats]));
    const bySegment = (await server.as.analyst.gql(IMPACT, { groupBy: 'SEGMENT' })).data!.campaignImpactOverTime;
    const segmentRows = bySegment.filter((r: { campaignId: string }) => r.campaignId === ids.November);
    expect(segmentRows.map((r: { stats: { contacts: number } }) => r.stats.contacts)).toEqual(november.bySegment.map((b: { stats: { contacts: number } }) => b.stats.contacts));
    const personas = await server.app.dataSource.query('SELECT p.name, s.label FROM personas p JOIN segments s ON s.id = p.segment_id');
    for (const row of segmentRows.filter((r: { key: string }) => r.key !== 'none')) {
      expect(personas.map((p: { name: string; label: unknown }) => `${p.name} (segment ${Number(p.label)})`)).toContain(row.label);
    }
  });

  it('gives segment sizes at each activation, labelled by persona name', async () => {
    const res = await server.as.analyst.gql(SIZES);
    expect(res.errors).toBeUndefined();
    const points = res.data!.segmentSizesOverTime;
    const segments = await server.app.dataSource.query('SELECT s.id, s.size, p.name FROM segments s LEFT JOIN personas p ON p.segment_id = s.id ORDER BY s.label');
    expect(points.length).toBe(segments.length);
    expect(points.map((p: { segmentId: string; size: number; name: string }) => [Number(p.segmentId), p.size, p.name])).toEqual(segments.map((s: { id: unknown; size: unknown; name: string }) => [Number(s.id), Number(s.size), s.name]));
    expect(points.reduce((sum: number, p: { size: number }) => sum + p.size, 0)).toBeGreaterThan(0);
  });
});
