import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAudience } from '../server/src/modules/audiences/index.js';
import { CampaignEntity } from '../server/src/modules/campaigns/index.js';
import { AuditEntryEntity } from '../server/src/modules/audit/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';

const START = `mutation($input: StartSegmentationInput!) { startSegmentation(input: $input) { run { id } } }`;
const RUN = `query($id: ID!) { SegmentationRun(id: $id) { id status error isLive
  segments { id size centroid persona { id name description origin version edited carriedFromPersonaId carriedFrom { id name } history { version name } } }
  activationDecision { outcome policy reasons }
  driftReport { runId liveRunId customersCompared adjustedRandIndex maxPsi maxSizeShift thresholds { psiWarning psiAlert }
    features { feature psi level } sizesBefore { segmentId size share } sizesAfter { segmentId size share }
    matches { fromSegmentId toSegmentId distance } sizeShifts { fromSegmentId toSegmentId sizeBefore sizeAfter shift }
    transition { fromSegmentIds toSegmentIds counts }
    audiences { audienceId name sizeLive sizeWithRun campaigns { campaignId name status } } } } }`;
const SETTINGS = `mutation($input: UpdateDataSetSettingsInput!) { updateDataSetSettings(input: $input) { version activationPolicy minAdjustedRandIndex maxSizeShift psiWarning psiAlert updatedBy } }`;

