import { In, type DataSource } from 'typeorm';
import { PersonaEntity } from '../personas/index.js';
import { SegmentationActivationEntity, SegmentEntity } from '../segmentation/index.js';
import type { CampaignStats } from '../../ml/statistics/index.js';
import { dateParam } from '../../db/sql.js';
import { CampaignEntity } from './campaign.entity.js';
import { campaignResults } from './campaign-results.js';

export type ImpactGroupBy = 'OVERALL' | 'SEGMENT' | 'PERSONA';

export interface ImpactRow {
  campaignId: number; campaignName: string; sentAt: Date;
  /** The send month, YYYY-MM (UTC). */
  month: string;
  /** 'overall', or the segment or persona id ('none' for members without one). */
  key: string; label: string; stats: CampaignStats;
}

export interface SegmentSizePoint {
  dataSet: string; activatedAt: Date; runId: number; segmentId: number; label: number;
  /** The segment's persona name, or "segment N" before a persona exists. */
  name: string; size: number; shareOfCustomers: number;
}

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/**
 * Incremental ROI and lift of every launched campaign with a control group, in send order. The
 * figures and their intervals are `campaignResults`' own (one campaign at a time), so the trend and
 * each campaign's results page always agree. `from`/`to` bound the send time (inclusive, exclusive).
 */
export async function campaignImpactOverTime(db: DataSource, groupBy: ImpactGroupBy, from?: Date | null, to?: Date | null): Promise<ImpactRow[]> {
  const qb = db.getRepository(CampaignEntity).createQueryBuilder('c')
    .where('c.status IN (:...statuses)', { statuses: ['running', 'completed'] })
    .andWhere('c.sent_at IS NOT NULL').andWhere('c.control_count > 0')
    .orderBy('c.sent_at', 'ASC').addOrderBy('c.id', 'ASC');
  if (from) qb.andWhere('c.sent_at >= :from', { from: dateParam(db, from) });
  if (to) qb.andWhere('c.sent_at < :to', { to: dateParam(db, to) });
  const campaigns = await qb.getMany();
  const rows: ImpactRow[] = [];
  for (const campaign of campaigns) {
    const results = await campaignResults(db, campaign.id);
    const base = { campaignId: campaign.id, campaignName: campaign.name, sentAt: campaign.sentAt!, month: monthOf(campaign.sentAt!) };
    if (groupBy === 'OVERALL') { rows.push({ ...base, key: 'overall', label: 'All members', stats: results.overall }); continue; }
    const breakdown = groupBy === 'SEGMENT' ? results.bySegment : results.byPersona;
    const names = groupBy === 'SEGMENT' ? await segmentNames(db, breakdown.map((b) => b.id).filter((id): id is number => id !== null)) : new Map<number, string>();
    for (const b of breakdown) rows.push({ ...base, key: b.key, label: (b.id !== null && names.get(b.id)) || b.label, stats: b.stats });
  }
  return rows;
}

/** "Persona name (segment N)": a segment is shown by its persona name and label. */
async function segmentNames(db: DataSource, segmentIds: number[]): Promise<Map<number, string>> {
  if (!segmentIds.length) return new Map();
  const segments = await db.getRepository(SegmentEntity).findBy({ id: In(segmentIds) });
  const personas = new Map((await db.getRepository(PersonaEntity).findBy({ segmentId: In(segmentIds) })).map((p) => [p.segmentId, p.name]));
  return new Map(segments.map((s) => [s.id, personas.has(s.id) ? `${personas.get(s.id)} (segment ${s.label})` : `segment ${s.label}`]));
}

/** Each activation in time order with the sizes of the activated run's segments, labelled by persona name. */
export async function segmentSizesOverTime(db: DataSource, from?: Date | null, to?: Date | null): Promise<SegmentSizePoint[]> {
  const qb = db.getRepository(SegmentationActivationEntity).createQueryBuilder('a').orderBy('a.activated_at', 'ASC').addOrderBy('a.id', 'ASC');
  if (from) qb.andWhere('a.activated_at >= :from', { from: dateParam(db, from) });
  if (to) qb.andWhere('a.activated_at < :to', { to: dateParam(db, to) });
  const activations = await qb.getMany();
  if (!activations.length) return [];
  const runIds = [...new Set(activations.map((a) => a.runId))];
  const segments = await db.getRepository(SegmentEntity).find({ where: { runId: In(runIds) }, order: { runId: 'ASC', label: 'ASC' } });
  const personas = new Map((segments.length ? await db.getRepository(PersonaEntity).findBy({ segmentId: In(segments.map((s) => s.id)) }) : []).map((p) => [p.segmentId, p.name]));
  return activations.flatMap((a) => segments.filter((s) => s.runId === a.runId).map((s) => ({
    dataSet: a.dataSet, activatedAt: a.activatedAt, runId: a.runId, segmentId: s.id, label: s.label,
    name: personas.get(s.id) ?? `segment ${s.label}`, size: s.size, shareOfCustomers: s.shareOfCustomers,
  })));
}
