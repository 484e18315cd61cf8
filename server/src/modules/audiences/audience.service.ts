import type { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '../../errors.js';
import { sqlNumber } from '../../db/sql.js';
import type { PageArgs } from '../../graphql/pagination.js';
import { AudienceEntity } from './audience.entity.js';
import { normaliseDefinition, type AudienceDefinition } from './audience-definition.js';
import { args, compileAudience, evaluationContext, type CompiledAudience, type EvaluationOptions } from './audience-query.js';
import { raw, sql, type Fragment } from './sql-fragment.js';

export interface AudienceFunnel {
  matched: number;
  excluded: number;
  afterExclusions: number;
  erased: number;
  optedOut: number;
  noConsent: number;
  eligible: number;
  capped: number;
  /** The audience: eligible, after the cap. */
  size: number;
}

/**
 * The drop-off funnel in one SQL pass over all customers. Each customer is counted at the first
 * step that removes them, in this order: exclusions, erased, opted out, no consent, cap.
 * On the targeting table (the usual case) this is one scan of one narrow table.
 */
export async function audienceFunnel(db: DataSource | EntityManager, definition: AudienceDefinition, opts: EvaluationOptions = {}): Promise<AudienceFunnel> {
  const q = await compileAudience(db, definition, await evaluationContext(db, opts));
  // COUNT(CASE … END) rather than SUM: an integer count per row instead of a DECIMAL addition.
  const [row] = await db.query(...args(sql`SELECT COUNT(*) AS matched,
    COUNT(CASE WHEN ${q.excluded} THEN 1 END) AS excluded,
    COUNT(CASE WHEN NOT (${q.excluded}) AND ${q.erased} THEN 1 END) AS erased,
    COUNT(CASE WHEN NOT (${q.excluded}) AND NOT (${q.erased}) AND ${q.optedOut} THEN 1 END) AS opted_out,
    COUNT(CASE WHEN NOT (${q.excluded}) AND NOT (${q.erased}) AND NOT (${q.optedOut}) AND ${q.noConsent} THEN 1 END) AS no_consent,
    COUNT(CASE WHEN ${q.membersIfMatched} THEN 1 END) AS size
    ${q.from} WHERE ${q.matched}`));
  const matched = sqlNumber(row.matched), excluded = sqlNumber(row.excluded);
  const erased = sqlNumber(row.erased), optedOut = sqlNumber(row.opted_out), noConsent = sqlNumber(row.no_consent);
  const eligible = matched - excluded - erased - optedOut - noConsent;
  const size = sqlNumber(row.size);
  return { matched, excluded, afterExclusions: matched - excluded, erased, optedOut, noConsent, eligible, capped: eligible - size, size };
}

export interface AudienceMemberRow {
  customerId: number; externalId: string; email: string | null; segmentId: number | null; personaId: number | null; personaName: string | null;
  responseProbability: number | null; predictedSegmentId: number | null; rfmGroup: string | null; uplift: number | null;
}

/** The member-row columns of an audience compiled with `detail`. */
function memberColumns(q: CompiledAudience): Fragment {
  const d = q.detail!, c = d.customer;
  return sql`${q.id} AS customer_id, ${raw(`${c}.external_id, ${c}.email, ${c}.erased_at,
  ${c}.consent_email, ${c}.consent_sms, ${c}.consent_push, ${c}.opted_out_email, ${c}.opted_out_sms, ${c}.opted_out_push`)},
  ${d.segmentId} AS segment_id, ${d.personaId} AS persona_id, ${d.personaName} AS persona_name, ${d.responseProbability} AS response_probability,
  ${d.predictedSegmentId} AS predicted_segment_id, ${d.rfmGroup} AS rfm_group, ${d.uplift} AS uplift`;
}

export function toMemberRow(r: Record<string, unknown>): AudienceMemberRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    customerId: sqlNumber(r.customer_id), externalId: String(r.external_id), email: (r.email as string | null) ?? null,
    segmentId: num(r.segment_id), personaId: num(r.persona_id), personaName: (r.persona_name as string | null) ?? null,
    responseProbability: num(r.response_probability), predictedSegmentId: num(r.predicted_segment_id), rfmGroup: (r.rfm_group as string | null) ?? null,
    uplift: num(r.uplift),
  };
}

