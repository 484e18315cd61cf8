import type { DataSource, EntityManager } from 'typeorm';
import { dateParam } from '../../db/sql.js';
import { codesOf, type CodedKind } from '../targeting/index.js';
import type { AudienceDefinition } from './audience-definition.js';
import { and, join, list, or, raw, sql, type Fragment } from './sql-fragment.js';

/** Where and as of what an audience is evaluated: the feature snapshot, the live run, and whether the targeting table reflects both. */
export interface EvaluationContext { snapshotId: number; liveRunId: number | null; targeting: boolean }

/**
 * The two places an audience can be evaluated from, with the same predicates over each:
 * - joins: customers × the memberships of each referenced run × the snapshot's features × scores;
 * - targeting: customer_targeting alone (one narrow row per customer, kept in step by triggers
 *   and refreshes; see modules/targeting), usable when it reflects the evaluation context.
 * Both leave a column NULL exactly where the joins find no row, so every predicate (NULL
 * included) evaluates the same on both.
 */
export interface AudienceSource {
  from: Fragment;
  /** The customer id expression. */
  id: Fragment;
  /** Alias of the table with consent_<channel> and opted_out_<channel>. */
  contact: string;
  erased: Fragment;
  notErased: Fragment;
  inSegments(segmentIds: number[]): Fragment;
  matched: Fragment;
  responseProbability: Fragment;
  /** Predicted uplift, NULL when unscored (with `scores` or `detail`, or when filtered or capped on). */
  uplift: Fragment;
  /** Predicted CLV of the active customer-value model, NULL when unscored (read like responseProbability). */
  predictedClv: Fragment;
  /** Member-row columns (only with `detail`): customer alias plus the live segment, persona, scores and RFM group. */
  detail: DetailColumns | null;
}

export interface DetailColumns {
  customer: string;
  segmentId: Fragment; personaId: Fragment; personaName: Fragment; rfmGroup: Fragment;
  responseProbability: Fragment; predictedSegmentId: Fragment; uplift: Fragment;
}

export interface SourceInput {
  db: DataSource | EntityManager;
  dataSource: DataSource;
  definition: AudienceDefinition;
  ctx: EvaluationContext;
  /** Alias suffix ('' at the top, `_n` in the n-th nested exclusion). */
  suffix: string;
  detail: boolean;
  scores: boolean;
  includeSegments: number[];
  /** segment id → its run. */
  runOf: Map<number, number>;
}

interface FilterColumns {
  rfmGroup: Fragment; country: Fragment; ageBand: Fragment; recencyDays: Fragment; frequency: Fragment; monetary: Fragment;
  lastOrderAt: Fragment; topCategory: Fragment; responseProbability: Fragment; predictedSegmentId: Fragment; uplift: Fragment;
  churnRisk: Fragment; clvPercentile: Fragment; predictedClv: Fragment;
}
/** `column IN (values)` for a text column: literally on the joins, through codes on targeting. */
type TextIn = (kind: CodedKind, column: Fragment, values: string[]) => Promise<Fragment>;

