import type { DataSource } from 'typeorm';
import { sqlNumber } from '../../db/sql.js';
import { campaignStats, Z_95, type CampaignStats, type GroupTally } from '../../ml/statistics/index.js';
import type { CampaignEntity } from './campaign.entity.js';

export interface UpliftRankResults {
  /** Members with an uplift score at launch (both arms), ranked by it. */
  scoredMembers: number;
  /** The best-ranked tenth (rounded up) and everyone else, each with its own lift and interval. */
  topDecile: CampaignStats;
  rest: CampaignStats;
  /** Response lift of the top decile − response lift of the rest, with a 95% normal interval (independent groups: √(SE₁² + SE₂²)). */
  responseLiftDifference: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  significant: boolean;
}

const empty = (): GroupTally => ({ members: 0, responses: 0, conversions: 0, revenue: 0 });

/**
 * Does the model's top decile respond more to the message than the rest? Members are ranked by
 * the uplift frozen at launch (best first, ties by customer id) regardless of arm — the control
 * group was drawn at random, so both arms are ranked alike — and the top tenth and the rest each
 * get their treatment-minus-control lift with the campaign's interval helpers. Null when fewer
 * than 20 members had an uplift score at launch.
 */
export async function upliftRankResults(db: DataSource, campaign: CampaignEntity): Promise<UpliftRankResults | null> {
  const rows: Record<string, unknown>[] = await db.query(`SELECT m.customer_id, m.is_control, r.responded, r.converted, r.revenue
    FROM campaign_members m LEFT JOIN campaign_results r ON r.campaign_id = m.campaign_id AND r.customer_id = m.customer_id
    WHERE m.campaign_id = ? AND m.uplift IS NOT NULL ORDER BY m.uplift DESC, m.customer_id ASC`, [campaign.id]);
  if (rows.length < 20) return null;
  const topSize = Math.ceil(rows.length / 10);
  const groups = { top: { treatment: empty(), control: empty() }, rest: { treatment: empty(), control: empty() } };
  rows.forEach((r, i) => {
    const tally = groups[i < topSize ? 'top' : 'rest'][sqlNumber(r.is_control) === 1 ? 'control' : 'treatment'];
    tally.members++;
    if (sqlNumber(r.responded) === 1) tally.responses++;
    if (sqlNumber(r.converted) === 1) tally.conversions++;
    tally.revenue += r.revenue === null ? 0 : sqlNumber(r.revenue);
  });
  const costOf = (contacts: number) => campaign.costPerContact * contacts;
  const topDecile = campaignStats(groups.top.treatment, groups.top.control, costOf(groups.top.treatment.members));
  const rest = campaignStats(groups.rest.treatment, groups.rest.control, costOf(groups.rest.treatment.members));
  const a = topDecile.responseLift, b = rest.responseLift;
  if (a.difference === null || b.difference === null || a.standardError === null || b.standardError === null) {
    return { scoredMembers: rows.length, topDecile, rest, responseLiftDifference: null, ciLower: null, ciUpper: null, significant: false };
  }
  const difference = a.difference - b.difference;
  const se = Math.sqrt(a.standardError ** 2 + b.standardError ** 2);
  const ciLower = difference - Z_95 * se, ciUpper = difference + Z_95 * se;
  return { scoredMembers: rows.length, topDecile, rest, responseLiftDifference: difference, ciLower, ciUpper, significant: ciLower > 0 || ciUpper < 0 };
}