describe.each(TEST_DIALECTS)('drift report, activation policy and persona carry-over on %s', (dialect) => {
  let server: TestServer;
  let first: any;

  /** Starts a run and waits for its follow-ups: the drift report, then the activation decision. */
  const runAndDecide = async (input: Record<string, unknown>) => {
    const started = await server.as.analyst.gql(START, { input });
    expect(started.errors).toBeUndefined();
    return until(async () => {
      const res = await server.as.analyst.gql(RUN, { id: started.data!.startSegmentation.run.id });
      expect(res.errors).toBeUndefined();
      const run = res.data!.SegmentationRun;
      if (['failed', 'cancelled'].includes(run.status)) throw new Error(`run ${run.id} ${run.status}: ${run.error}`);
      return run.activationDecision ? run : null;
    }, 60_000, 100);
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    await seedBehaviourGroups(server.app.dataSource);
    first = await runAndDecide({ k: 3, seed: 11 });
  });
  afterAll(async () => { await server?.stop(); });

  it('goes live with the first run, with nothing to compare', () => {
    expect(first.isLive).toBe(true);
    expect(first.activationDecision.outcome).toBe('already-live');
    expect(first.driftReport).toMatchObject({ liveRunId: null, adjustedRandIndex: null, matches: [], features: [] });
    expect(first.segments.every((s: any) => s.persona.origin === 'drafted')).toBe(true);
  });

  it('validates settings (field by field, as a whole, admin only) and versions them', async () => {
    const read = await server.as.analyst.gql(`{ dataSetSettings { version activationPolicy minAdjustedRandIndex maxSizeShift psiWarning psiAlert } }`);
    expect(read.data?.dataSetSettings).toEqual({ version: 0, activationPolicy: 'manual', minAdjustedRandIndex: 0.8, maxSizeShift: 0.05, psiWarning: 0.1, psiAlert: 0.25 });
    const badPolicy = await server.as.admin.gql(SETTINGS, { input: { activationPolicy: 'sometimes' } });
    expect(badPolicy.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badPolicy.errors?.[0].message).toMatch(/activationPolicy/);
    const inverted = await server.as.admin.gql(SETTINGS, { input: { psiWarning: 0.3, psiAlert: 0.2 } });
    expect(inverted.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(inverted.errors?.[0].message).toBe('invalid settings: psiAlert must be above psiWarning (0.3), got 0.2');
    const zeroShift = await server.as.admin.gql(SETTINGS, { input: { maxSizeShift: 0 } });
    expect(zeroShift.errors?.[0].message).toBe('invalid settings: maxSizeShift must be above 0 and at most 1, got 0');
    const marketer = await server.as.marketer.gql(SETTINGS, { input: { activationPolicy: 'automatic' } });
    expect(marketer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const stale = await server.as.admin.gql(SETTINGS, { input: { psiWarning: 0.12, expectedVersion: 3 } });
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    // Nothing above was written.
    expect((await server.as.analyst.gql(`{ dataSetSettings { version } }`)).data?.dataSetSettings.version).toBe(0);
  });

  it('reports no drift for an identical re-run, waits for a person under the manual policy, and carries persona edits over', async () => {
    const live = first.segments[0];
    const edited = await server.as.analyst.gql(`mutation($id: ID!, $input: UpdatePersonaInput!) { updatePersona(id: $id, input: $input) { version } }`,
      { id: live.persona.id, input: { name: 'Our best friends', description: 'Written by the product manager' } });
    expect(edited.data?.updatePersona.version).toBe(2);

    const again = await runAndDecide({ k: 3, seed: 11 });
    const report = again.driftReport;
    expect(report.liveRunId).toBe(first.id);
    expect(report.customersCompared).toBe(90);
    expect(report.adjustedRandIndex).toBe(1);
    expect(report.maxSizeShift).toBe(0);
    expect(report.maxPsi).toBe(0);
    expect(report.features.map((f: any) => f.level)).toEqual(report.features.map(() => 'stable'));
    // Each live segment of 30 maps onto exactly one new segment of 30: a permutation matrix of 30s.
    expect(report.transition.counts.flat().sort((a: number, b: number) => a - b)).toEqual([0, 0, 0, 0, 0, 0, 30, 30, 30]);
    expect(report.matches).toHaveLength(3);
    for (const m of report.matches) {
      expect(m.distance).toBeLessThan(1e-9);
      const row = report.transition.fromSegmentIds.indexOf(m.fromSegmentId), col = report.transition.toSegmentIds.indexOf(m.toSegmentId);
      expect(report.transition.counts[row][col]).toBe(30);
    }

    expect(again.isLive).toBe(false);
    expect(again.activationDecision.outcome).toBe('waiting');
    expect(again.activationDecision.reasons[0]).toMatch(/manual/);
    const notices = await server.as.marketer.gql(`{ activationNotices { runId reasons } }`);
    expect(notices.data?.activationNotices.map((n: any) => n.runId)).toEqual([again.id]);
    const audit = await server.app.dataSource.getRepository(AuditEntryEntity).findBy({ action: 'activationWaiting' });
    expect(audit.map((a) => a.details.runId)).toEqual([Number(again.id)]);

    const successor = report.matches.find((m: any) => m.fromSegmentId === live.id).toSegmentId;
    const carried = again.segments.find((s: any) => s.id === successor).persona;
    expect(carried).toMatchObject({ name: 'Our best friends', description: 'Written by the product manager', origin: 'carried', version: 2, edited: true });
    expect(carried.carriedFrom).toEqual({ id: live.persona.id, name: 'Our best friends' });
    expect(carried.history.map((h: any) => h.version)).toEqual([2, 1]);

    // A later edit of the live persona reaches the new run's persona when it is activated.
    const again2 = await server.as.analyst.gql(`mutation($id: ID!) { updatePersona(id: $id, input: { description: "Edited again before activation" }) { version } }`, { id: live.persona.id });
    expect(again2.data?.updatePersona.version).toBe(3);
    const act = await server.as.marketer.gql(`mutation($id: ID!) { activateSegmentation(runId: $id) { runId } }`, { id: again.id });
    expect(act.errors).toBeUndefined();
    const after = (await server.as.analyst.gql(RUN, { id: again.id })).data!.SegmentationRun;
    const kept = after.segments.find((s: any) => s.id === successor).persona;
    expect(kept).toMatchObject({ name: 'Our best friends', description: 'Edited again before activation', version: 3 });
    expect(kept.history.map((h: any) => h.version)).toEqual([3, 2, 1]);
    expect((await server.as.marketer.gql(`{ activationNotices { runId } }`)).data?.activationNotices).toEqual([]);
  });

  it('activates a close run by itself under the automatic policy, and keeps the persona edits', async () => {
    const saved = await server.as.admin.gql(SETTINGS, { input: { activationPolicy: 'automatic', expectedVersion: 0 } });
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.updateDataSetSettings).toMatchObject({ version: 1, activationPolicy: 'automatic', minAdjustedRandIndex: 0.8 });
    const close = await runAndDecide({ k: 3, seed: 11 });
    expect(close.activationDecision.outcome).toBe('activated');
    expect(close.isLive).toBe(true);
    const names = close.segments.map((s: any) => s.persona.name);
    expect(names).toContain('Our best friends');
    expect(close.segments.every((s: any) => s.persona.origin === 'carried')).toBe(true);
    const audit = await server.app.dataSource.getRepository(AuditEntryEntity).findBy({ action: 'activateSegmentation', actor: 'activation-policy' });
    expect(audit.map((a) => a.details.runId)).toEqual([Number(close.id)]);
  });

  it('refuses to activate a drifted run automatically, reports it exactly, and shows which audiences would change', async () => {
    const live = (await server.as.analyst.gql(`{ liveSegmentation { runId } }`)).data?.liveSegmentation.runId
      ?? (await server.app.dataSource.query(`SELECT run_id FROM live_segmentations WHERE data_set = 'default'`))[0].run_id;
    const liveRun = (await server.as.analyst.gql(RUN, { id: String(live) })).data!.SegmentationRun;
    const lapsed = liveRun.segments.find((s: any) => s.centroid.recencyDays > 200);
    const audience = await saveAudience(server.app.dataSource, { name: 'Lapsed by e-mail', definition: { channel: 'email', include: { segmentIds: [Number(lapsed.id)] } } as never }, 'test');
    const now = new Date();
    await server.app.dataSource.getRepository(CampaignEntity).insert({ name: 'Win-back', channel: 'email', audienceId: audience.id, status: 'draft', controlShare: 0, createdAt: now, updatedAt: now });

    const drifted = await runAndDecide({ k: 2, seed: 11 });
    const report = drifted.driftReport;
    expect(drifted.activationDecision.outcome).toBe('waiting');
    expect(drifted.isLive).toBe(false);
    expect(drifted.activationDecision.reasons.join(' ')).toMatch(/drifted/);
    // k=2 merges two of the three groups of 30 whole. By hand: Σ C(n_ij, 2) = 3·C(30,2) = 1305 (= the row sum),
    // columns C(60,2) + C(30,2) = 2205, pairs C(90,2) = 4005 → ARI = (1305 − 1305·2205/4005) / ((1305 + 2205)/2 − 1305·2205/4005).
    const expected = 1305 * 2205 / 4005;
    expect(report.adjustedRandIndex).toBeCloseTo((1305 - expected) / ((1305 + 2205) / 2 - expected), 12);
    expect(report.transition.counts.flat().sort((a: number, b: number) => a - b)).toEqual([0, 0, 0, 30, 30, 30]);
    expect(report.sizesAfter.map((s: any) => s.size).sort()).toEqual([30, 60]);
    // Two live segments are matched, the third (half of the merged pair) has no successor: its 1/3 share disappears.
    expect(report.matches).toHaveLength(2);
    expect(report.maxSizeShift).toBeCloseTo(1 / 3, 12);
    expect(report.sizeShifts.filter((s: any) => s.toSegmentId === null).map((s: any) => s.sizeBefore)).toEqual([30]);
    // The lapsed audience: 30 today; with this run its segment becomes the merged 60, or nothing if it lost the match.
    const impact = report.audiences.find((a: any) => a.audienceId === String(audience.id));
    expect(impact.sizeLive).toBe(30);
    const lapsedMatch = report.matches.find((m: any) => m.fromSegmentId === lapsed.id);
    expect(impact.sizeWithRun).toBe(lapsedMatch ? report.sizesAfter.find((s: any) => s.segmentId === lapsedMatch.toSegmentId).size : 0);
    expect(impact.campaigns.map((c: any) => [c.name, c.status])).toEqual([['Win-back', 'draft']]);
    // The new run's unmatched segments are none here (2 < 3); its personas are carried or new, never left as drafts.
    expect(drifted.segments.map((s: any) => s.persona.origin).sort()).toEqual(['carried', 'carried']);
    const notices = await server.as.marketer.gql(`{ activationNotices { runId } }`);
    expect(notices.data?.activationNotices.map((n: any) => n.runId)).toEqual([drifted.id]);
  });

  it('marks the segments of a larger run that match nothing as new', async () => {
    const larger = await runAndDecide({ k: 5, seed: 11 });
    const origins = larger.segments.map((s: any) => s.persona.origin).sort();
    expect(origins).toEqual(['carried', 'carried', 'carried', 'new', 'new']);
    expect(larger.activationDecision.outcome).toBe('waiting');
  });
});
