import type { DataSource } from 'typeorm';
import { createRng } from '../../server/src/ml/index.js';

/**
 * Seeds customers in three behaviour groups with clearly different RFM profiles, for segmentation
 * tests: 'loyal' (recent, frequent, high spend), 'lapsed' (long ago, few orders), 'new' (recent, one order).
 */
export async function seedBehaviourGroups(dataSource: DataSource, perGroup = 30, seed = 7): Promise<Map<number, string>> {
  const rng = createRng(seed);
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const isSqlite = dataSource.options.type === 'better-sqlite3';
  const ts = (d: Date) => (isSqlite ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
  await dataSource.query('INSERT INTO products (stock_code, description, category, is_merchandise) VALUES (?, ?, ?, 1), (?, ?, ?, 1)', ['MUG', 'MUG', 'Kitchen', 'LAMP', 'LAMP', 'Lighting']);
  const groups = ['loyal', 'lapsed', 'new'] as const;
  const groupOf = new Map<number, string>();
  const end = Date.UTC(2011, 11, 9);
  let invoice = 1;
  for (const group of groups) {
    for (let i = 0; i < perGroup; i++) {
      const ext = `${group}-${i}`;
      await dataSource.query(`INSERT INTO customers (external_id, country, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at) VALUES (?, 'United Kingdom', 1, 0, 0, 0, 0, 0, ?, ?)`, [ext, now, now]);
      const [{ id }] = await dataSource.query('SELECT id FROM customers WHERE external_id = ?', [ext]);
      groupOf.set(Number(id), group);
      const orders = group === 'loyal' ? 12 + Math.floor(rng.nextFloat() * 6) : group === 'lapsed' ? 1 + Math.floor(rng.nextFloat() * 2) : 1;
      for (let o = 0; o < orders; o++) {
        const daysAgo = group === 'loyal' ? 1 + rng.nextFloat() * 30 + o * 10 : group === 'lapsed' ? 250 + rng.nextFloat() * 80 : 1 + rng.nextFloat() * 14;
        const amount = group === 'loyal' ? 300 + rng.nextFloat() * 100 : group === 'lapsed' ? 40 + rng.nextFloat() * 20 : 60 + rng.nextFloat() * 30;
        const at = new Date(end - daysAgo * 86_400_000);
        const rounded = Math.round(amount * 100) / 100;
        await dataSource.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, country, total_amount, item_count, line_count) VALUES (?, ?, ?, 'completed', 'United Kingdom', ?, 1, 1)`, [String(invoice), id, ts(at), rounded]);
        const [{ id: orderId }] = await dataSource.query('SELECT id FROM orders WHERE invoice_no = ?', [String(invoice)]);
        await dataSource.query('INSERT INTO order_lines (order_id, product_id, quantity, unit_price, amount, is_outlier) VALUES (?, ?, 1, ?, ?, 0)', [orderId, group === 'loyal' ? 2 : 1, rounded, rounded]);
        invoice++;
      }
    }
  }
  return groupOf;
}
