import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { dateParam, sqlNumber } from '../../db/sql.js';
import { args, join, list, sql } from '../audiences/index.js';
import { getCampaign } from './campaign.service.js';
import type { CampaignEntity } from './campaign.entity.js';

/** One imported outcome. A customer is named by id or external id; `group` adds a non-member (external sends only). */
export interface OutcomeRow {
  customerId?: number;
  externalId?: string;
  group?: 'treatment' | 'control';
  responded: boolean;
  converted: boolean;
  revenue: number;
}

export interface OutcomeImportReport { rows: number; imported: number; membersAdded: number; skipped: number; issues: { row: number; reason: string }[] }

const BATCH = 1000;
const MAX_ISSUES = 100;

/** One member's outcome as a training label: contacted members train the response model, both arms the uplift model. */
export interface TrainingOutcome { campaignKey: string; customerId: number; sentAt: Date; responded: boolean; converted: boolean; revenue: number; treated: boolean }


/**
 * Writes members' outcomes into `campaign_outcomes` (source 'campaign'), with their arm: the
 * response model's labels (contacted) and the uplift model's (both). Rows of the same campaign
 * and customer are replaced.
 */
export async function recordOutcomesForTraining(manager: EntityManager, rows: TrainingOutcome[]): Promise<number> {
  if (!rows.length) return 0;
  const dataSource = manager.connection;
  const now = dateParam(dataSource, new Date());
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const byKey = new Map<string, number[]>();
    for (const r of batch) byKey.set(r.campaignKey, [...(byKey.get(r.campaignKey) ?? []), r.customerId]);
    for (const [key, ids] of byKey) await manager.query(...args(sql`DELETE FROM campaign_outcomes WHERE campaign_key = ${key} AND customer_id IN (${list(ids)})`));
    const values = join(batch.map((r) => sql`(${r.campaignKey}, ${r.customerId}, ${dateParam(dataSource, r.sentAt)}, ${r.responded ? 1 : 0}, ${r.converted ? 1 : 0}, ${r.revenue}, ${r.treated ? 1 : 0}, 'campaign', ${now})`), ', ');
    await manager.query(...args(sql`INSERT INTO campaign_outcomes (campaign_key, customer_id, sent_at, responded, converted, revenue, treated, source, updated_at) VALUES ${values}`));
  }
  return rows.length;
}

export const campaignKey = (campaign: CampaignEntity) => `campaign:${campaign.id}`;

function checkAcceptsOutcomes(campaign: CampaignEntity) {
  if (!['running', 'completed'].includes(campaign.status)) throw new AppError('CONFLICT', `campaign ${campaign.id} is ${campaign.status}; outcomes are recorded once it has been launched`);
}

/**
 * Imports outcomes in batches of BATCH rows, each batch in its own transaction (a re-import of
 * the same rows replaces them). Rows for customers outside the snapshot are skipped, except for
 * an external send (no audience) where a `group` makes them members.
 */
export async function importOutcomes(db: DataSource, campaignId: number, rows: AsyncIterable<OutcomeRow> | Iterable<OutcomeRow>): Promise<OutcomeImportReport> {
  const campaign = await getCampaign(db, campaignId);
  checkAcceptsOutcomes(campaign);
  const report: OutcomeImportReport = { rows: 0, imported: 0, membersAdded: 0, skipped: 0, issues: [] };
  const skip = (row: number, reason: string) => {
    report.skipped++;
    if (report.issues.length < MAX_ISSUES) report.issues.push({ row, reason });
  };
  let batch: { line: number; row: OutcomeRow }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const current = batch;
    batch = [];
    await db.transaction((manager) => writeOutcomeBatch(manager, campaign, current, report, skip));
  };
  for await (const row of rows) {
    report.rows++;
    batch.push({ line: report.rows, row });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await db.query('UPDATE campaigns SET member_count = (SELECT COUNT(*) FROM campaign_members WHERE campaign_id = ?), control_count = (SELECT COUNT(*) FROM campaign_members WHERE campaign_id = ? AND is_control = 1) WHERE id = ?', [campaignId, campaignId, campaignId]);
  return report;
}

