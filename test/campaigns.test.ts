import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { SHARED_DATA_DIR } from './helpers/env.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';
import { seedContactability } from './helpers/audience-fixtures.js';

const CREATE_AUDIENCE = `mutation($input: SaveAudienceInput!) { createAudience(input: $input) { id funnel { size } } }`;
const CREATE = `mutation($input: CampaignInput!) { createCampaign(input: $input) { id status } }`;
const STATUS = `mutation($id: ID!, $status: String!, $sentAt: DateTimeISO) { setCampaignStatus(id: $id, status: $status, sentAt: $sentAt) { id status memberCount controlCount snapshotAt sentAt } }`;
const LIFT = 'treatmentRate controlRate difference relative standardError ciLower ciUpper significant';
const RESULTS = `query($id: ID!) { campaignResults(id: $id) { overall { contacts controlMembers responses conversions revenue cost grossRoi incrementalRevenue incrementalRoi
  incrementalRevenueInterval { estimate lower upper significant method samples } incrementalRoiLower incrementalRoiUpper
  responseLift { ${LIFT} } conversionLift { ${LIFT} } } bySegment { id stats { contacts controlMembers responses } } byPersona { id stats { contacts } } } }`;

async function session(server: TestServer, role: string): Promise<Record<string, string>> {
  return { cookie: (await server.login(`${role}@test.local`, 'correct horse battery')).cookie! };
}