/** The include-or and the filters, shared by both sources so they cannot drift apart. */
async function matchedPredicate(input: SourceInput, cols: FilterColumns, inSegments: (ids: number[]) => Fragment, textIn: TextIn): Promise<Fragment> {
  const { definition, dataSource } = input;
  const filters = definition.filters;
  const include: Fragment[] = [];
  if (input.includeSegments.length) include.push(inSegments(input.includeSegments));
  if (definition.include.rfmGroups.length) include.push(await textIn('rfm_group', cols.rfmGroup, definition.include.rfmGroups));
  const where: Fragment[] = include.length ? [or(include)] : [];
  const range = (column: Fragment, min?: number, max?: number) => {
    if (min !== undefined) where.push(sql`${column} >= ${min}`);
    if (max !== undefined) where.push(sql`${column} <= ${max}`);
  };
  if (filters.countries?.length) where.push(await textIn('country', cols.country, filters.countries));
  if (filters.ageBands?.length) where.push(await textIn('age_band', cols.ageBand, filters.ageBands));
  range(cols.recencyDays, filters.recencyDaysMin, filters.recencyDaysMax);
  range(cols.frequency, filters.frequencyMin, filters.frequencyMax);
  range(cols.monetary, filters.monetaryMin, filters.monetaryMax);
  if (filters.lastOrderFrom) where.push(sql`${cols.lastOrderAt} >= ${dateParam(dataSource, new Date(filters.lastOrderFrom))}`);
  if (filters.lastOrderTo) where.push(sql`${cols.lastOrderAt} < ${dateParam(dataSource, new Date(filters.lastOrderTo))}`);
  if (filters.topCategories?.length) where.push(await textIn('top_category', cols.topCategory, filters.topCategories));
  range(cols.responseProbability, filters.responseProbabilityMin, filters.responseProbabilityMax);
  if (filters.predictedSegmentIds?.length) where.push(sql`${cols.predictedSegmentId} IN (${list(filters.predictedSegmentIds)})`);
  range(cols.uplift, filters.upliftMin, filters.upliftMax);
  range(cols.churnRisk, filters.churnRiskMin, filters.churnRiskMax);
  range(cols.clvPercentile, filters.clvPercentileMin, filters.clvPercentileMax);
  range(cols.predictedClv, filters.predictedClvMin, filters.predictedClvMax);
  return and(where);
}

/** Filters on customer_scores columns (the join source joins the scores for them). */
const SCORE_FILTERS = ['responseProbabilityMin', 'responseProbabilityMax', 'predictedSegmentIds', 'churnRiskMin', 'churnRiskMax',
  'clvPercentileMin', 'clvPercentileMax', 'predictedClvMin', 'predictedClvMax', 'upliftMin', 'upliftMax'] as const;

const FEATURE_FILTERS = ['ageBands', 'recencyDaysMin', 'recencyDaysMax', 'frequencyMin', 'frequencyMax', 'monetaryMin', 'monetaryMax', 'lastOrderFrom', 'lastOrderTo', 'topCategories'] as const;

/** The join source: one membership join per run (a primary-key lookup per customer), features and scores only when referenced. */
export async function joinSource(input: SourceInput): Promise<AudienceSource> {
  const { definition, ctx, suffix: a } = input;
  const c = `c${a}`, f = `f${a}`, s = `s${a}`;
  const runs = [...new Set(input.runOf.values())].sort((x, y) => x - y);
  const membership = (runId: number) => `m${runs.indexOf(runId)}${a}`;
  const inSegments = (ids: number[]) => or(runs.map((run) => ids.filter((id) => input.runOf.get(id) === run)).filter((g) => g.length)
    .map((g) => sql`${raw(membership(input.runOf.get(g[0])!))}.segment_id IN (${list(g)})`));
  const needFeatures = definition.include.rfmGroups.length > 0 || FEATURE_FILTERS.some((k) => definition.filters[k] !== undefined);
  const needScores = input.detail || input.scores || definition.cap !== null || SCORE_FILTERS.some((k) => definition.filters[k] !== undefined);

  const joins: Fragment[] = [raw(`FROM customers ${c}`)];
  for (const run of runs) joins.push(sql`LEFT JOIN segment_memberships ${raw(membership(run))} ON ${raw(membership(run))}.run_id = ${run} AND ${raw(membership(run))}.customer_id = ${raw(c)}.id`);
  if (needFeatures) joins.push(sql`LEFT JOIN customer_features ${raw(f)} ON ${raw(f)}.snapshot_id = ${ctx.snapshotId} AND ${raw(f)}.customer_id = ${raw(c)}.id`);
  if (needScores) joins.push(raw(`LEFT JOIN customer_scores ${s} ON ${s}.customer_id = ${c}.id`));
  if (input.detail) {
    joins.push(sql`LEFT JOIN segment_memberships ml ON ml.run_id = ${ctx.liveRunId ?? -1} AND ml.customer_id = ${raw(c)}.id`);
    joins.push(raw('LEFT JOIN personas pe ON pe.segment_id = ml.segment_id'));
    if (!needFeatures) joins.push(sql`LEFT JOIN customer_features ${raw(f)} ON ${raw(f)}.snapshot_id = ${ctx.snapshotId} AND ${raw(f)}.customer_id = ${raw(c)}.id`);
  }
  const col = (alias: string, name: string) => raw(`${alias}.${name}`);
  const matched = await matchedPredicate(input, {
    rfmGroup: col(f, 'rfm_group'), country: col(c, 'country'), ageBand: col(f, 'age_band'), recencyDays: col(f, 'recency_days'), frequency: col(f, 'frequency'),
    monetary: col(f, 'monetary'), lastOrderAt: col(f, 'last_order_at'), topCategory: col(f, 'top_category'),
    responseProbability: col(s, 'response_probability'), predictedSegmentId: col(s, 'predicted_segment_id'), uplift: col(s, 'uplift'),
    churnRisk: col(s, 'churn_risk'), clvPercentile: col(s, 'clv_percentile'), predictedClv: col(s, 'predicted_clv'),
  }, inSegments, async (_kind, column, values) => sql`${column} IN (${list(values)})`);
  return {
    from: join(joins, ' '), id: col(c, 'id'), contact: c,
    erased: raw(`${c}.erased_at IS NOT NULL`), notErased: raw(`${c}.erased_at IS NULL`), inSegments, matched,
    responseProbability: col(s, 'response_probability'), uplift: col(s, 'uplift'), predictedClv: col(s, 'predicted_clv'),
    detail: input.detail ? {
      customer: c, segmentId: raw('ml.segment_id'), personaId: raw('pe.id'), personaName: raw('pe.name'), rfmGroup: col(f, 'rfm_group'),
      responseProbability: col(s, 'response_probability'), predictedSegmentId: col(s, 'predicted_segment_id'), uplift: col(s, 'uplift'),
    } : null,
  };
}

