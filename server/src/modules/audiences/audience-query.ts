import { DataSource, In, type EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { dateParam, sqlNumber } from '../../db/sql.js';
import { PersonaEntity } from '../personas/persona.entity.js';
import { LiveSegmentationEntity, SegmentEntity } from '../segmentation/segment.entity.js';
import { FeatureSnapshotEntity } from '../features/feature-snapshot.entity.js';
import { AudienceEntity } from './audience.entity.js';
import type { AudienceDefinition, Channel } from './audience-definition.js';
import { and, join, list, or, raw, sql, type Fragment } from './sql-fragment.js';

/** Column names per channel: a whitelist, so the channel never reaches SQL as text. */
const CONSENT: Record<Channel, { consent: string; optedOut: string }> = {
  email: { consent: 'consent_email', optedOut: 'opted_out_email' },
  sms: { consent: 'consent_sms', optedOut: 'opted_out_sms' },
  push: { consent: 'consent_push', optedOut: 'opted_out_push' },
};

/**
 * An audience compiled to SQL over `customers c` (aliases carry a suffix when nested in an
 * exclusion). Each predicate is a fragment; the funnel, preview, export and snapshot all reuse
 * them, so every path applies the same consent rules.
 */
export interface CompiledAudience {
  channel: Channel;
  alias: string;
  from: Fragment;
  matched: Fragment;
  excluded: Fragment;
  erased: Fragment;
  optedOut: Fragment;
  noConsent: Fragment;
  /** matched, not excluded, contactable: the audience before its cap. */
  eligible: Fragment;
  /** eligible and within the cap: the audience. */
  members: Fragment;
  /** The ranking the cap uses: response probability, unscored customers last. */
  score: Fragment;
  cap: { size: number; boundary: { score: number; customerId: number } | null } | null;
}

export interface EvaluationContext { snapshotId: number; liveRunId: number | null }

export async function evaluationContext(db: DataSource | EntityManager): Promise<EvaluationContext> {
  const snapshot = await db.getRepository(FeatureSnapshotEntity).findOne({ where: {}, order: { id: 'DESC' } });
  const live = await db.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: 'default' });
  return { snapshotId: snapshot?.id ?? -1, liveRunId: live?.runId ?? null };
}

/** Whether the contactability columns of a row (as read back for an export line) allow contact now. */
export function isContactable(row: Record<string, unknown>, channel: Channel): boolean {
  const { consent, optedOut } = CONSENT[channel];
  return (row.erased_at === null || row.erased_at === undefined) && sqlNumber(row[optedOut]) === 0 && sqlNumber(row[consent]) === 1;
}
export const contactColumns = (channel: Channel, alias = 'c') => raw(`${alias}.erased_at, ${alias}.${CONSENT[channel].consent}, ${alias}.${CONSENT[channel].optedOut}`);

const MAX_NESTING = 5;

/**
 * Compiles a definition. `detail` also joins the live segment, its persona and the scores (for
 * preview, export and snapshots). Excluded audiences compile recursively (their final members,
 * cap included); a cycle or nesting deeper than MAX_NESTING is refused.
 */
