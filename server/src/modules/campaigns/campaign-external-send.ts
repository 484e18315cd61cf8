import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { sqlNumber } from '../../db/sql.js';
import { args, join, sql } from '../audiences/index.js';
import { CampaignEntity } from './campaign.entity.js';
import { assignControlGroup, getCampaign } from './campaign.service.js';

const BATCH = 1000;

/**
 * Records who an external send (a campaign without an audience, launched with its send date)
 * went to, as one snapshot: the members, then the control group held out by the campaign's seed
 * exactly as a launch holds it out (same members, same seed → same control group). Outcomes then
 * come from `attributeOrders` or an outcome import. Refused once the snapshot has members.
 */
export async function recordExternalSend(db: DataSource, campaignId: number, customerIds: number[]): Promise<{ members: number; control: number }> {
  return db.transaction(async (manager) => {
    const campaign = await getCampaign(manager, campaignId);
    if (campaign.audienceId !== null) throw new AppError('CONFLICT', `campaign ${campaignId} has an audience: its members come from the launch snapshot`);
    if (campaign.status !== 'running') throw new AppError('CONFLICT', `campaign ${campaignId} is ${campaign.status}; launch it (with its send date) before recording who it went to`);
    const [{ n }] = await manager.query('SELECT COUNT(*) AS n FROM campaign_members WHERE campaign_id = ?', [campaignId]);
    if (sqlNumber(n) > 0) throw new AppError('CONFLICT', `campaign ${campaignId} already has ${sqlNumber(n)} members`);
    const ids = [...new Set(customerIds)];
    for (let i = 0; i < ids.length; i += BATCH) {
      const values = join(ids.slice(i, i + BATCH).map((id) => sql`(${campaignId}, ${id}, 0)`), ', ');
      await manager.query(...args(sql`INSERT INTO campaign_members (campaign_id, customer_id, is_control) VALUES ${values}`));
    }
    const control = await assignControlGroup(manager, campaignId, campaign.controlShare, campaign.controlSeed);
    await manager.update(CampaignEntity, { id: campaignId }, { memberCount: ids.length, controlCount: control, snapshotAt: new Date(), updatedAt: new Date() });
    return { members: ids.length, control };
  });
}