/** A page of members, best response probability first (ties by customer id). */
export async function previewAudience(db: DataSource | EntityManager, definition: AudienceDefinition, page: Pick<PageArgs, 'page' | 'perPage'>, opts: EvaluationOptions = {}): Promise<AudienceMemberRow[]> {
  const q = await compileAudience(db, definition, await evaluationContext(db, opts), { detail: true });
  const rows = await db.query(...args(sql`SELECT ${memberColumns(q)} ${q.from} WHERE ${q.members}
    ORDER BY ${q.score} DESC, ${q.id} ASC LIMIT ${page.perPage} OFFSET ${(page.page ?? 0) * page.perPage}`));
  return rows.map(toMemberRow);
}

/**
 * Raw member rows in customer-id pages of `pageSize` (keyset: memory stays flat whatever the
 * audience size). Rows carry the contact columns so the writer can check consent once more.
 */
export async function* audienceMemberPages(db: DataSource, definition: AudienceDefinition, pageSize = 5000, opts: EvaluationOptions = {}): AsyncGenerator<Record<string, unknown>[]> {
  const q = await compileAudience(db, definition, await evaluationContext(db, opts), { detail: true });
  let after = 0;
  for (;;) {
    const rows: Record<string, unknown>[] = await db.query(...args(sql`SELECT ${memberColumns(q)} ${q.from} WHERE ${q.members} AND ${q.id} > ${after}
      ORDER BY ${q.id} LIMIT ${pageSize}`));
    if (!rows.length) return;
    yield rows;
    after = sqlNumber(rows[rows.length - 1].customer_id);
    if (rows.length < pageSize) return;
  }
}

export interface RoiInput {
  /** Value of a conversion; not needed with `usePredictedClv`. */
  marginPerConversion?: number | null;
  costPerContact: number;
  fixedCost?: number;
  /** The value of a retained (converted) member is their predicted CLV (0 when unscored) instead of one margin for all. */
  usePredictedClv?: boolean;
}

/**
 * The size that maximises expected profit Σ(pᵢ·margin − cost) over eligible members ranked by
 * response probability pᵢ: every member whose pᵢ·margin exceeds the contact cost adds profit, so
 * the optimum is the count of those (unscored customers count as pᵢ = 0). The definition's own
 * cap is ignored: this suggests one.
 *
 * Beside it, the incremental projection: the same with predicted uplift uᵢ in place of pᵢ — the
 * conversions the contact causes, not those that would have happened anyway — ranking
 * persuadables first and stopping where uᵢ·margin no longer pays the contact (null when no
 * customer has an uplift score).
 */
export async function roiOptimalSize(db: DataSource | EntityManager, definition: AudienceDefinition, input: RoiInput, opts: EvaluationOptions = {}) {
  if (!input.usePredictedClv && (input.marginPerConversion === undefined || input.marginPerConversion === null)) {
    throw new AppError('BAD_USER_INPUT', 'give marginPerConversion, or usePredictedClv to value each member by their predicted CLV');
  }
  const q = await compileAudience(db, { ...definition, cap: null }, await evaluationContext(db, opts), { scores: true });
  const p = sql`COALESCE(${q.responseProbability}, 0)`;
  // What a conversion is worth: one margin, or the member's predicted CLV.
  const worth = input.usePredictedClv ? sql`COALESCE(${q.predictedClv}, 0)` : sql`${input.marginPerConversion!}`;
  // Expected value of contacting a member: P(respond) × worth; the incremental value: uplift × worth.
  const value = sql`${p} * ${worth}`;
  const u = sql`COALESCE(${q.uplift}, 0)`;
  const gain = sql`${u} * ${worth}`;
  const [row] = await db.query(...args(sql`SELECT COUNT(*) AS eligible,
    SUM(CASE WHEN ${value} > ${input.costPerContact} THEN 1 ELSE 0 END) AS n,
    SUM(CASE WHEN ${value} > ${input.costPerContact} THEN ${p} ELSE 0 END) AS responses,
    SUM(CASE WHEN ${value} > ${input.costPerContact} THEN ${value} ELSE 0 END) AS revenue,
    SUM(${p}) AS all_responses, SUM(${value}) AS all_revenue,
    SUM(CASE WHEN ${gain} > ${input.costPerContact} THEN 1 ELSE 0 END) AS n_uplift,
    SUM(CASE WHEN ${gain} > ${input.costPerContact} THEN ${u} ELSE 0 END) AS incremental,
    SUM(CASE WHEN ${gain} > ${input.costPerContact} THEN ${gain} ELSE 0 END) AS incremental_revenue,
    SUM(${u}) AS all_incremental, SUM(${gain}) AS all_incremental_revenue, COUNT(${q.uplift}) AS uplift_scored
    ${q.from} WHERE ${q.eligible}`));
  const eligible = sqlNumber(row.eligible), size = sqlNumber(row.n), responses = sqlNumber(row.responses);
  const fixed = input.fixedCost ?? 0;
  const project = (n: number, r: number, revenue: number) => {
    const cost = fixed + n * input.costPerContact;
    return { size: n, projectedResponses: r, projectedRevenue: revenue, projectedCost: cost, projectedProfit: revenue - cost, projectedRoi: cost > 0 ? (revenue - cost) / cost : null };
  };
  const incremental = sqlNumber(row.uplift_scored) > 0
    ? {
      suggested: project(sqlNumber(row.n_uplift), sqlNumber(row.incremental), sqlNumber(row.incremental_revenue)),
      everyone: project(eligible, sqlNumber(row.all_incremental), sqlNumber(row.all_incremental_revenue)),
      scored: sqlNumber(row.uplift_scored),
    }
    : null;
  return { eligible, suggested: project(size, responses, sqlNumber(row.revenue)), everyone: project(eligible, sqlNumber(row.all_responses), sqlNumber(row.all_revenue)), incremental };
}

