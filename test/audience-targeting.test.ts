/**
 * The targeting table against the joins it replaces: the same definitions through both paths
 * (the joins forced with useTargeting: false) must give the same funnels, previews, member
 * pages and ROI suggestions, including right after consent changes, erasure, new customers, a
 * new snapshot, a new live run and new scores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createRng } from '../server/src/ml/index.js';
import { normaliseDefinition, type AudienceDefinition, compileAudience, evaluationContext, type EvaluationOptions, audienceFunnel, audienceMemberPages, previewAudience, roiOptimalSize, saveAudience } from '../server/src/modules/audiences/index.js';
import { createFeatureSnapshot, defaultAsOf } from '../server/src/modules/features/index.js';
import { eraseCustomer } from '../server/src/modules/privacy/index.js';
import { CASE_CODED_VALUES, currentSources, readTargetingState, rebuildTargeting, reflects, refreshTargetingScores } from '../server/src/modules/targeting/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';
import { COUNTRIES, seedContactability } from './helpers/audience-fixtures.js';

const JOINS: EvaluationOptions = { useTargeting: false };

async function evaluate(ds: DataSource, d: AudienceDefinition, opts: EvaluationOptions = {}) {
  const members: Record<string, unknown>[] = [];
  for await (const page of audienceMemberPages(ds, d, 17, opts)) members.push(...page);
  return {
    funnel: await audienceFunnel(ds, d, opts),
    preview: await previewAudience(ds, d, { page: 0, perPage: 25 }, opts),
    members,
    roi: await roiOptimalSize(ds, d, { marginPerConversion: 30, costPerContact: 6 }, opts),
  };
}

const targetingCurrent = async (ds: DataSource) => reflects(await readTargetingState(ds), await currentSources(ds));
const pathOf = async (ds: DataSource, d: AudienceDefinition) => (await compileAudience(ds, d, await evaluationContext(ds))).path;

describe.each(TEST_DIALECTS)('audience targeting table on %s', (dialect) => {
  let server: TestServer;
  let ds: DataSource;
  let segmentIds: number[];
  let personaIds: number[];
  let excludedAudienceId: number;

  const runSegmentation = async (input: string) => {
    const started = await server.as.analyst.gql(`mutation { startSegmentation(input: ${input}) { run { id } } }`);
    const runId = started.data!.startSegmentation.run.id;
    await until(async () => {
      const res = await server.as.analyst.gql(`query($id: ID!) { SegmentationRun(id: $id) { status error } }`, { id: runId });
      if (res.data?.SegmentationRun.status === 'failed') throw new Error(res.data?.SegmentationRun.error);
      return res.data?.SegmentationRun.status === 'succeeded';
    }, 60_000, 100);
    return runId as string;
  };
  const liveSegments = async () => (await ds.query('SELECT s.id FROM segments s JOIN live_segmentations l ON l.run_id = s.run_id ORDER BY s.id')).map((r: { id: unknown }) => Number(r.id));
  const livePersonas = async () => (await ds.query('SELECT p.id FROM personas p JOIN segments s ON s.id = p.segment_id JOIN live_segmentations l ON l.run_id = s.run_id ORDER BY p.id'))
    .map((r: { id: unknown }) => Number(r.id));

  /** Seeded random definitions over the live run's segments and personas, every filter kind represented. */
  function definitions(seed: number, count: number): AudienceDefinition[] {
    const rng = createRng(seed);
    const pick = <T>(values: T[], p: number) => values.filter(() => rng.nextFloat() < p);
    const maybe = <T>(p: number, value: () => T) => (rng.nextFloat() < p ? value() : undefined);
    return Array.from({ length: count }, () => normaliseDefinition({
      channel: (['email', 'sms', 'push'] as const)[rng.nextInt(3)],
      include: { segmentIds: pick(segmentIds, 0.3), personaIds: pick(personaIds, 0.2), rfmGroups: pick(['Champions', 'Loyal', 'Lost', 'Hibernating', 'New Customers', 'At Risk', 'champions', 'Nobody'], 0.2) },
      exclude: { segmentIds: pick(segmentIds, 0.15), audienceIds: rng.nextFloat() < 0.2 ? [excludedAudienceId] : [] },
      filters: {
        countries: maybe(0.4, () => [...pick([...COUNTRIES, 'Spain', 'Portugal', 'france', 'Atlantis'], 0.5), 'Germany']),
        ageBands: maybe(0.1, () => ['unknown', '25-34']),
        topCategories: maybe(0.2, () => pick(['Kitchen', 'Lighting', 'Garden'], 0.6).concat('Kitchen')),
        recencyDaysMin: maybe(0.15, () => rng.nextInt(100)), recencyDaysMax: maybe(0.3, () => 10 + rng.nextInt(300)),
        frequencyMin: maybe(0.2, () => rng.nextInt(12)), monetaryMin: maybe(0.3, () => rng.nextInt(400)), monetaryMax: maybe(0.1, () => 200 + rng.nextInt(800)),
        lastOrderFrom: maybe(0.15, () => new Date(Date.UTC(2011, rng.nextInt(12), 1)).toISOString()), lastOrderTo: maybe(0.1, () => new Date(Date.UTC(2011, 6 + rng.nextInt(6), 1)).toISOString()),
        responseProbabilityMin: maybe(0.3, () => Math.round(rng.nextFloat() * 100) / 100), responseProbabilityMax: maybe(0.1, () => 0.5 + Math.round(rng.nextFloat() * 50) / 100),
        predictedSegmentIds: maybe(0.2, () => pick(segmentIds, 0.5).concat(segmentIds[0])),
      },
      cap: rng.nextFloat() < 0.35 ? (rng.nextFloat() < 0.5 ? { by: 'responseProbability', size: 1 + rng.nextInt(30) } : { by: 'expectedProfit', size: 1 + rng.nextInt(30), marginPerConversion: 20, costPerContact: 5 }) : null,
    }));
  }

  /** Every definition through both paths; the fast one must be the targeting table when `expectTargeting`. */
  async function expectSamePaths(defs: AudienceDefinition[], expectTargeting: boolean) {
    let nonEmpty = 0;
    for (const d of defs) {
      expect(await pathOf(ds, d), JSON.stringify(d)).toBe(expectTargeting ? 'targeting' : 'joins');
      const [fast, slow] = [await evaluate(ds, d), await evaluate(ds, d, JOINS)];
      expect({ ...fast, roi: null }, JSON.stringify(d)).toEqual({ ...slow, roi: null });
      // Sums of doubles depend on the order rows are scanned in: equal to the last few bits.
      expect(fast.roi.eligible).toBe(slow.roi.eligible);
      for (const key of ['suggested', 'everyone'] as const) {
        expect(fast.roi[key].size).toBe(slow.roi[key].size);
        expect(fast.roi[key].projectedProfit).toBeCloseTo(slow.roi[key].projectedProfit, 9);
        expect(fast.roi[key].projectedResponses).toBeCloseTo(slow.roi[key].projectedResponses, 9);
      }
      if (fast.funnel.size > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(defs.length / 4); // the comparison is not between empty results
  }

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    ds = server.app.dataSource;
    await seedBehaviourGroups(ds);
    await runSegmentation('{ k: 3, seed: 11 }');
    await seedContactability(ds);
    await until(() => targetingCurrent(ds), 30_000, 50); // the rebuild the segmentation job queued
    segmentIds = await liveSegments();
    personaIds = await livePersonas();
    excludedAudienceId = (await saveAudience(ds, { name: 'Top scored', definition: normaliseDefinition({ channel: 'email', cap: { by: 'responseProbability', size: 12 } }) }, 'test')).id;
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it('gives the same funnels, previews, member pages and ROI on both paths (random seeded definitions)', async () => {
    expect(await targetingCurrent(ds)).toBe(true);
    await expectSamePaths(definitions(7, 30), true);
  });

  it('follows consent, opt-out, country changes, new customers and erasure at once', async () => {
    const ids: number[] = (await ds.query('SELECT id FROM customers WHERE erased_at IS NULL ORDER BY id')).map((r: { id: unknown }) => Number(r.id));
    await ds.query(`UPDATE customers SET consent_email = 1 - consent_email, opted_out_sms = 1 - opted_out_sms WHERE id IN (${ids.slice(0, 15).join(', ')})`);
    await ds.query(`UPDATE customers SET country = 'Spain' WHERE id IN (${ids.slice(20, 25).join(', ')})`);
    // Updates that change nothing targeting reads: the update trigger skips them.
    await ds.query(`UPDATE customers SET name = 'Renamed', consent_email = consent_email WHERE id IN (${ids.slice(0, 40).join(', ')})`);
    const now = dialect === 'sqlite' ? new Date().toISOString().replace('T', ' ').replace('Z', '') : new Date();
    await ds.query(`INSERT INTO customers (external_id, country, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at)
      VALUES ('newcomer-1', 'Portugal', 1, 1, 1, 0, 0, 0, ?, ?)`, [now, now]);
    // The import path: an upsert that updates an existing customer fires the update trigger.
    await ds.query(dialect === 'sqlite'
      ? `INSERT INTO customers (external_id, country, created_at, updated_at) VALUES ('newcomer-1', 'Portugal', ?, ?) ON CONFLICT (external_id) DO UPDATE SET opted_out_email = 1`
      : `INSERT INTO customers (external_id, country, created_at, updated_at) VALUES ('newcomer-1', 'Portugal', ?, ?) ON DUPLICATE KEY UPDATE opted_out_email = 1`, [now, now]);
    const erased = ids[30];
    await eraseCustomer(ds, erased);

    expect(await targetingCurrent(ds)).toBe(true); // no rebuild was needed
    const spain = normaliseDefinition({ channel: 'push', filters: { countries: ['Spain', 'Portugal'] } });
    expect((await audienceFunnel(ds, spain)).matched).toBe(6);
    const newcomer = normaliseDefinition({ channel: 'email', filters: { countries: ['Portugal'] } });
    expect(await audienceFunnel(ds, newcomer)).toMatchObject({ matched: 1, optedOut: 1, size: 0 });
    const [row] = await ds.query('SELECT segment_id, rfm_group_code, response_probability, erased FROM customer_targeting WHERE customer_id = ?', [erased]);
    expect({ ...row, erased: Number(row.erased) }).toEqual({ segment_id: null, rfm_group_code: null, response_probability: null, erased: 1 });
    await expectSamePaths([spain, newcomer, ...definitions(8, 20)], true);
  });

  it('follows new scores written with the scoring transaction', async () => {
    const rng = createRng(99);
    await ds.transaction(async (manager) => {
      await manager.query('DELETE FROM customer_scores');
      const ids: number[] = (await manager.query('SELECT id FROM customers WHERE erased_at IS NULL ORDER BY id')).map((r: { id: unknown }) => Number(r.id));
      for (const id of ids.filter(() => rng.nextFloat() < 0.7)) {
        await manager.query('INSERT INTO customer_scores (customer_id, response_probability, predicted_segment_id, scored_at) VALUES (?, ?, ?, ?)',
          [id, Math.round(rng.nextFloat() * 100) / 100, segmentIds[rng.nextInt(segmentIds.length)], dialect === 'sqlite' ? '2024-01-01 00:00:00' : new Date()]);
      }
      await refreshTargetingScores(manager, 7); // what the scoring job's completion transaction does
    });
    expect(await targetingCurrent(ds)).toBe(true);
    await expectSamePaths(definitions(9, 20), true);
  });

  it('joins while a new snapshot or live run is not in the table yet, and uses the table again after the rebuild', async () => {
    await createFeatureSnapshot(ds, await defaultAsOf(ds));
    expect(await targetingCurrent(ds)).toBe(false);
    await expectSamePaths(definitions(10, 8), false);
    let compactions = 0;
    const report = await rebuildTargeting(ds, { batchSize: 16, onCompact: () => compactions++ });
    expect(report).toMatchObject({ superseded: false, customers: Number((await ds.query('SELECT COUNT(*) AS n FROM customers'))[0].n) });
    expect(compactions).toBe(dialect === 'sqlite' ? 0 : 1); // OPTIMIZE TABLE is MySQL/MariaDB's
    await expectSamePaths(definitions(11, 15), true);

    const oldSegments = segmentIds;
    const runId = await runSegmentation('{ k: 4, seed: 5 }');
    const activated = await server.as.analyst.gql(`mutation($id: ID!) { activateSegmentation(runId: $id) { runId } }`, { id: runId });
    expect(activated.errors).toBeUndefined();
    await until(() => targetingCurrent(ds), 30_000, 50); // the rebuild the activation queued
    segmentIds = await liveSegments();
    personaIds = await livePersonas();
    expect(segmentIds).not.toEqual(oldSegments);
    await expectSamePaths(definitions(12, 20), true);
    // A segment of a run that is no longer live is only in the joins.
    const stale = normaliseDefinition({ channel: 'email', include: { segmentIds: [oldSegments[0], segmentIds[0]] } });
    expect(await pathOf(ds, stale)).toBe('joins');
    expect(await audienceFunnel(ds, stale)).toEqual(await audienceFunnel(ds, stale, JOINS));
  });

  it('codes values by CASE exactly as by joins to the dictionary, whatever its size', async () => {
    // A country spelt in another case: one value under MariaDB's case-insensitive collation, two under SQLite's binary one.
    const [{ id }] = await ds.query("SELECT MIN(id) AS id FROM customers WHERE country = 'France'");
    await ds.query("UPDATE customers SET country = 'FRANCE' WHERE id = ?", [id]);
    await ds.query("UPDATE customers SET birth_date = '1980-05-01' WHERE id % 3 = 0"); // age bands come from a snapshot's features
    await createFeatureSnapshot(ds, await defaultAsOf(ds));
    const table = async () => ds.query('SELECT * FROM customer_targeting ORDER BY customer_id');
    await rebuildTargeting(ds, { caseCodedValues: 0 }); // every kind joined
    const joined = await table();
    for (const column of ['rfm_group_code', 'top_category_code', 'age_band_code', 'country_code']) {
      expect(joined.filter((r: Record<string, unknown>) => r[column] !== null).length, column).toBeGreaterThan(0);
    }
    const kinds = await ds.query('SELECT kind, COUNT(*) AS n FROM targeting_values GROUP BY kind ORDER BY n');
    for (const limit of [Number(kinds[0].n), CASE_CODED_VALUES]) { // the smallest kind by CASE, the rest joined; then every kind by CASE
      await rebuildTargeting(ds, { caseCodedValues: limit });
      expect(await table(), `CASE for kinds of at most ${limit} values`).toEqual(joined);
    }
    expect(await targetingCurrent(ds)).toBe(true);
    await expectSamePaths(definitions(14, 10), true);
  });

  // Two connections at once: TypeORM's SQLite driver has one connection and no concurrent transactions.
  it.skipIf(dialect === 'sqlite')('lets the later of two concurrent rebuilds finish, and ends current', async () => {
    const reports = await Promise.all([rebuildTargeting(ds, { batchSize: 5 }), rebuildTargeting(ds, { batchSize: 5 })]);
    const [older, newer] = reports.sort((a, b) => a.generation - b.generation);
    expect(newer.generation).toBe(older.generation + 1);
    expect(newer.superseded).toBe(false);
    expect((await readTargetingState(ds)).generation).toBe(newer.generation);
    expect(await targetingCurrent(ds)).toBe(true);
    await expectSamePaths(definitions(13, 10), true);
  });
});