/**
 * The targeting source: only when every referenced segment belongs to the live run (the one
 * segment column the table carries). Text filters become codes first; a value nobody has has no
 * code and matches nobody, as it matches nobody on the joins.
 */
export async function targetingSource(input: SourceInput): Promise<AudienceSource> {
  const { ctx, suffix: a } = input;
  const t = `t${a}`;
  const col = (name: string) => raw(`${t}.${name}`);
  const inSegments = (ids: number[]) => sql`${col('segment_id')} IN (${list(ids)})`;
  const textIn: TextIn = async (kind, column, values) => {
    const codes = await codesOf(input.db, kind, values);
    return codes.length ? sql`${column} IN (${list(codes)})` : raw('1 = 0');
  };
  const matched = await matchedPredicate(input, {
    rfmGroup: col('rfm_group_code'), country: col('country_code'), ageBand: col('age_band_code'), recencyDays: col('recency_days'), frequency: col('frequency'),
    monetary: col('monetary'), lastOrderAt: col('last_order_at'), topCategory: col('top_category_code'),
    responseProbability: col('response_probability'), predictedSegmentId: col('predicted_segment_id'), uplift: col('uplift'),
    churnRisk: col('churn_risk'), clvPercentile: col('clv_percentile'), predictedClv: col('predicted_clv'),
  }, inSegments, textIn);
  const c = `c${a}`, f = `f${a}`, pe = `pe${a}`;
  const from = input.detail
    ? sql`FROM customer_targeting ${raw(t)} JOIN customers ${raw(c)} ON ${raw(c)}.id = ${raw(t)}.customer_id
        LEFT JOIN personas ${raw(pe)} ON ${raw(pe)}.segment_id = ${raw(t)}.segment_id
        LEFT JOIN customer_features ${raw(f)} ON ${raw(f)}.snapshot_id = ${ctx.snapshotId} AND ${raw(f)}.customer_id = ${raw(t)}.customer_id`
    : raw(`FROM customer_targeting ${t}`);
  return {
    from, id: col('customer_id'), contact: t, erased: raw(`${t}.erased <> 0`), notErased: raw(`${t}.erased = 0`), inSegments, matched,
    responseProbability: col('response_probability'), uplift: col('uplift'), predictedClv: col('predicted_clv'),
    detail: input.detail ? {
      customer: c, segmentId: col('segment_id'), personaId: raw(`${pe}.id`), personaName: raw(`${pe}.name`), rfmGroup: raw(`${f}.rfm_group`),
      responseProbability: col('response_probability'), predictedSegmentId: col('predicted_segment_id'), uplift: col('uplift'),
    } : null,
  };
}
