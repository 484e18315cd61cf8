import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../server/src/ml/index.js';
import { normaliseDefinition } from '../server/src/modules/audiences/index.js';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';
import { COUNTRIES, evaluateInMemory, loadWorld, seedContactability } from './helpers/audience-fixtures.js';

const COUNT = `query($d: AudienceDefinitionInput, $a: ID) { audienceCount(definition: $d, audienceId: $a) { matched excluded afterExclusions erased optedOut noConsent eligible capped size } }`;
const PREVIEW = `query($d: AudienceDefinitionInput, $a: ID) { audiencePreview(definition: $d, audienceId: $a, perPage: 100) { customerId externalId email segmentId personaId personaName responseProbability } }`;
const CREATE = `mutation($input: SaveAudienceInput!) { createAudience(input: $input) { id name channel funnel { size } } }`;

describe.each(TEST_DIALECTS)('audiences over HTTP on %s', (dialect) => {
  let server: TestServer;
  let segments: { id: string; label: number; centroid: { frequency: number; recencyDays: number } }[];
  let personas: { id: string; segmentId: string }[];
  const one = async (sql: string, params: unknown[] = []) => Number(Object.values((await server.app.dataSource.query(sql, params))[0])[0]);
  const download = (path: string, caller: 'admin' | 'marketer' | 'analyst' | 'integration') => server.login(`${caller}@test.local`, 'correct horse battery')
    .then(async ({ cookie }) => fetch(`${server.url}${path}`, { headers: caller === 'integration' ? { authorization: `Bearer ${server.apiKey}` } : { cookie: cookie! } }));

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    await seedBehaviourGroups(server.app.dataSource);
    const started = await server.as.analyst.gql(`mutation { startSegmentation(input: { k: 3, seed: 11 }) { run { id } } }`);
    const runId = started.data!.startSegmentation.run.id;
    await until(async () => {
      const res = await server.as.analyst.gql(`query($id: ID!) { SegmentationRun(id: $id) { status error } }`, { id: runId });
      const status = res.data?.SegmentationRun.status;
      if (status === 'failed') throw new Error(res.data?.SegmentationRun.error);
      return status === 'succeeded';
    }, 60_000, 200);
    segments = (await server.as.analyst.gql(`{ allSegments(perPage: 100) { id label centroid } }`)).data!.allSegments;
    personas = (await server.as.analyst.gql(`{ allPersonas(perPage: 100) { id segmentId } }`)).data!.allPersonas;
    await seedContactability(server.app.dataSource);
  });
  afterAll(async () => { await server?.stop(); });

  it('counts equal an independent SQL count, with the funnel adding up', async () => {
    const loyal = segments.find((s) => s.centroid.frequency > 10)!;
    const lapsed = segments.find((s) => s.centroid.recencyDays > 200)!;
    const snap = await one('SELECT MAX(id) FROM feature_snapshots');
    const cases: { definition: Record<string, unknown>; sql: string; params: unknown[] }[] = [
      { definition: { channel: 'email' }, sql: 'SELECT COUNT(*) FROM customers WHERE consent_email = 1 AND opted_out_email = 0 AND erased_at IS NULL', params: [] },
      {
        definition: { channel: 'sms', include: { segmentIds: [loyal.id] }, filters: { countries: ['France', 'Germany'] } },
        sql: `SELECT COUNT(*) FROM customers c JOIN segment_memberships m ON m.customer_id = c.id WHERE m.segment_id = ? AND c.country IN ('France', 'Germany')
          AND c.consent_sms = 1 AND c.opted_out_sms = 0 AND c.erased_at IS NULL`, params: [loyal.id],
      },
      {
        definition: { channel: 'email', include: { segmentIds: [loyal.id, lapsed.id] }, exclude: { segmentIds: [lapsed.id] }, filters: { responseProbabilityMin: 0.3, frequencyMin: 1 } },
        sql: `SELECT COUNT(*) FROM customers c JOIN segment_memberships m ON m.customer_id = c.id JOIN customer_scores s ON s.customer_id = c.id
          JOIN customer_features f ON f.customer_id = c.id AND f.snapshot_id = ? WHERE m.segment_id = ? AND s.response_probability >= 0.3 AND f.frequency >= 1
          AND c.consent_email = 1 AND c.opted_out_email = 0 AND c.erased_at IS NULL`, params: [snap, loyal.id],
      },
      {
        definition: { channel: 'push', include: { rfmGroups: ['Champions', 'Loyal', 'Lost', 'Hibernating'] }, filters: { recencyDaysMax: 100 } },
        sql: `SELECT COUNT(*) FROM customers c JOIN customer_features f ON f.customer_id = c.id AND f.snapshot_id = ? WHERE f.rfm_group IN ('Champions', 'Loyal', 'Lost', 'Hibernating')
          AND f.recency_days <= 100 AND c.consent_push = 1 AND c.opted_out_push = 0 AND c.erased_at IS NULL`, params: [snap],
      },
    ];
    for (const c of cases) {
      const res = await server.as.marketer.gql(COUNT, { d: c.definition });
      expect(res.errors).toBeUndefined();
      const funnel = res.data!.audienceCount;
      expect(funnel.size, JSON.stringify(c.definition)).toBe(await one(c.sql, c.params));
      expect(funnel.matched - funnel.excluded - funnel.erased - funnel.optedOut - funnel.noConsent).toBe(funnel.eligible);
      expect(funnel.eligible - funnel.capped).toBe(funnel.size);
    }
    const all = (await server.as.marketer.gql(COUNT, { d: { channel: 'email' } })).data!.audienceCount;
    expect(all.matched).toBe(await one('SELECT COUNT(*) FROM customers'));
    expect(all.erased).toBe(await one('SELECT COUNT(*) FROM customers WHERE erased_at IS NOT NULL'));
  });

  it('keeps customers with no membership in an excluded segment (they are not in it), and the funnel adds up', async () => {
    const lapsed = segments.find((s) => s.centroid.recencyDays > 200)!;
    // A customer who has never ordered: no features, no membership in any run.
    const customers = server.app.dataSource.getRepository(CustomerEntity);
    await customers.save(customers.create({ externalId: 'NEVER-ORDERED', country: 'France', consentEmail: true, createdAt: new Date(), updatedAt: new Date() }));
    const res = await server.as.marketer.gql(COUNT, { d: { channel: 'email', exclude: { segmentIds: [lapsed.id] } } });
    expect(res.errors).toBeUndefined();
    const funnel = res.data!.audienceCount;
    expect(funnel.size).toBe(await one(`SELECT COUNT(*) FROM customers c WHERE c.consent_email = 1 AND c.opted_out_email = 0 AND c.erased_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM segment_memberships m WHERE m.customer_id = c.id AND m.segment_id = ?)`, [lapsed.id]));
    expect(funnel.excluded).toBe(await one('SELECT COUNT(*) FROM segment_memberships WHERE segment_id = ?', [lapsed.id]));
    expect(funnel.capped).toBe(0); // no cap: nobody may fall through to "capped"
    expect(funnel.matched - funnel.excluded - funnel.erased - funnel.optedOut - funnel.noConsent).toBe(funnel.eligible);
    expect(funnel.eligible).toBe(funnel.size);
  });

  it('never bypasses consent, opt-out or erasure, and matches an in-memory evaluation (random seeded definitions)', async () => {
    const world = await loadWorld(server.app.dataSource);
    const rng = createRng(2024);
    const pick = <T>(values: T[], p: number) => values.filter(() => rng.nextFloat() < p);
    for (let i = 0; i < 30; i++) {
      const channel = (['email', 'sms', 'push'] as const)[rng.nextInt(3)];
      const input = {
        channel,
        include: { segmentIds: pick(segments.map((s) => s.id), 0.3), personaIds: pick(personas.map((p) => p.id), 0.2), rfmGroups: pick(['Champions', 'Loyal', 'Lost', 'Hibernating', 'New Customers', 'At Risk'], 0.2) },
        exclude: { segmentIds: pick(segments.map((s) => s.id), 0.15) },
        filters: {
          ...(rng.nextFloat() < 0.4 ? { countries: pick(COUNTRIES, 0.6) } : {}),
          ...(rng.nextFloat() < 0.3 ? { recencyDaysMax: 10 + rng.nextInt(300) } : {}),
          ...(rng.nextFloat() < 0.3 ? { monetaryMin: rng.nextInt(400) } : {}),
          ...(rng.nextFloat() < 0.3 ? { responseProbabilityMin: Math.round(rng.nextFloat() * 100) / 100 } : {}),
          ...(rng.nextFloat() < 0.2 ? { predictedSegmentIds: pick(segments.map((s) => s.id), 0.5) } : {}),
        },
        ...(rng.nextFloat() < 0.4 ? { cap: rng.nextFloat() < 0.5 ? { by: 'responseProbability' as const, size: 1 + rng.nextInt(30) } : { by: 'expectedProfit' as const, size: 1 + rng.nextInt(30), marginPerConversion: 20, costPerContact: 5 } } : {}),
      };
      if (input.filters.countries?.length === 0) delete input.filters.countries;
      const [count, preview] = await Promise.all([server.as.marketer.gql(COUNT, { d: input }), server.as.marketer.gql(PREVIEW, { d: input })]);
      expect(count.errors, JSON.stringify(input)).toBeUndefined();
      const members = preview.data!.audiencePreview.map((m: { customerId: string }) => Number(m.customerId)).sort((a: number, b: number) => a - b);
      expect(members, JSON.stringify(input)).toEqual(evaluateInMemory(world, normaliseDefinition(input)));
      expect(count.data!.audienceCount.size).toBe(members.length);
      for (const id of members) {
        const row = world.rows.find((r) => r.id === id)!;
        expect(row.erased || row.optedOut[channel] || !row.consent[channel], `customer ${id} on ${channel}`).toBe(false);
      }
    }
  });

  it('saves audiences, excludes one audience from another and refuses cycles', async () => {
    const loyal = segments.find((s) => s.centroid.frequency > 10)!;
    const vip = await server.as.marketer.gql(CREATE, { input: { name: 'VIP', definition: { channel: 'email', include: { segmentIds: [loyal.id] }, cap: { by: 'responseProbability', size: 5 } } } });
    expect(vip.errors).toBeUndefined();
    expect(vip.data!.createAudience.funnel.size).toBe(5);
    const rest = await server.as.marketer.gql(CREATE, { input: { name: 'Rest', definition: { channel: 'email', exclude: { audienceIds: [vip.data!.createAudience.id] } } } });
    const everyone = (await server.as.marketer.gql(COUNT, { d: { channel: 'email' } })).data!.audienceCount;
    const restCount = (await server.as.marketer.gql(COUNT, { a: rest.data!.createAudience.id })).data!.audienceCount;
    expect(restCount.excluded).toBe(5);
    expect(restCount.size).toBe(everyone.size - 5);
    const cycle = await server.as.marketer.gql(`mutation($id: ID!, $input: SaveAudienceInput!) { updateAudience(id: $id, input: $input) { id } }`,
      { id: vip.data!.createAudience.id, input: { name: 'VIP', definition: { channel: 'email', exclude: { audienceIds: [rest.data!.createAudience.id] } } } });
    expect(cycle.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await server.as.analyst.gql(CREATE, { input: { name: 'no', definition: { channel: 'email' } } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.as.marketer.gql(COUNT, { d: { channel: 'fax' } })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('deletes an audience only when no campaign references it and no audience excludes it', async () => {
    const DELETE = `mutation($id: ID!) { deleteAudience(id: $id) { id name } }`;
    const create = async (name: string, definition: Record<string, unknown>) => (await server.as.marketer.gql(CREATE, { input: { name, definition } })).data!.createAudience.id as string;
    const used = await create('Used by a campaign', { channel: 'email' });
    const excluded = await create('Excluded elsewhere', { channel: 'sms' });
    const excluder = await create('Excluder', { channel: 'sms', exclude: { audienceIds: [excluded] } });
    const free = await create('Free', { channel: 'push' });
    const campaign = (await server.as.marketer.gql(`mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }`,
      { input: { name: 'Uses it', channel: 'email', audienceId: used } })).data!.createCampaign.id;

    expect((await server.as.analyst.gql(DELETE, { id: free })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const inUse = await server.as.marketer.gql(DELETE, { id: used });
    expect(inUse.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', details: { reason: 'AUDIENCE_IN_USE', campaignIds: [Number(campaign)], excludedByAudienceIds: [] } });
    expect(inUse.errors?.[0].message).toMatch(new RegExp(`campaign ${campaign}`));
    const excludedRes = await server.as.marketer.gql(DELETE, { id: excluded });
    expect(excludedRes.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', details: { campaignIds: [], excludedByAudienceIds: [Number(excluder)] } });
    const stillThere = `query($id: ID!) { Audience(id: $id) { id } }`;
    for (const id of [used, excluded]) expect((await server.as.marketer.gql(stillThere, { id })).data!.Audience.id).toBe(id);

    expect((await server.as.marketer.gql(DELETE, { id: free })).data!.deleteAudience).toEqual({ id: free, name: 'Free' });
    expect((await server.as.marketer.gql(stillThere, { id: free })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await server.as.marketer.gql(DELETE, { id: free })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Once its excluder is gone, the excluded audience can go too.
    expect((await server.as.admin.gql(DELETE, { id: excluder })).errors).toBeUndefined();
    expect((await server.as.admin.gql(DELETE, { id: excluded })).errors).toBeUndefined();
  });

  it('gives two marketers saving the same version of an audience a defined winner', async () => {
    const created = (await server.as.marketer.gql(CREATE, { input: { name: 'Shared', definition: { channel: 'email' } } })).data!.createAudience;
    const save = `mutation($id: ID!, $input: SaveAudienceInput!) { updateAudience(id: $id, input: $input) { name version } }`;
    const edit = (name: string, who: 'marketer' | 'admin') => server.as[who].gql(save, { id: created.id, input: { name, definition: { channel: 'email' }, expectedVersion: 1 } });
    const [a, b] = await Promise.all([edit('Edited by A', 'marketer'), edit('Edited by B', 'admin')]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0].extensions?.code : r.data!.updateAudience.version));
    expect(outcomes.sort()).toEqual([2, 'CONFLICT'].sort());
    const winner = a.errors ? 'Edited by B' : 'Edited by A';
    const stored = await server.as.marketer.gql(`query($id: ID!) { Audience(id: $id) { name version } }`, { id: created.id });
    expect(stored.data!.Audience).toEqual({ name: winner, version: 2 });
  });

  it('suggests the ROI-optimal size: every eligible member whose p × margin exceeds the contact cost', async () => {
    const world = await loadWorld(server.app.dataSource);
    const res = await server.as.analyst.gql(`query { audienceRoi(definition: { channel: "email" }, input: { marginPerConversion: 40, costPerContact: 10, fixedCost: 50 }) {
      eligible suggested { size projectedResponses projectedRevenue projectedCost projectedProfit projectedRoi } everyone { size projectedProfit } } }`);
    expect(res.errors).toBeUndefined();
    const eligible = world.rows.filter((r) => !r.erased && !r.optedOut.email && r.consent.email);
    const chosen = eligible.filter((r) => (r.p ?? 0) * 40 > 10);
    const responses = chosen.reduce((s, r) => s + r.p!, 0);
    const roi = res.data!.audienceRoi;
    expect(roi.eligible).toBe(eligible.length);
    expect(roi.suggested.size).toBe(chosen.length);
    expect(roi.suggested.projectedResponses).toBeCloseTo(responses, 9);
    expect(roi.suggested.projectedCost).toBeCloseTo(50 + 10 * chosen.length, 9);
    expect(roi.suggested.projectedProfit).toBeCloseTo(responses * 40 - 50 - 10 * chosen.length, 9);
    expect(roi.suggested.projectedProfit).toBeGreaterThanOrEqual(roi.everyone.projectedProfit);
    // No other size of the ranked list does better.
    const ranked = eligible.map((r) => r.p ?? 0).sort((a, b) => b - a);
    let best = -50, profit = -50;
    for (const p of ranked) { profit += p * 40 - 10; best = Math.max(best, profit); }
    expect(roi.suggested.projectedProfit).toBeCloseTo(best, 9);
  });

  it('exports CSV with formulas neutralised and e-mails only for roles that may see them', async () => {
    const [{ id }] = await server.app.dataSource.query('SELECT id FROM customers WHERE consent_email = 1 AND opted_out_email = 0 AND erased_at IS NULL ORDER BY id LIMIT 1');
    await server.app.dataSource.query(`UPDATE customers SET external_id = ?, email = ? WHERE id = ?`, ['=HYPERLINK("http://evil")', '+cmd@example.com', id]);
    const created = await server.as.marketer.gql(CREATE, { input: { name: 'Export me', definition: { channel: 'email' } } });
    const audienceId = created.data!.createAudience.id;
    const size = created.data!.createAudience.funnel.size;
    const marketer = await download(`/api/audiences/${audienceId}/export.csv`, 'marketer');
    expect(marketer.status).toBe(200);
    const text = await marketer.text();
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('customer_id,internal_id,external_id,email,segment_id,persona,rfm_group,response_probability,predicted_segment_id');
    expect(lines.length - 1).toBe(size);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")",${id},"'=HYPERLINK(""http://evil"")",'+cmd@example.com`);
    expect(lines.slice(1).every((l) => !/,[=+\-@]/.test(l) && !/^[=+\-@]/.test(l))).toBe(true);
    const analyst = await (await download(`/api/audiences/${audienceId}/export.csv`, 'analyst')).text();
    expect(analyst.split('\r\n')[0]).not.toContain('email');
    expect(analyst).not.toContain('@example.com');
    expect(analyst.trim().split('\r\n').length).toBe(lines.length);
    expect((await download(`/api/audiences/${audienceId}/export.csv`, 'integration')).status).toBe(403);
    const preview = await server.as.integration.gql(PREVIEW, { a: audienceId });
    expect(preview.data!.audiencePreview.every((m: { email: string | null }) => m.email === null)).toBe(true);
    // Consent is checked again per row: a customer who opts out mid-export is not written.
    await server.app.dataSource.query('UPDATE customers SET opted_out_email = 1 WHERE id = ?', [id]);
    expect(await (await download(`/api/audiences/${audienceId}/export.csv`, 'admin')).text()).not.toContain('HYPERLINK');
  });
});