export async function compileAudience(
  db: DataSource | EntityManager, definition: AudienceDefinition, ctx: EvaluationContext,
  opts: { detail?: boolean; scores?: boolean; depth?: number; visited?: number[] } = {},
): Promise<CompiledAudience> {
  const depth = opts.depth ?? 0;
  const a = depth ? `_${depth}` : '';
  const c = `c${a}`, f = `f${a}`, s = `s${a}`;
  const dataSource = db instanceof DataSource ? db : db.connection;
  const filters = definition.filters;

  // Personas name segments; segments belong to runs. One membership join per run, shared by
  // includes and excludes: a primary-key lookup (run_id, customer_id) per customer.
  const personas = definition.include.personaIds.length ? await db.getRepository(PersonaEntity).findBy({ id: In(definition.include.personaIds) }) : [];
  if (personas.length !== definition.include.personaIds.length) throw new AppError('BAD_USER_INPUT', 'unknown persona in include.personaIds');
  const includeSegments = [...new Set([...definition.include.segmentIds, ...personas.map((p) => p.segmentId)])];
  const allSegmentIds = [...new Set([...includeSegments, ...definition.exclude.segmentIds])];
  const segments = allSegmentIds.length ? await db.getRepository(SegmentEntity).find({ where: { id: In(allSegmentIds) }, select: { id: true, runId: true } }) : [];
  if (segments.length !== allSegmentIds.length) throw new AppError('BAD_USER_INPUT', 'unknown segment in the definition');
  const runOf = new Map(segments.map((seg) => [seg.id, seg.runId]));
  const runs = [...new Set(segments.map((seg) => seg.runId))].sort((x, y) => x - y);
  const membership = (runId: number) => `m${runs.indexOf(runId)}${a}`;
  const inSegments = (ids: number[]) => or(runs.map((run) => ids.filter((id) => runOf.get(id) === run)).filter((g) => g.length)
    .map((g) => sql`${raw(membership(runOf.get(g[0])!))}.segment_id IN (${list(g)})`));

  const needFeatures = definition.include.rfmGroups.length > 0 || ['ageBands', 'recencyDaysMin', 'recencyDaysMax', 'frequencyMin', 'frequencyMax', 'monetaryMin', 'monetaryMax', 'lastOrderFrom', 'lastOrderTo', 'topCategories']
    .some((k) => filters[k as keyof typeof filters] !== undefined);
  const needScores = opts.detail || opts.scores || definition.cap !== null || filters.responseProbabilityMin !== undefined || filters.responseProbabilityMax !== undefined || filters.predictedSegmentIds !== undefined;

  const joins: Fragment[] = [raw(`FROM customers ${c}`)];
  for (const run of runs) joins.push(sql`LEFT JOIN segment_memberships ${raw(membership(run))} ON ${raw(membership(run))}.run_id = ${run} AND ${raw(membership(run))}.customer_id = ${raw(c)}.id`);
  if (needFeatures) joins.push(sql`LEFT JOIN customer_features ${raw(f)} ON ${raw(f)}.snapshot_id = ${ctx.snapshotId} AND ${raw(f)}.customer_id = ${raw(c)}.id`);
  if (needScores) joins.push(raw(`LEFT JOIN customer_scores ${s} ON ${s}.customer_id = ${c}.id`));
  if (opts.detail) {
    joins.push(sql`LEFT JOIN segment_memberships ml ON ml.run_id = ${ctx.liveRunId ?? -1} AND ml.customer_id = ${raw(c)}.id`);
    joins.push(raw('LEFT JOIN personas pe ON pe.segment_id = ml.segment_id'));
    if (!needFeatures) joins.push(sql`LEFT JOIN customer_features ${raw(f)} ON ${raw(f)}.snapshot_id = ${ctx.snapshotId} AND ${raw(f)}.customer_id = ${raw(c)}.id`);
  }

  const include: Fragment[] = [];
  if (includeSegments.length) include.push(inSegments(includeSegments));
  if (definition.include.rfmGroups.length) include.push(sql`${raw(f)}.rfm_group IN (${list(definition.include.rfmGroups)})`);
  const where: Fragment[] = include.length ? [or(include)] : [];
  const col = (alias: string, name: string) => raw(`${alias}.${name}`);
  const range = (column: Fragment, min?: number, max?: number) => {
    if (min !== undefined) where.push(sql`${column} >= ${min}`);
    if (max !== undefined) where.push(sql`${column} <= ${max}`);
  };
  if (filters.countries?.length) where.push(sql`${col(c, 'country')} IN (${list(filters.countries)})`);
  if (filters.ageBands?.length) where.push(sql`${col(f, 'age_band')} IN (${list(filters.ageBands)})`);
  range(col(f, 'recency_days'), filters.recencyDaysMin, filters.recencyDaysMax);
  range(col(f, 'frequency'), filters.frequencyMin, filters.frequencyMax);
  range(col(f, 'monetary'), filters.monetaryMin, filters.monetaryMax);
  if (filters.lastOrderFrom) where.push(sql`${col(f, 'last_order_at')} >= ${dateParam(dataSource, new Date(filters.lastOrderFrom))}`);
  if (filters.lastOrderTo) where.push(sql`${col(f, 'last_order_at')} < ${dateParam(dataSource, new Date(filters.lastOrderTo))}`);
  if (filters.topCategories?.length) where.push(sql`${col(f, 'top_category')} IN (${list(filters.topCategories)})`);
  range(col(s, 'response_probability'), filters.responseProbabilityMin, filters.responseProbabilityMax);
  if (filters.predictedSegmentIds?.length) where.push(sql`${col(s, 'predicted_segment_id')} IN (${list(filters.predictedSegmentIds)})`);
  const matched = and(where);

  const exclusions: Fragment[] = [];
  if (definition.exclude.segmentIds.length) exclusions.push(inSegments(definition.exclude.segmentIds));
  const visited = opts.visited ?? [];
  for (const audienceId of definition.exclude.audienceIds) {
    if (visited.includes(audienceId)) throw new AppError('BAD_USER_INPUT', `audience ${audienceId} excludes itself (directly or through another audience)`);
    if (depth + 1 > MAX_NESTING) throw new AppError('BAD_USER_INPUT', `audience exclusions nest deeper than ${MAX_NESTING}`);
    const other = await db.getRepository(AudienceEntity).findOneBy({ id: audienceId });
    if (!other) throw new AppError('BAD_USER_INPUT', `excluded audience ${audienceId} not found`);
    const nested = await compileAudience(db, other.definition as AudienceDefinition, ctx, { depth: depth + 1, visited: [...visited, audienceId] });
    exclusions.push(sql`${raw(c)}.id IN (SELECT ${raw(nested.alias)}.id ${nested.from} WHERE ${nested.members})`);
  }
  const excluded = or(exclusions);
  const { consent, optedOut } = CONSENT[definition.channel];
  const erased = raw(`${c}.erased_at IS NOT NULL`);
  const optedOutFragment = raw(`${c}.${optedOut} <> 0`);
  const noConsent = raw(`${c}.${consent} = 0`);
  const eligible = and([matched, sql`NOT (${excluded})`, raw(`${c}.erased_at IS NULL`), raw(`${c}.${optedOut} = 0`), raw(`${c}.${consent} = 1`)]);
  const score = raw(`COALESCE(${s}.response_probability, -1)`);

  const compiled: CompiledAudience = {
    channel: definition.channel, alias: c, from: join(joins, ' '), matched, excluded, erased, optedOut: optedOutFragment, noConsent,
    eligible, members: eligible, score, cap: null,
  };
  if (definition.cap) {
    let capped = eligible;
    if (definition.cap.by === 'expectedProfit') {
      const margin = definition.cap.marginPerConversion ?? 0, cost = definition.cap.costPerContact ?? 0;
      capped = and([eligible, sql`COALESCE(${raw(s)}.response_probability, 0) * ${margin} > ${cost}`]);
    }
    // The cap as a predicate: rank by (score desc, id asc) and keep rows up to the N-th, so
    // exports and snapshots can still page by id. The boundary row is found once, here.
    const rows = await db.query(...args(sql`SELECT ${raw(c)}.id AS id, ${score} AS score ${compiled.from} WHERE ${capped} ORDER BY score DESC, ${raw(c)}.id ASC LIMIT 1 OFFSET ${definition.cap.size - 1}`));
    const boundary = rows.length ? { score: Number(rows[0].score), customerId: sqlNumber(rows[0].id) } : null;
    compiled.cap = { size: definition.cap.size, boundary };
    compiled.members = boundary
      ? and([capped, sql`(${score} > ${boundary.score} OR (${score} = ${boundary.score} AND ${raw(c)}.id <= ${boundary.customerId}))`])
      : capped;
  }
  return compiled;
}

/** A fragment as arguments for `query(text, params)`. */
export const args = (fragment: Fragment): [string, unknown[]] => [fragment.text, fragment.params];
