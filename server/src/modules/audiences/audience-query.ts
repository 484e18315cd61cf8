import { DataSource, In, type EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { sqlNumber } from '../../db/sql.js';
import { PersonaEntity } from '../personas/index.js';
import { SegmentEntity } from '../segmentation/index.js';
import { currentSources, readTargetingState, reflects } from '../targeting/index.js';
import { AudienceEntity } from './audience.entity.js';
import type { AudienceDefinition, Channel } from './audience-definition.js';
import { joinSource, targetingSource, type DetailColumns, type EvaluationContext } from './audience-sources.js';

import { and, or, raw, sql, type Fragment } from './sql-fragment.js';

/** Column names per channel: a whitelist, so the channel never reaches SQL as text. */
const CONSENT: Record<Channel, { consent: string; optedOut: string }> = {
  email: { consent: 'consent_email', optedOut: 'opted_out_email' },
  sms: { consent: 'consent_sms', optedOut: 'opted_out_sms' },
  push: { consent: 'consent_push', optedOut: 'opted_out_push' },
};

/**
 * An audience compiled to SQL, over the targeting table or the joined source tables (see
 * audience-sources.ts). Each predicate is a fragment; the funnel, preview, export and snapshot
 * all reuse them, so every path applies the same consent rules.
 */
export interface CompiledAudience {
  channel: Channel;
  /** Which source the fragments read: 'targeting' (one narrow table) or 'joins'. */
  path: 'targeting' | 'joins';
  from: Fragment;
  /** The customer id expression. */
  id: Fragment;
  matched: Fragment;
  excluded: Fragment;
  erased: Fragment;
  optedOut: Fragment;
  noConsent: Fragment;
  /** matched, not excluded, contactable: the audience before its cap. */
  eligible: Fragment;
  /** eligible and within the cap: the audience. */
  members: Fragment;
  /** `members` for rows already known to be matched (the funnel's WHERE): the same rows, fewer predicates per row. */
  membersIfMatched: Fragment;
  /** The ranking the cap uses: response probability (or uplift when capped by uplift), unscored customers last. */
  score: Fragment;
  /** Response probability, NULL when unscored (with `scores` or `detail`, or when filtered on). */
  responseProbability: Fragment;
  /** Predicted uplift, NULL when unscored (same conditions). */
  uplift: Fragment;
  /** Predicted CLV, NULL when unscored (with `scores` or `detail`, or when filtered on). */
  predictedClv: Fragment;
  /** Member-row columns, with `detail`. */
  detail: DetailColumns | null;
  cap: { size: number; boundary: { score: number; customerId: number } | null } | null;
}

/**
 * The state an evaluation reads: the newest feature snapshot, the live run, and whether the
 * targeting table reflects exactly these (then compiling may use it).
 */
/** `useTargeting: false` forces the joins (tests compare both paths; the benchmark times both). */
export interface EvaluationOptions { useTargeting?: boolean }

export async function evaluationContext(db: DataSource | EntityManager, opts: EvaluationOptions = {}): Promise<EvaluationContext> {
  const sources = await currentSources(db);
  const targeting = opts.useTargeting !== false && reflects(await readTargetingState(db), sources);
  return { snapshotId: sources.snapshotId ?? -1, liveRunId: sources.liveRunId, targeting };
}

/** Whether the contactability columns of a row (as read back for an export line) allow contact now. */
export function isContactable(row: Record<string, unknown>, channel: Channel): boolean {
  const { consent, optedOut } = CONSENT[channel];
  return (row.erased_at === null || row.erased_at === undefined) && sqlNumber(row[optedOut]) === 0 && sqlNumber(row[consent]) === 1;
}
export const contactColumns = (channel: Channel, alias = 'c') => raw(`${alias}.erased_at, ${alias}.${CONSENT[channel].consent}, ${alias}.${CONSENT[channel].optedOut}`);

const MAX_NESTING = 5;

/**
 * Compiles a definition. `detail` also reads the live segment, its persona, the scores and the
 * RFM group (for preview, export and snapshots). Excluded audiences compile recursively (their
 * final members, cap included); a cycle or nesting deeper than MAX_NESTING is refused.
 */
export async function compileAudience(
  db: DataSource | EntityManager, definition: AudienceDefinition, ctx: EvaluationContext,
  opts: { detail?: boolean; scores?: boolean; depth?: number; visited?: number[] } = {},
): Promise<CompiledAudience> {
  const depth = opts.depth ?? 0;
  const dataSource = db instanceof DataSource ? db : db.connection;

  // Personas name segments; segments belong to runs.
  const personas = definition.include.personaIds.length ? await db.getRepository(PersonaEntity).findBy({ id: In(definition.include.personaIds) }) : [];
  if (personas.length !== definition.include.personaIds.length) throw new AppError('BAD_USER_INPUT', 'unknown persona in include.personaIds');
  const includeSegments = [...new Set([...definition.include.segmentIds, ...personas.map((p) => p.segmentId)])];
  const allSegmentIds = [...new Set([...includeSegments, ...definition.exclude.segmentIds])];
  const segments = allSegmentIds.length ? await db.getRepository(SegmentEntity).find({ where: { id: In(allSegmentIds) }, select: { id: true, runId: true } }) : [];
  if (segments.length !== allSegmentIds.length) throw new AppError('BAD_USER_INPUT', 'unknown segment in the definition');

  // The targeting table carries the live run's segment only: a segment of another run needs the joins.
  const onTargeting = ctx.targeting && segments.every((seg) => seg.runId === ctx.liveRunId);
  const source = await (onTargeting ? targetingSource : joinSource)({
    db, dataSource, definition, ctx, suffix: depth ? `_${depth}` : '', detail: Boolean(opts.detail), scores: Boolean(opts.scores),
    includeSegments, runOf: new Map(segments.map((seg) => [seg.id, seg.runId])),
  });

  const exclusions: Fragment[] = [];
  if (definition.exclude.segmentIds.length) exclusions.push(source.inSegments(definition.exclude.segmentIds));
  const visited = opts.visited ?? [];
  for (const audienceId of definition.exclude.audienceIds) {
    if (visited.includes(audienceId)) throw new AppError('BAD_USER_INPUT', `audience ${audienceId} excludes itself (directly or through another audience)`);
    if (depth + 1 > MAX_NESTING) throw new AppError('BAD_USER_INPUT', `audience exclusions nest deeper than ${MAX_NESTING}`);
    const other = await db.getRepository(AudienceEntity).findOneBy({ id: audienceId });
    if (!other) throw new AppError('BAD_USER_INPUT', `excluded audience ${audienceId} not found`);
    const nested = await compileAudience(db, other.definition as AudienceDefinition, ctx, { depth: depth + 1, visited: [...visited, audienceId] });
    exclusions.push(sql`${source.id} IN (SELECT ${nested.id} ${nested.from} WHERE ${nested.members})`);
  }
  // A customer with no membership in an excluded segment's run is not in that segment: the
  // IN test on the NULL membership is unknown, and must read as "not excluded", not as NULL
  // (NOT (NULL) would drop them from the audience without counting them anywhere in the funnel).
  const excluded = exclusions.length ? sql`COALESCE(${or(exclusions)}, 0) = 1` : or([]);
  const { consent, optedOut } = CONSENT[definition.channel];
  const k = source.contact;
  const eligibleIfMatched = and([sql`NOT (${excluded})`, source.notErased, raw(`${k}.${optedOut} = 0`), raw(`${k}.${consent} = 1`)]);
  const eligible = and([source.matched, eligibleIfMatched]);
  // Persuadables first when capped by uplift (unscored last: uplift is ≥ −1); else likeliest buyers first.
  const score = definition.cap?.by === 'uplift' ? sql`COALESCE(${source.uplift}, -2)` : sql`COALESCE(${source.responseProbability}, -1)`;

  const compiled: CompiledAudience = {
    channel: definition.channel, path: onTargeting ? 'targeting' : 'joins', from: source.from, id: source.id, matched: source.matched, excluded,
    erased: source.erased, optedOut: raw(`${k}.${optedOut} <> 0`), noConsent: raw(`${k}.${consent} = 0`),
    eligible, members: eligible, membersIfMatched: eligibleIfMatched, score, responseProbability: source.responseProbability, uplift: source.uplift, predictedClv: source.predictedClv, detail: source.detail, cap: null,
  };
  if (definition.cap) {
    let capped = eligible, cappedIfMatched = eligibleIfMatched;
    const margin = definition.cap.marginPerConversion, cost = definition.cap.costPerContact;
    const byUplift = definition.cap.by === 'uplift' && margin !== undefined && cost !== undefined;
    if (definition.cap.by === 'expectedProfit' || byUplift) {
      // Incremental profit for uplift (the conversions the contact causes), expected profit otherwise.
      const profitable = sql`COALESCE(${byUplift ? source.uplift : source.responseProbability}, 0) * ${margin ?? 0} > ${cost ?? 0}`;
      capped = and([eligible, profitable]);
      cappedIfMatched = and([eligibleIfMatched, profitable]);
    }
    // The cap as a predicate: rank by (score desc, id asc) and keep rows up to the N-th, so
    // exports and snapshots can still page by id. The boundary row is found once, here.
    const rows = await db.query(...args(sql`SELECT ${source.id} AS id, ${score} AS score ${compiled.from} WHERE ${capped} ORDER BY score DESC, ${source.id} ASC LIMIT 1 OFFSET ${definition.cap.size - 1}`));
    const boundary = rows.length ? { score: Number(rows[0].score), customerId: sqlNumber(rows[0].id) } : null;
    compiled.cap = { size: definition.cap.size, boundary };
    compiled.members = capped;
    compiled.membersIfMatched = cappedIfMatched;
    if (boundary) {
      const withinCap = sql`(${score} > ${boundary.score} OR (${score} = ${boundary.score} AND ${source.id} <= ${boundary.customerId}))`;
      compiled.members = and([capped, withinCap]);
      compiled.membersIfMatched = and([cappedIfMatched, withinCap]);
    }
  }
  return compiled;
}

/** A fragment as arguments for `query(text, params)`. */
export const args = (fragment: Fragment): [string, unknown[]] => [fragment.text, fragment.params];