export async function getAudience(db: DataSource | EntityManager, id: number): Promise<AudienceEntity> {
  const audience = await db.getRepository(AudienceEntity).findOneBy({ id });
  if (!audience) throw notFound('Audience', id);
  return audience;
}

/**
 * Creates or updates an audience. Updates are compare-and-set on the version: of two marketers
 * saving the same version, the first wins and the second gets CONFLICT instead of overwriting it.
 */
export async function saveAudience(db: DataSource, input: { id?: number; name: string; definition: AudienceDefinition; expectedVersion?: number }, actor: string): Promise<AudienceEntity> {
  const repo = db.getRepository(AudienceEntity);
  const definition = normaliseDefinition(input.definition);
  const now = new Date();
  if (input.id) {
    const existing = await getAudience(db, input.id);
    // Compiling checks references and refuses an exclusion cycle before anything is stored.
    await compileAudience(db, definition, await evaluationContext(db), { visited: [input.id] });
    const expected = input.expectedVersion ?? existing.version;
    const result = await repo.createQueryBuilder().update(AudienceEntity)
      .set({ name: input.name, channel: definition.channel, definition: definition as never, version: expected + 1, updatedAt: now })
      .where('id = :id AND version = :expected', { id: existing.id, expected }).execute();
    if (result.affected !== 1) throw new AppError('CONFLICT', `audience ${existing.id} was changed by someone else (now version ${existing.version}); reload and edit again`);
    return getAudience(db, existing.id);
  }
  await compileAudience(db, definition, await evaluationContext(db));
  return repo.save(repo.create({ name: input.name, channel: definition.channel, definition, version: 1, createdBy: actor, createdAt: now, updatedAt: now }));
}

/**
 * Deletes a saved audience and returns it as it was. Refused with CONFLICT (details name the
 * users) while a campaign references it — its snapshot and results point at the audience — or
 * another saved audience excludes it, whose count would otherwise fail. The DELETE runs first so
 * the row is locked while the references are checked; a refusal rolls it back.
 */
export async function deleteAudience(db: DataSource, id: number): Promise<AudienceEntity> {
  return db.transaction(async (manager) => {
    const audience = await getAudience(manager, id);
    await manager.delete(AudienceEntity, { id });
    const campaignIds: number[] = (await manager.query('SELECT id FROM campaigns WHERE audience_id = ? ORDER BY id', [id])).map((r: { id: unknown }) => sqlNumber(r.id));
    const excludedBy = (await manager.getRepository(AudienceEntity).find({ order: { id: 'ASC' } }))
      .filter((other) => (other.definition as AudienceDefinition).exclude.audienceIds.includes(id)).map((other) => other.id);
    if (campaignIds.length || excludedBy.length) {
      const uses = [campaignIds.length ? `campaign${campaignIds.length > 1 ? 's' : ''} ${campaignIds.join(', ')}` : '', excludedBy.length ? `the exclusions of audience${excludedBy.length > 1 ? 's' : ''} ${excludedBy.join(', ')}` : '']
        .filter(Boolean).join(' and ');
      throw new AppError('CONFLICT', `audience ${id} is still used by ${uses}; it cannot be deleted`, { reason: 'AUDIENCE_IN_USE', campaignIds, excludedByAudienceIds: excludedBy });
    }
    return audience;
  });
}
