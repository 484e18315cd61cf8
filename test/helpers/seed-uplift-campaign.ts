import type { DataSource } from 'typeorm';
import { createRng } from '../../server/src/ml/index.js';
import { sqlTime } from './seed-campaigns.js';

export const UPLIFT_CAMPAIGN = { key: 'planted-uplift', sentAt: new Date(Date.UTC(2011, 5, 1, 9)) } as const;
const DAY = 86_400_000;

async function insertMany(dataSource: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`, chunk.flat());
  }
}

/**
 * A campaign with a control group and planted persuadables: every fourth customer bought often
 * and recently before the send (six orders in the 60 days before it) and responds with
 * probability 0.6 when contacted, 0.05 when held out; everybody else (one to three orders, long
 * before) responds with 0.15 either way. Half the customers, drawn by the seed, are contacted.
 * Outcomes go to campaign_outcomes with their arm, as an outcomes import with a treatment column
 * writes them. All customers consent to e-mail.
 */
export async function seedUpliftCampaign(dataSource: DataSource, customers = 800, seed = 11): Promise<{ customerIds: number[]; persuadables: Set<number> }> {
  const rng = createRng(seed);
  const ts = (d: Date) => sqlTime(dataSource, d);
  const now = ts(new Date(Date.UTC(2012, 0, 1)));
  await insertMany(dataSource, 'customers', ['external_id', 'country', 'consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push', 'created_at', 'updated_at'],
    Array.from({ length: customers }, (_, i) => [`u-${i}`, 'United Kingdom', 1, 0, 0, 0, 0, 0, now, now]));
  const ids: number[] = (await dataSource.query('SELECT id FROM customers WHERE external_id LIKE ? ORDER BY id', ['u-%'])).map((r: { id: unknown }) => Number(r.id));
  const persuadables = new Set<number>();
  const orders: unknown[][] = [];
  const outcomes: unknown[][] = [];
  let invoice = 1;
  const sent = UPLIFT_CAMPAIGN.sentAt.getTime();
  ids.forEach((id, i) => {
    const persuadable = i % 4 === 0;
    if (persuadable) persuadables.add(id);
    const count = persuadable ? 6 : 1 + Math.floor(rng.nextFloat() * 3);
    for (let o = 0; o < count; o++) {
      const daysBefore = persuadable ? 2 + rng.nextFloat() * 58 : 120 + rng.nextFloat() * 300;
      orders.push([`U${invoice++}`, id, ts(new Date(Math.round((sent - daysBefore * DAY) / 1000) * 1000)), 'completed', 'United Kingdom', (20 + rng.nextFloat() * 80).toFixed(2), 1, 1]);
    }
    const treated = rng.nextFloat() < 0.5;
    const p = persuadable ? (treated ? 0.6 : 0.05) : 0.15;
    const responded = rng.nextFloat() < p;
    outcomes.push([UPLIFT_CAMPAIGN.key, id, ts(UPLIFT_CAMPAIGN.sentAt), responded ? 1 : 0, 0, '0.00', treated ? 1 : 0, 'import', now]);
  });
  await insertMany(dataSource, 'orders', ['invoice_no', 'customer_id', 'ordered_at', 'status', 'country', 'total_amount', 'item_count', 'line_count'], orders);
  await insertMany(dataSource, 'campaign_outcomes', ['campaign_key', 'customer_id', 'sent_at', 'responded', 'converted', 'revenue', 'treated', 'source', 'updated_at'], outcomes);
  return { customerIds: ids, persuadables };
}