describe.each(TEST_DIALECTS)('campaigns over HTTP on %s', (dialect) => {
  let server: TestServer;
  const members = async (campaignId: string) => server.app.dataSource.query('SELECT customer_id, is_control, segment_id, persona_id, response_probability FROM campaign_members WHERE campaign_id = ? ORDER BY customer_id', [campaignId]);
  const launch = async (audienceId: string, extra: Record<string, unknown> = {}) => {
    const created = await server.as.marketer.gql(CREATE, { input: { name: 'Winter', channel: 'email', audienceId, controlShare: 0.25, controlSeed: 9, costPerContact: 0.5, fixedCost: 10, attributionDays: 14, ...extra } });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCampaign.id;
    expect((await server.as.marketer.gql(STATUS, { id, status: 'scheduled' })).errors).toBeUndefined();
    const launched = await server.as.marketer.gql(STATUS, { id, status: 'running', sentAt: '2011-11-25T00:00:00.000Z' });
    expect(launched.errors).toBeUndefined();
    return launched.data!.setCampaignStatus;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    await seedBehaviourGroups(server.app.dataSource);
    const runId = (await server.as.analyst.gql(`mutation { startSegmentation(input: { k: 3, seed: 11 }) { run { id } } }`)).data!.startSegmentation.run.id;
    await until(async () => (await server.as.analyst.gql(`query($id: ID!) { SegmentationRun(id: $id) { status } }`, { id: runId })).data?.SegmentationRun.status === 'succeeded', 60_000, 200);
    await seedContactability(server.app.dataSource);
  });
  afterAll(async () => { await server?.stop(); });

  it('refuses invalid transitions, freezes the snapshot with a seeded control group and keeps it out of the send list', async () => {
    const audience = (await server.as.marketer.gql(CREATE_AUDIENCE, { input: { name: 'All e-mail', definition: { channel: 'email' } } })).data!.createAudience;
    const draft = (await server.as.marketer.gql(CREATE, { input: { name: 'x', channel: 'email', audienceId: audience.id } })).data!.createCampaign;
    expect((await server.as.marketer.gql(STATUS, { id: draft.id, status: 'completed' })).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await server.as.analyst.gql(STATUS, { id: draft.id, status: 'scheduled' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.as.marketer.gql(CREATE, { input: { name: 'x', channel: 'sms', audienceId: audience.id } })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const campaign = await launch(audience.id);
    expect(campaign.memberCount).toBe(audience.funnel.size);
    expect(campaign.controlCount).toBe(Math.round(0.25 * audience.funnel.size));
    const before = await members(campaign.id);
    expect(before.filter((m: { is_control: unknown }) => Number(m.is_control) === 1).length).toBe(campaign.controlCount);
    expect(before.every((m: { segment_id: unknown }) => m.segment_id !== null)).toBe(true);
    const again = await launch(audience.id);
    expect((await members(again.id)).map((m: { is_control: unknown }) => Number(m.is_control))).toEqual(before.map((m: { is_control: unknown }) => Number(m.is_control)));

    const headers = await session(server, 'marketer');
    const sendList = async () => (await (await fetch(`${server.url}/api/campaigns/${campaign.id}/send-list.csv`, { headers })).text()).trim().split('\r\n').slice(1).map((l) => Number(l.split(',')[0]));
    const treatment = before.filter((m: { is_control: unknown }) => Number(m.is_control) === 0).map((m: { customer_id: unknown }) => Number(m.customer_id));
    expect(await sendList()).toEqual(treatment);

    // Live data changes: new segments, new scores, an opt-out. The snapshot stays as it was;
    // the send list still drops the customer who opted out since launch.
    await server.app.dataSource.query('UPDATE segment_memberships SET segment_id = segment_id + 1000');
    await server.app.dataSource.query('DELETE FROM customer_scores');
    await server.app.dataSource.query('UPDATE customers SET opted_out_email = 1 WHERE id = ?', [treatment[0]]);
    expect(await members(campaign.id)).toEqual(before);
    expect(await sendList()).toEqual(treatment.slice(1));
    await server.app.dataSource.query('UPDATE segment_memberships SET segment_id = segment_id - 1000');
    expect((await fetch(`${server.url}/api/campaigns/${campaign.id}/send-list.csv`, { headers: await session(server, 'analyst') })).status).toBe(403);
    const history = await server.as.analyst.gql(`query($id: ID!) { customerCampaigns(customerId: $id) { campaignId isControl segmentId } }`, { id: treatment[0] });
    expect(history.data!.customerCampaigns.map((h: { campaignId: string }) => h.campaignId)).toEqual([again.id, campaign.id]);

    expect((await server.as.marketer.gql(STATUS, { id: campaign.id, status: 'completed' })).errors).toBeUndefined();
    expect((await server.as.marketer.gql(STATUS, { id: campaign.id, status: 'draft' })).errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('launches a draft in one step and names treatment, control and total', async () => {
    const audience = (await server.as.marketer.gql(CREATE_AUDIENCE, { input: { name: 'One step', definition: { channel: 'email' } } })).data!.createAudience;
    const draft = (await server.as.marketer.gql(CREATE, { input: { name: 'Now', channel: 'email', audienceId: audience.id, controlShare: 0.5, controlSeed: 3 } })).data!.createCampaign;
    const launched = await server.as.marketer.gql(STATUS, { id: draft.id, status: 'running', sentAt: '2011-11-01T00:00:00.000Z' });
    expect(launched.errors).toBeUndefined();
    expect(launched.data!.setCampaignStatus).toMatchObject({ status: 'running', sentAt: '2011-11-01T00:00:00.000Z', memberCount: audience.funnel.size });
    const counts = (await server.as.analyst.gql(`query($id: ID!) { Campaign(id: $id) { memberCount controlCount treatmentCount } campaignResults(id: $id) { overall { contacts controlMembers } } }`, { id: draft.id })).data!;
    expect(counts.Campaign.treatmentCount + counts.Campaign.controlCount).toBe(counts.Campaign.memberCount);
    expect(counts.campaignResults.overall).toEqual({ contacts: counts.Campaign.treatmentCount, controlMembers: counts.Campaign.controlCount });
  });

  it('attributes orders in the window, writes training outcomes, and breaks results down', async () => {
    const audience = (await server.as.marketer.gql(CREATE_AUDIENCE, { input: { name: 'SMS', definition: { channel: 'sms' } } })).data!.createAudience;
    const campaign = await launch(audience.id, { channel: 'sms', controlShare: 0.3 });
    const res = await server.as.marketer.gql(`mutation($id: ID!) { attributeCampaignOrders(id: $id) { attributed windowStart windowEnd } }`, { id: campaign.id });
    expect(res.errors).toBeUndefined();
    const window = ['2011-11-25 00:00:00', '2011-12-09 00:00:00'];
    const [expected] = await server.app.dataSource.query(`SELECT COUNT(DISTINCT m.customer_id) AS n, SUM(o.total_amount) AS revenue FROM campaign_members m
      JOIN orders o ON o.customer_id = m.customer_id WHERE m.campaign_id = ? AND o.ordered_at >= ? AND o.ordered_at < ? AND o.status <> 'cancelled'`, [campaign.id, ...window]);
    expect(res.data!.attributeCampaignOrders.attributed).toBe(Number(expected.n));
    expect(Number(expected.n)).toBeGreaterThan(0);
    const results = (await server.as.analyst.gql(RESULTS, { id: campaign.id })).data!.campaignResults;
    expect(results.overall.contacts + results.overall.controlMembers).toBe(campaign.memberCount);
    expect(results.overall.cost).toBeCloseTo(10 + 0.5 * results.overall.contacts, 9);
    // Contacted members train the response model; the control group's rows (treated = 0) are kept for uplift models.
    const [{ n: outcomes }] = await server.app.dataSource.query(`SELECT COUNT(*) AS n FROM campaign_outcomes WHERE campaign_key = ? AND source = 'campaign' AND treated = 1`, [`campaign:${campaign.id}`]);
    expect(Number(outcomes)).toBe(results.overall.contacts);
    const [{ n: controls }] = await server.app.dataSource.query(`SELECT COUNT(*) AS n FROM campaign_outcomes WHERE campaign_key = ? AND source = 'campaign' AND treated = 0`, [`campaign:${campaign.id}`]);
    expect(Number(controls)).toBe(results.overall.controlMembers);
    const sum = (rows: { stats: { contacts: number } }[]) => rows.reduce((s, r) => s + r.stats.contacts, 0);
    expect(sum(results.bySegment)).toBe(results.overall.contacts);
    expect(sum(results.byPersona)).toBe(results.overall.contacts);
    expect(results.bySegment.length).toBeGreaterThan(1);
  });
});

describe.each(TEST_DIALECTS)('the Hillstrom e-mail experiment as campaigns on %s', (dialect) => {
  let server: TestServer;
  const reference = JSON.parse(fs.readFileSync(new URL('./fixtures/reference/hillstrom-lift.json', import.meta.url), 'utf8'));
  const rows: Record<string, string>[] = parse(zlib.gunzipSync(fs.readFileSync(path.join(SHARED_DATA_DIR, 'hillstrom', 'hillstrom.csv.gz'))), { columns: true });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const now = '2008-03-01 00:00:00';
    for (let i = 0; i < rows.length; i += 2000) {
      const slice = rows.slice(i, i + 2000);
      await server.app.dataSource.query(`INSERT INTO customers (external_id, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at)
        VALUES ${slice.map(() => '(?, 1, 0, 0, 0, 0, 0, ?, ?)').join(', ')}`, slice.flatMap((_, j) => [`H${i + j + 1}`, now, now]));
    }
  }, 300_000);
  afterAll(async () => { await server?.stop(); });

  it.each(['womens', 'mens'])('reproduces the %s arm: response rates, lifts, intervals, revenue and ROI', async (name) => {
    const ref = reference.campaigns[name];
    const created = await server.as.marketer.gql(CREATE, { input: { name: `Hillstrom ${ref.arm}`, channel: 'email', ...reference.costs } });
    const id = created.data!.createCampaign.id;
    await server.as.marketer.gql(STATUS, { id, status: 'scheduled' });
    await server.as.marketer.gql(STATUS, { id, status: 'running', sentAt: '2008-03-01T00:00:00.000Z' });
    let csv = 'external_id,group,responded,converted,revenue\n';
    rows.forEach((r, i) => {
      if (r.segment === ref.arm || r.segment === 'No E-Mail') csv += `H${i + 1},${r.segment === 'No E-Mail' ? 'control' : 'treatment'},${r.visit},${r.conversion},${r.spend}\n`;
    });
    const upload = await fetch(`${server.url}/api/campaigns/${id}/outcomes.csv`, { method: 'POST', headers: { ...(await session(server, 'marketer')), 'x-file-name': 'hillstrom.csv', 'content-type': 'text/csv' }, body: csv });
    const report = await upload.json();
    expect(upload.status, JSON.stringify(report)).toBe(200);
    expect(report).toMatchObject({ rows: ref.contacts + ref.controlMembers, imported: ref.contacts + ref.controlMembers, membersAdded: ref.contacts + ref.controlMembers, skipped: 0 });
    const res = await server.as.analyst.gql(RESULTS, { id });
    expect(res.errors).toBeUndefined();
    const o = res.data!.campaignResults.overall;
    expect(o).toMatchObject({ contacts: ref.contacts, controlMembers: ref.controlMembers, responses: ref.responses, conversions: ref.conversions });
    expect(o.revenue).toBeCloseTo(ref.revenue, 6);
    expect(o.cost).toBeCloseTo(ref.cost, 9);
    expect(o.grossRoi).toBeCloseTo(ref.grossRoi, 9);
    expect(o.incrementalRevenue).toBeCloseTo(ref.incrementalRevenue, 6);
    expect(o.incrementalRoi).toBeCloseTo(ref.incrementalRoi, 9);
    // Spend is rare (about 1% of members): the interval is the seeded bootstrap, around the estimate, and maps onto incremental ROI.
    const interval = o.incrementalRevenueInterval;
    expect(interval).toMatchObject({ method: 'bootstrap', samples: 2000 });
    expect(interval.estimate).toBeCloseTo(ref.incrementalRevenue, 6);
    expect(interval.lower).toBeLessThan(interval.estimate);
    expect(interval.upper).toBeGreaterThan(interval.estimate);
    expect(interval.significant).toBe(interval.lower > 0 || interval.upper < 0);
    expect(o.incrementalRoiLower).toBeCloseTo((interval.lower - ref.cost) / ref.cost, 9);
    expect(o.incrementalRoiUpper).toBeCloseTo((interval.upper - ref.cost) / ref.cost, 9);
    expect((await server.as.analyst.gql(RESULTS, { id })).data!.campaignResults.overall.incrementalRevenueInterval).toEqual(interval);
    for (const key of ['responseLift', 'conversionLift'] as const) {
      for (const field of ['treatmentRate', 'controlRate', 'difference', 'relative', 'standardError', 'ciLower', 'ciUpper']) {
        expect(o[key][field], `${key}.${field}`).toBeCloseTo(ref[key][field], 12);
      }
      expect(o[key].significant).toBe(true);
    }
  }, 300_000);
});
