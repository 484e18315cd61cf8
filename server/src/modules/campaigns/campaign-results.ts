import type { DataSource } from 'typeorm';
import { sqlNumber } from '../../db/sql.js';
import { PersonaEntity } from '../personas/index.js';
import { SegmentEntity } from '../segmentation/index.js';
import { In } from 'typeorm';
import { getCampaign } from './campaign.service.js';
import { memoisedRevenueInterval } from './interval-memo.js';
import { upliftRankResults, type UpliftRankResults } from './campaign-uplift-rank.js';
import { campaignStats, type CampaignStats, type GroupTally } from '../../ml/statistics/index.js';

export interface BreakdownRow { key: string; id: number | null; label: string; stats: CampaignStats }
export interface CampaignResults { campaignId: number; status: string; sentAt: Date | null; overall: CampaignStats; bySegment: BreakdownRow[]; byPersona: BreakdownRow[]; byUpliftRank: UpliftRankResults | null }

const empty = (): GroupTally => ({ members: 0, responses: 0, conversions: 0, revenue: 0, nonZeroRevenues: [] });
const add = (into: GroupTally, from: GroupTally) => {
  into.members += from.members; into.responses += from.responses; into.conversions += from.conversions; into.revenue += from.revenue;
};

/**
 * Results from the frozen snapshot and the recorded outcomes (members without one did not
 * respond). Contacts are the treatment members; the control group is counted apart. The
 * incremental revenue interval is a bootstrap seeded with the campaign's control seed (2,000
 * resamples overall, 500 per breakdown row), so the same results give the same interval, and it is
 * computed once per state of the outcomes (`interval-memo.ts`). Cost = fixed cost + cost per contact × contacts (treatment members); in breakdowns
 * the fixed cost is shared out in proportion to each group's contacts.
 */
export async function campaignResults(db: DataSource, campaignId: number): Promise<CampaignResults> {
  const campaign = await getCampaign(db, campaignId);
  const rows: Record<string, unknown>[] = await db.query(`SELECT m.is_control, m.segment_id, m.persona_id, COUNT(*) AS members,
      SUM(CASE WHEN r.responded = 1 THEN 1 ELSE 0 END) AS responses, SUM(CASE WHEN r.converted = 1 THEN 1 ELSE 0 END) AS conversions,
      SUM(COALESCE(r.revenue, 0)) AS revenue
    FROM campaign_members m LEFT JOIN campaign_results r ON r.campaign_id = m.campaign_id AND r.customer_id = m.customer_id
    WHERE m.campaign_id = ? GROUP BY m.is_control, m.segment_id, m.persona_id`, [campaignId]);
  const total = { treatment: empty(), control: empty() };
  const bySegment = new Map<number | null, { treatment: GroupTally; control: GroupTally }>();
  const byPersona = new Map<number | null, { treatment: GroupTally; control: GroupTally }>();
  const slot = (map: typeof bySegment, key: number | null) => {
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = { treatment: empty(), control: empty() }));
    return entry;
  };
  const idOf = (v: unknown) => (v === null ? null : sqlNumber(v));
  for (const r of rows) {
    const tally: GroupTally = { members: sqlNumber(r.members), responses: sqlNumber(r.responses), conversions: sqlNumber(r.conversions), revenue: sqlNumber(r.revenue) };
    const side = sqlNumber(r.is_control) === 1 ? 'control' : 'treatment';
    add(total[side], tally);
    add(slot(bySegment, idOf(r.segment_id))[side], tally);
    add(slot(byPersona, idOf(r.persona_id))[side], tally);
  }
  // The non-zero revenues, member by member, for the incremental revenue intervals (members without revenue are the zeros).
  const revenues: Record<string, unknown>[] = await db.query(`SELECT m.is_control, m.segment_id, m.persona_id, r.revenue
    FROM campaign_members m JOIN campaign_results r ON r.campaign_id = m.campaign_id AND r.customer_id = m.customer_id
    WHERE m.campaign_id = ? AND r.revenue <> 0`, [campaignId]);
  for (const r of revenues) {
    const side = sqlNumber(r.is_control) === 1 ? 'control' : 'treatment';
    const value = sqlNumber(r.revenue);
    for (const tally of [total[side], slot(bySegment, idOf(r.segment_id))[side], slot(byPersona, idOf(r.persona_id))[side]]) tally.nonZeroRevenues!.push(value);
  }
  const costOf = (contacts: number) => campaign.costPerContact * contacts + (total.treatment.members > 0 ? campaign.fixedCost * (contacts / total.treatment.members) : 0);
  // Breakdown rows are many and small: fewer resamples each keeps the page quick.
  const overall = campaignStats(total.treatment, total.control, campaign.fixedCost + campaign.costPerContact * total.treatment.members, { seed: campaign.controlSeed, samples: 2000, interval: memoisedRevenueInterval });
  const seed = { seed: campaign.controlSeed, samples: 500, interval: memoisedRevenueInterval };

  const segmentIds = [...bySegment.keys()].filter((k): k is number => k !== null);
  const personaIds = [...byPersona.keys()].filter((k): k is number => k !== null);
  const segments = new Map((segmentIds.length ? await db.getRepository(SegmentEntity).findBy({ id: In(segmentIds) }) : []).map((s) => [s.id, s]));
  const personas = new Map((personaIds.length ? await db.getRepository(PersonaEntity).findBy({ id: In(personaIds) }) : []).map((p) => [p.id, p]));
  const breakdown = (map: typeof bySegment, label: (id: number) => string): BreakdownRow[] => [...map]
    .sort(([a], [b]) => (a ?? -1) - (b ?? -1))
    .map(([id, g]) => ({ key: id === null ? 'none' : String(id), id, label: id === null ? '(none)' : label(id), stats: campaignStats(g.treatment, g.control, costOf(g.treatment.members), seed) }));
  return {
    campaignId, status: campaign.status, sentAt: campaign.sentAt, overall,
    bySegment: breakdown(bySegment, (id) => { const s = segments.get(id); return s ? `run ${s.runId} segment ${s.label}` : `segment ${id}`; }),
    byPersona: breakdown(byPersona, (id) => personas.get(id)?.name ?? `persona ${id}`),
    byUpliftRank: await upliftRankResults(db, campaign),
  };
}
