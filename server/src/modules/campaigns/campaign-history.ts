import type { DataSource } from 'typeorm';
import { sqlDate, sqlNumber } from '../../db/sql.js';

/**
 * Membership history from frozen snapshots: which campaigns reached a customer and which segment
 * and persona they had at each launch. (Who was in segment S on date D: the snapshots taken
 * around D, or segment_memberships of the run that was live then — runs keep their dates.)
 */
export async function customerCampaigns(db: DataSource, customerId: number) {
  const rows: Record<string, unknown>[] = await db.query(`SELECT m.campaign_id, c.name, c.sent_at, m.is_control, m.segment_id, m.persona_id
    FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id WHERE m.customer_id = ? ORDER BY m.campaign_id DESC`, [customerId]);
  return rows.map((r) => ({
    campaignId: sqlNumber(r.campaign_id), campaignName: String(r.name), sentAt: sqlDate(r.sent_at), isControl: sqlNumber(r.is_control) === 1,
    segmentId: r.segment_id === null ? null : sqlNumber(r.segment_id), personaId: r.persona_id === null ? null : sqlNumber(r.persona_id),
  }));
}
