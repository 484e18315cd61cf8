import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';

const IMPACT = `query($r: ID!) { activationImpact(runId: $r) { runId liveRunId audiences { id name runIds } campaigns { id name status audienceId } personaEdits { personaId name segmentLabel updatedBy updatedByName carriedToSegmentId } } }`;

describe.each(TEST_DIALECTS)('what activating a run affects, on %s', (dialect) => {
  let server: TestServer;
  const segment = async (k: number): Promise<string> => {
    const started = await server.as.analyst.gql(`mutation($k: Int!) { startSegmentation(input: { k: $k, seed: 11 }) { run { id } } }`, { k });
    const runId = started.data!.startSegmentation.run.id as string;
    await until(async () => {
      const res = await server.as.analyst.gql(`query($id: ID!) { SegmentationRun(id: $id) { status error } }`, { id: runId });
      if (res.data?.SegmentationRun.status === 'failed') throw new Error(res.data.SegmentationRun.error);
      return res.data?.SegmentationRun.status === 'succeeded';
    }, 60_000, 200);
    return runId;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    await seedBehaviourGroups(server.app.dataSource);
  });
  afterAll(async () => { await server?.stop(); });

  it('lists pinned audiences, their draft campaigns and persona edits; the audience then says its run is not live', async () => {
    const first = await segment(3); // the first run goes live by itself
    const { allSegments, allPersonas } = (await server.as.analyst.gql(`{ allSegments(perPage: 10) { id label } allPersonas(perPage: 10) { id segmentId } }`)).data!;
    const pinned = (await server.as.marketer.gql(`mutation($i: SaveAudienceInput!) { createAudience(input: $i) { id } }`, {
      i: { name: 'Pinned', definition: { channel: 'email', include: { segmentIds: [allSegments[0].id], personaIds: [allPersonas[1].id] } } },
    })).data!.createAudience.id;
    const byPersona = (await server.as.marketer.gql(`mutation($i: SaveAudienceInput!) { createAudience(input: $i) { id } }`, {
      i: { name: 'By persona', definition: { channel: 'sms', include: { personaIds: [allPersonas[2].id] } } },
    })).data!.createAudience.id;
    await server.as.marketer.gql(`mutation($i: SaveAudienceInput!) { createAudience(input: $i) { id } }`, { i: { name: 'Everyone', definition: { channel: 'email', include: { rfmGroups: ['Champions'] } } } });
    const draft = (await server.as.marketer.gql(`mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`, { i: { name: 'Spring', channel: 'email', audienceId: pinned } })).data!.createCampaign.id;
    const edited = await server.as.analyst.gql(`mutation($id: ID!) { updatePersona(id: $id, input: { name: "Weekend regulars" }) { id } }`, { id: allPersonas[0].id });
    expect(edited.errors).toBeUndefined();

    expect((await server.as.analyst.gql(IMPACT, { r: first })).data!.activationImpact).toMatchObject({ runId: first, liveRunId: first, audiences: [], campaigns: [], personaEdits: [] });

    const second = await segment(2);
    // The drift report (a follow-up job) matches the live run's segments to the new run's: an
    // edited persona whose segment is matched carries over at activation.
    const matches: { fromSegmentId: string; toSegmentId: string }[] = await until(async () =>
      (await server.as.analyst.gql(`query($id: ID!) { SegmentationRun(id: $id) { driftReport { matches { fromSegmentId toSegmentId } } } }`, { id: second })).data?.SegmentationRun?.driftReport?.matches, 60_000, 200);
    const carriedTo = matches.find((m) => m.fromSegmentId === allPersonas[0].segmentId)?.toSegmentId ?? null;
    const res = await server.as.analyst.gql(IMPACT, { r: second });
    expect(res.errors).toBeUndefined();
    const impact = res.data!.activationImpact;
    expect(impact.liveRunId).toBe(first);
    expect(impact.audiences).toEqual([{ id: byPersona, name: 'By persona', runIds: [first] }, { id: pinned, name: 'Pinned', runIds: [first] }]);
    expect(impact.campaigns).toEqual([{ id: draft, name: 'Spring', status: 'draft', audienceId: pinned }]);
    expect(impact.personaEdits).toEqual([{ personaId: allPersonas[0].id, name: 'Weekend regulars', segmentLabel: allSegments.find((s: { id: string }) => s.id === allPersonas[0].segmentId).label, updatedBy: expect.stringMatching(/^user:\d+$/), updatedByName: 'Test analyst', carriedToSegmentId: carriedTo }]);
    expect(matches).toHaveLength(2); // k 3 → 2: two live segments matched, one left over
    // A marketer reads it too (the dialog opens for whoever may activate); an integration key may not.
    expect((await server.as.integration.gql(IMPACT, { r: second })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.as.analyst.gql(IMPACT, { r: '999999' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const before = (await server.as.marketer.gql(`query($id: ID!) { Audience(id: $id) { segmentRunIds notLiveRunIds } }`, { id: pinned })).data!.Audience;
    expect(before).toEqual({ segmentRunIds: [first], notLiveRunIds: [] });
    await server.as.analyst.gql(`mutation($r: ID!) { activateSegmentation(runId: $r) { runId } }`, { r: second });
    const after = (await server.as.marketer.gql(`{ allAudiences(perPage: 10) { name notLiveRunIds } }`)).data!.allAudiences;
    expect(after).toEqual([{ name: 'By persona', notLiveRunIds: [first] }, { name: 'Everyone', notLiveRunIds: [] }, { name: 'Pinned', notLiveRunIds: [first] }]);
    // Going back to the first run: nothing is pinned elsewhere; the only persona edit on the second
    // run is the one carried over to its matched segment at activation (none when it had no match).
    const back = (await server.as.analyst.gql(IMPACT, { r: first })).data!.activationImpact;
    expect(back).toMatchObject({ liveRunId: second, audiences: [], campaigns: [] });
    expect(back.personaEdits.map((p: { name: string }) => p.name)).toEqual(carriedTo ? ['Weekend regulars'] : []);
  });

  it('shows people by name in runs, persona history and the audit log, in one read per page', async () => {
    const runs = (await server.as.analyst.gql(`{ allSegmentationRuns(perPage: 10) { createdBy createdByName } }`)).data!.allSegmentationRuns;
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) expect(run).toEqual({ createdBy: expect.stringMatching(/^user:\d+$/), createdByName: 'Test analyst' });
    const { allPersonas } = (await server.as.analyst.gql(`{ allPersonas(perPage: 50) { name updatedBy updatedByName history { version editedBy editedByName } } }`)).data!;
    expect(allPersonas.length).toBeGreaterThan(0);
    await server.as.analyst.gql(`mutation { updatePersona(id: "${(await server.as.analyst.gql(`{ allPersonas(perPage: 1) { id } }`)).data!.allPersonas[0].id}", input: { name: "Renamed by the analyst" }) { id } }`);
    const [renamed] = (await server.as.analyst.gql(`{ allPersonas(perPage: 1) { updatedByName history { version editedBy editedByName } } }`)).data!.allPersonas;
    expect(renamed.updatedByName).toBe('Test analyst');
    const newest = renamed.history.reduce((a: { version: number }, b: { version: number }) => (b.version > a.version ? b : a));
    expect(newest.editedByName).toBe('Test analyst');
    for (const edit of renamed.history) if (edit.editedBy === null) expect(edit.editedByName).toBeNull();

    const audit = (await server.as.admin.gql(`{ allAuditEntries(perPage: 100) { actor actorName } }`)).data!.allAuditEntries as { actor: string; actorName: string }[];
    const names = new Map(audit.map((e) => [e.actor, e.actorName]));
    expect([...names.values()]).toEqual(expect.arrayContaining(['Test analyst', 'Test marketer']));
    for (const [actor, name] of names) if (/^(user|apikey):/.test(actor)) expect(name).not.toMatch(/^(user|apikey):/);
  });
});
