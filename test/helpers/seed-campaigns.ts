import type { DataSource } from 'typeorm';
import { createRng } from '../../server/src/ml/index.js';

export const CAMPAIGNS = [
  { key: 'spring-2011', sentAt: new Date(Date.UTC(2011, 5, 1, 9)) },
  { key: 'autumn-2011', sentAt: new Date(Date.UTC(2011, 9, 1, 9)) },
] as const;

const DAY = 86_400_000;

/** DATETIME text in the form each database stores (SQLite compares it as text, so milliseconds included, like TypeORM). */
export const sqlTime = (dataSource: DataSource, d: Date): string =>
  dataSource.options.type === 'better-sqlite3' ? d.toISOString().replace('T', ' ').replace('Z', '') : d.toISOString().slice(0, 19).replace('T', ' ');

async function insertMany(dataSource: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`, chunk.flat());
  }
}

/**
 * Customers with order histories and two past campaigns whose response depends on recency and
 * frequency as of each send date: customers who bought recently and often respond far more. Every
 * customer also gets orders after the last send (which must change no training example).
 */
export async function seedCampaignHistory(dataSource: DataSource, customers = 300, seed = 3): Promise<{ customerIds: number[] }> {
  const rng = createRng(seed);
  const ts = (d: Date) => sqlTime(dataSource, d);
  const now = ts(new Date(Date.UTC(2012, 0, 1)));
  await insertMany(dataSource, 'customers', ['external_id', 'country', 'consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push', 'created_at', 'updated_at'],
    Array.from({ length: customers }, (_, i) => [`c-${i}`, 'United Kingdom', 1, 0, 0, 0, 0, 0, now, now]));
  const ids: number[] = (await dataSource.query('SELECT id FROM customers WHERE external_id LIKE ? ORDER BY id', ['c-%'])).map((r: { id: unknown }) => Number(r.id));
  const orders: unknown[][] = [];
  const outcomes: unknown[][] = [];
  let invoice = 1;
  const start = Date.UTC(2010, 11, 1);
  const end = Date.UTC(2011, 11, 1);
  for (const id of ids) {
    // An activity level drives both how often a customer buys and how recently.
    const active = rng.nextFloat();
    const count = 1 + Math.floor(active * 12 * rng.nextFloat());
    const times: number[] = [];
    for (let o = 0; o < count; o++) {
      const t = active > 0.5 ? end - rng.nextFloat() * (end - start) : start + rng.nextFloat() * (end - start) * 0.4;
      times.push(Math.round(t / 1000) * 1000);
    }
    for (const t of times) orders.push([`S${invoice++}`, id, ts(new Date(t)), 'completed', 'United Kingdom', (20 + rng.nextFloat() * 80).toFixed(2), 1, 1]);
    for (const campaign of CAMPAIGNS) {
      const before = times.filter((t) => t < campaign.sentAt.getTime());
      const recency = before.length ? (campaign.sentAt.getTime() - Math.max(...before)) / DAY : 999;
      const p = before.length >= 3 && recency < 45 ? 0.8 : before.length >= 2 && recency < 90 ? 0.35 : 0.05;
      const responded = rng.nextFloat() < p;
      const converted = responded && rng.nextFloat() < 0.5;
      outcomes.push([campaign.key, id, ts(campaign.sentAt), responded ? 1 : 0, converted ? 1 : 0, converted ? (10 + rng.nextFloat() * 50).toFixed(2) : '0.00', 'import', now]);
    }
  }
  await insertMany(dataSource, 'orders', ['invoice_no', 'customer_id', 'ordered_at', 'status', 'country', 'total_amount', 'item_count', 'line_count'], orders);
  await insertMany(dataSource, 'campaign_outcomes', ['campaign_key', 'customer_id', 'sent_at', 'responded', 'converted', 'revenue', 'source', 'updated_at'], outcomes);
  return { customerIds: ids };
}
