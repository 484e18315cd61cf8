import type { DataSource, EntityManager } from 'typeorm';
import type { Json } from '../../db/columns.js';
import { AppError, notFound } from '../../errors.js';
import { sqlNumber } from '../../db/sql.js';
import { createRng } from '../../ml/rng.js';
import type { AudienceDefinition, Channel } from '../audiences/index.js';
import { args, compileAudience, evaluationContext, getAudience, list, raw, sql } from '../audiences/index.js';
import { CampaignEntity } from './campaign.entity.js';
import { canTransition } from './campaign-status.js';

export interface CampaignInput {
  name: string;
  channel: Channel;
  audienceId?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  fixedCost?: number;
  costPerContact?: number;
  attributionDays?: number;
  controlShare?: number;
  controlSeed?: number;
}

export async function getCampaign(db: DataSource | EntityManager, id: number): Promise<CampaignEntity> {
  const campaign = await db.getRepository(CampaignEntity).findOneBy({ id });
  if (!campaign) throw notFound('Campaign', id);
  return campaign;
}

async function checkAudience(db: DataSource, input: CampaignInput) {
  if (!input.audienceId) return;
  const audience = await getAudience(db, input.audienceId);
  if (audience.channel !== input.channel) throw new AppError('BAD_USER_INPUT', `audience ${audience.id} is for ${audience.channel}, the campaign for ${input.channel}`);
}

export async function createCampaign(db: DataSource, input: CampaignInput, actor: string): Promise<CampaignEntity> {
  await checkAudience(db, input);
  const repo = db.getRepository(CampaignEntity);
  const now = new Date();
  return repo.save(repo.create({
    name: input.name, channel: input.channel, audienceId: input.audienceId ?? null, status: 'draft',
    startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null, sentAt: null,
    fixedCost: input.fixedCost ?? 0, costPerContact: input.costPerContact ?? 0, attributionDays: input.attributionDays ?? 14,
    controlShare: input.controlShare ?? 0, controlSeed: input.controlSeed ?? 1,
    audienceDefinition: null, snapshotRunId: null, snapshotAt: null, memberCount: 0, controlCount: 0,
    createdBy: actor, createdAt: now, updatedAt: now,
  }));
}

/** Settings change only before launch: after it, the snapshot and its costs are history. */
export async function updateCampaign(db: DataSource, id: number, input: CampaignInput): Promise<CampaignEntity> {
  const campaign = await getCampaign(db, id);
  if (!['draft', 'scheduled'].includes(campaign.status)) throw new AppError('CONFLICT', `campaign ${id} is ${campaign.status}; only draft or scheduled campaigns can be edited`);
  await checkAudience(db, input);
  await db.getRepository(CampaignEntity).update({ id }, {
    name: input.name, channel: input.channel, audienceId: input.audienceId ?? null, startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null,
    fixedCost: input.fixedCost ?? campaign.fixedCost, costPerContact: input.costPerContact ?? campaign.costPerContact,
    attributionDays: input.attributionDays ?? campaign.attributionDays, controlShare: input.controlShare ?? campaign.controlShare,
    controlSeed: input.controlSeed ?? campaign.controlSeed, updatedAt: new Date(),
  });
  return getCampaign(db, id);
}

/**
 * Moves a campaign along its lifecycle. The status check and the change are one conditional
 * UPDATE, so two concurrent launches cannot both freeze a snapshot. Launch (→ running) freezes
 * the audience in the same transaction; `sentAt` (default: now) starts the attribution window.
 */
export async function transitionCampaign(db: DataSource, id: number, to: string, opts: { sentAt?: Date } = {}): Promise<CampaignEntity> {
  return db.transaction(async (manager) => {
    const campaign = await getCampaign(manager, id);
    if (!canTransition(campaign.status, to)) throw new AppError('CONFLICT', `campaign ${id} cannot go from ${campaign.status} to ${to}`);
    const now = new Date();
    const updated = await manager.createQueryBuilder().update(CampaignEntity).set({ status: to, updatedAt: now })
      .where('id = :id AND status = :from', { id, from: campaign.status }).execute();
    if (!updated.affected) throw new AppError('CONFLICT', `campaign ${id} changed status meanwhile; reload it`);
    if (to === 'running') await freezeSnapshot(manager, campaign, opts.sentAt ?? now);
    return getCampaign(manager, id);
  });
}

const BATCH = 1000;

/**
 * Copies the audience's members as they are now (segment and persona of the live run, response
 * probability, predicted uplift) into campaign_members, then holds out the control group: the member ids in id
 * order, shuffled by the campaign's seed, the first round(share × n) of them. Same audience,
 * same seed → same control group.
 */
async function freezeSnapshot(manager: EntityManager, campaign: CampaignEntity, sentAt: Date): Promise<void> {
  const ctx = await evaluationContext(manager);
  let definition: AudienceDefinition | null = null;
  if (campaign.audienceId) {
    definition = (await getAudience(manager, campaign.audienceId)).definition as AudienceDefinition;
    const q = await compileAudience(manager, definition, ctx, { detail: true });
    const d = q.detail!;
    await manager.query(...args(sql`INSERT INTO campaign_members (campaign_id, customer_id, is_control, segment_id, persona_id, response_probability, uplift)
      SELECT ${campaign.id}, ${q.id}, 0, ${d.segmentId}, ${d.personaId}, ${d.responseProbability}, ${d.uplift} ${q.from} WHERE ${q.members}`));
  }
  const control = await assignControlGroup(manager, campaign.id, campaign.controlShare, campaign.controlSeed);
  const [{ n }] = await manager.query('SELECT COUNT(*) AS n FROM campaign_members WHERE campaign_id = ?', [campaign.id]);
  await manager.update(CampaignEntity, { id: campaign.id }, {
    sentAt, snapshotAt: new Date(), snapshotRunId: ctx.liveRunId, audienceDefinition: definition as Json, memberCount: sqlNumber(n), controlCount: control,
  });
}

export async function assignControlGroup(manager: EntityManager, campaignId: number, share: number, seed: number): Promise<number> {
  if (share <= 0) return 0;
  const rows: { customer_id: unknown }[] = await manager.query('SELECT customer_id FROM campaign_members WHERE campaign_id = ? ORDER BY customer_id', [campaignId]);
  const ids = Int32Array.from(rows, (r) => sqlNumber(r.customer_id));
  createRng(seed).shuffle(ids);
  const count = Math.round(share * ids.length);
  for (let i = 0; i < count; i += BATCH) {
    const batch = Array.from(ids.subarray(i, Math.min(count, i + BATCH)));
    await manager.query(...args(sql`UPDATE campaign_members SET is_control = 1 WHERE campaign_id = ${campaignId} AND customer_id IN (${list(batch)})`));
  }
  return count;
}
