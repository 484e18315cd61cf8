/**
 * Audience test data on top of seedBehaviourGroups: seeded consent, opt-outs, erasures,
 * countries and scores, and an independent in-memory evaluator of audience definitions (plain
 * loops over the rows, no SQL) to check the SQL compiler against.
 */
import type { DataSource } from 'typeorm';
import { createRng } from '../../server/src/ml/index.js';
import type { AudienceDefinition, Channel } from '../../server/src/modules/audiences/index.js';
import { refreshTargetingScores } from '../../server/src/modules/targeting/index.js';

export const COUNTRIES = ['United Kingdom', 'France', 'Germany'];

export async function seedContactability(dataSource: DataSource, seed = 3): Promise<void> {
  const rng = createRng(seed);
  const ids: number[] = (await dataSource.query('SELECT id FROM customers ORDER BY id')).map((r: { id: unknown }) => Number(r.id));
  const segments: number[] = (await dataSource.query('SELECT id FROM segments ORDER BY id')).map((r: { id: unknown }) => Number(r.id));
  const bit = (p: number) => (rng.nextFloat() < p ? 1 : 0);
  const scoredAt = new Date().toISOString().slice(0, 19).replace('T', ' ');
  for (const id of ids) {
    await dataSource.query(`UPDATE customers SET email = ?, country = ?, consent_email = ?, consent_sms = ?, consent_push = ?,
      opted_out_email = ?, opted_out_sms = ?, opted_out_push = ?, erased_at = ? WHERE id = ?`, [
      `c${id}@example.com`, COUNTRIES[rng.nextInt(3)], bit(0.8), bit(0.5), bit(0.4), bit(0.15), bit(0.15), bit(0.15), bit(0.06) ? scoredAt : null, id,
    ]);
    if (rng.nextFloat() < 0.85) {
      // Rounded to 2 decimals so ties happen and the cap's tie-break by id is exercised.
      await dataSource.query('INSERT INTO customer_scores (customer_id, response_probability, predicted_segment_id, scored_at) VALUES (?, ?, ?, ?)',
        [id, Math.round(rng.nextFloat() * 100) / 100, segments.length ? segments[rng.nextInt(segments.length)] : null, scoredAt]);
    }
  }
  // Scores are written here the way the scoring job writes them, so targeting follows as it does there.
  await dataSource.transaction((manager) => refreshTargetingScores(manager));
}

interface Row {
  id: number; country: string | null; erased: boolean; consent: Record<Channel, boolean>; optedOut: Record<Channel, boolean>;
  rfmGroup: string | null; recencyDays: number | null; frequency: number | null; monetary: number | null; topCategory: string | null;
  p: number | null; predictedSegmentId: number | null; segments: Set<number>;
}

export async function loadWorld(dataSource: DataSource): Promise<{ rows: Row[]; personaSegment: Map<number, number> }> {
  const [{ snap }] = await dataSource.query('SELECT MAX(id) AS snap FROM feature_snapshots');
  const raw = await dataSource.query(`SELECT c.id, c.country, c.erased_at, c.consent_email, c.consent_sms, c.consent_push, c.opted_out_email, c.opted_out_sms, c.opted_out_push,
      f.rfm_group, f.recency_days, f.frequency, f.monetary, f.top_category, s.response_probability, s.predicted_segment_id
    FROM customers c LEFT JOIN customer_features f ON f.customer_id = c.id AND f.snapshot_id = ? LEFT JOIN customer_scores s ON s.customer_id = c.id ORDER BY c.id`, [snap ?? -1]);
  const memberships = await dataSource.query('SELECT customer_id, segment_id FROM segment_memberships');
  const segs = new Map<number, Set<number>>();
  for (const m of memberships) {
    const id = Number(m.customer_id);
    if (!segs.has(id)) segs.set(id, new Set());
    segs.get(id)!.add(Number(m.segment_id));
  }
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const rows: Row[] = raw.map((r: Record<string, unknown>) => ({
    id: Number(r.id), country: r.country as string | null, erased: r.erased_at !== null,
    consent: { email: Number(r.consent_email) === 1, sms: Number(r.consent_sms) === 1, push: Number(r.consent_push) === 1 },
    optedOut: { email: Number(r.opted_out_email) === 1, sms: Number(r.opted_out_sms) === 1, push: Number(r.opted_out_push) === 1 },
    rfmGroup: r.rfm_group as string | null, recencyDays: n(r.recency_days), frequency: n(r.frequency), monetary: n(r.monetary),
    topCategory: r.top_category as string | null, p: n(r.response_probability), predictedSegmentId: n(r.predicted_segment_id), segments: segs.get(Number(r.id)) ?? new Set(),
  }));
  const personas = await dataSource.query('SELECT id, segment_id FROM personas');
  return { rows, personaSegment: new Map(personas.map((p: Record<string, unknown>) => [Number(p.id), Number(p.segment_id)])) };
}

/** The members of a definition (no audience exclusions), by plain evaluation. */
export function evaluateInMemory(world: Awaited<ReturnType<typeof loadWorld>>, d: AudienceDefinition): number[] {
  const f = d.filters;
  const includeSegs = new Set([...d.include.segmentIds, ...d.include.personaIds.map((p) => world.personaSegment.get(p)!)]);
  const hasInclude = includeSegs.size > 0 || d.include.rfmGroups.length > 0;
  const within = (v: number | null, min?: number, max?: number) => (min === undefined || (v !== null && v >= min)) && (max === undefined || (v !== null && v <= max));
  const eligible = world.rows.filter((r) => {
    if (hasInclude && ![...r.segments].some((s) => includeSegs.has(s)) && !(r.rfmGroup !== null && d.include.rfmGroups.includes(r.rfmGroup))) return false;
    if (f.countries?.length && !(r.country !== null && f.countries.includes(r.country))) return false;
    if (!within(r.recencyDays, f.recencyDaysMin, f.recencyDaysMax) || !within(r.frequency, f.frequencyMin, f.frequencyMax) || !within(r.monetary, f.monetaryMin, f.monetaryMax)) return false;
    if (!within(r.p, f.responseProbabilityMin, f.responseProbabilityMax)) return false;
    if (f.topCategories?.length && !(r.topCategory !== null && f.topCategories.includes(r.topCategory))) return false;
    if (f.predictedSegmentIds?.length && !(r.predictedSegmentId !== null && f.predictedSegmentIds.includes(r.predictedSegmentId))) return false;
    if ([...r.segments].some((s) => d.exclude.segmentIds.includes(s))) return false;
    return !r.erased && !r.optedOut[d.channel] && r.consent[d.channel];
  });
  if (!d.cap) return eligible.map((r) => r.id);
  const score = (r: Row) => r.p ?? -1;
  const ranked = eligible.filter((r) => d.cap!.by !== 'expectedProfit' || (r.p ?? 0) * (d.cap!.marginPerConversion ?? 0) > (d.cap!.costPerContact ?? 0))
    .sort((a, b) => score(b) - score(a) || a.id - b.id);
  return ranked.slice(0, d.cap.size).map((r) => r.id).sort((a, b) => a - b);
}