async function writeOutcomeBatch(
  manager: EntityManager, campaign: CampaignEntity, batch: { line: number; row: OutcomeRow }[], report: OutcomeImportReport, skip: (row: number, reason: string) => void,
) {
  const externals = [...new Set(batch.filter((b) => b.row.customerId === undefined && b.row.externalId).map((b) => b.row.externalId!))];
  const idByExternal = new Map<string, number>();
  if (externals.length) {
    for (const r of await manager.query(...args(sql`SELECT id, external_id FROM customers WHERE external_id IN (${list(externals)})`))) idByExternal.set(String(r.external_id), sqlNumber(r.id));
  }
  const resolved: { line: number; customerId: number; row: OutcomeRow }[] = [];
  for (const b of batch) {
    const customerId = b.row.customerId ?? (b.row.externalId ? idByExternal.get(b.row.externalId) : undefined);
    if (customerId === undefined) { skip(b.line, `unknown customer ${b.row.externalId ?? ''}`.trim()); continue; }
    if (b.row.converted && !b.row.responded) { skip(b.line, 'converted without responding'); continue; }
    if (!(b.row.revenue >= 0)) { skip(b.line, 'revenue must be 0 or more'); continue; }
    resolved.push({ line: b.line, customerId, row: b.row });
  }
  if (!resolved.length) return;
  const ids = [...new Set(resolved.map((r) => r.customerId))];
  const memberRows = await manager.query(...args(sql`SELECT customer_id, is_control FROM campaign_members WHERE campaign_id = ${campaign.id} AND customer_id IN (${list(ids)})`));
  const members = new Set(memberRows.map((r: Record<string, unknown>) => sqlNumber(r.customer_id)));
  const additions = new Map<number, boolean>();
  const accepted = new Map<number, OutcomeRow>();
  for (const r of resolved) {
    if (!members.has(r.customerId)) {
      if (campaign.audienceId !== null || !r.row.group) { skip(r.line, `customer ${r.customerId} is not in the campaign's snapshot`); continue; }
      additions.set(r.customerId, r.row.group === 'control');
    }
    accepted.set(r.customerId, r.row); // a later row for the same customer wins
  }
  if (additions.size) {
    const values = join([...additions].map(([id, control]) => sql`(${campaign.id}, ${id}, ${control ? 1 : 0})`), ', ');
    await manager.query(...args(sql`INSERT INTO campaign_members (campaign_id, customer_id, is_control) VALUES ${values}`));
    report.membersAdded += additions.size;
  }
  if (!accepted.size) return;
  const now = dateParam(manager.connection, new Date());
  await manager.query(...args(sql`DELETE FROM campaign_results WHERE campaign_id = ${campaign.id} AND customer_id IN (${list([...accepted.keys()])})`));
  const values = join([...accepted].map(([id, r]) => sql`(${campaign.id}, ${id}, ${r.responded ? 1 : 0}, ${r.converted ? 1 : 0}, ${r.revenue}, 'import', ${now})`), ', ');
  await manager.query(...args(sql`INSERT INTO campaign_results (campaign_id, customer_id, responded, converted, revenue, source, recorded_at) VALUES ${values}`));
  report.imported += accepted.size;
  const control = new Set(memberRows.filter((r: Record<string, unknown>) => sqlNumber(r.is_control) === 1).map((r: Record<string, unknown>) => sqlNumber(r.customer_id)));
  for (const [id, isControl] of additions) if (isControl) control.add(id);
  await recordOutcomesForTraining(manager, [...accepted].map(([id, r]) => ({
    campaignKey: campaignKey(campaign), customerId: id, sentAt: campaign.sentAt ?? new Date(0), responded: r.responded, converted: r.converted, revenue: r.revenue, treated: !control.has(id),
  })));
}

/**
 * Attributes orders to members (treatment and control alike, so lift compares like with like):
 * a member who placed a non-cancelled order in [sentAt, sentAt + attributionDays) responded and
 * converted, with those orders' total as revenue. Imported outcomes win; earlier attributions are
 * replaced. Returns the number of members attributed.
 */
export async function attributeOrders(db: DataSource, campaignId: number): Promise<{ attributed: number; windowStart: Date; windowEnd: Date }> {
  const campaign = await getCampaign(db, campaignId);
  checkAcceptsOutcomes(campaign);
  const windowStart = campaign.sentAt!;
  const windowEnd = new Date(windowStart.getTime() + campaign.attributionDays * 86_400_000);
  return db.transaction(async (manager) => {
    await manager.query(`DELETE FROM campaign_results WHERE campaign_id = ? AND source = 'attribution'`, [campaignId]);
    await manager.query(...args(sql`INSERT INTO campaign_results (campaign_id, customer_id, responded, converted, revenue, source, recorded_at)
      SELECT m.campaign_id, m.customer_id, 1, 1, SUM(o.total_amount), 'attribution', ${dateParam(db, new Date())}
      FROM campaign_members m JOIN orders o ON o.customer_id = m.customer_id AND o.ordered_at >= ${dateParam(db, windowStart)} AND o.ordered_at < ${dateParam(db, windowEnd)} AND o.status <> 'cancelled'
      WHERE m.campaign_id = ${campaignId} AND NOT EXISTS (SELECT 1 FROM campaign_results r WHERE r.campaign_id = m.campaign_id AND r.customer_id = m.customer_id)
      GROUP BY m.campaign_id, m.customer_id`));
    // Every member is a training label (no attributed order means no response): the contacted
    // ones for the response model, both arms for the uplift model.
    const rows = await manager.query(`SELECT m.customer_id, m.is_control, r.responded, r.converted, r.revenue FROM campaign_members m
      LEFT JOIN campaign_results r ON r.campaign_id = m.campaign_id AND r.customer_id = m.customer_id WHERE m.campaign_id = ?`, [campaignId]);
    await recordOutcomesForTraining(manager, rows.map((r: Record<string, unknown>) => ({
      campaignKey: campaignKey(campaign), customerId: sqlNumber(r.customer_id), sentAt: windowStart,
      responded: sqlNumber(r.responded) === 1, converted: sqlNumber(r.converted) === 1, revenue: sqlNumber(r.revenue), treated: sqlNumber(r.is_control) === 0,
    })));
    const [{ n }] = await manager.query(`SELECT COUNT(*) AS n FROM campaign_results WHERE campaign_id = ? AND source = 'attribution'`, [campaignId]);
    return { attributed: sqlNumber(n), windowStart, windowEnd };
  });
}
