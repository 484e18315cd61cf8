import type { DataSource } from 'typeorm';
import { Rng } from '../../server/src/ml/rng.js';
import { sampleGamma } from '../../server/src/ml/value/index.js';

const DAY = 86_400_000;

export interface SeededValueOrders {
  /** Customer ids in insertion order. */
  customerIds: number[];
  /** Every completed order, as the summaries read them. */
  orders: { customerId: number; at: number; amount: number }[];
}

/**
 * Customers whose orders follow the BG/NBD story in days (λ ~ Gamma(0.6, 25), dropout after each
 * purchase with p ~ Beta(0.8, 2.5)) with Gamma-Gamma spend, first orders spread over the
 * `historyDays` before `asOf`; one cancelled order in ten customers, which the models must ignore.
 */
export async function seedValueOrders(dataSource: DataSource, opts: { customers: number; asOf: Date; historyDays?: number; seed?: number; prefix?: string }): Promise<SeededValueOrders> {
  const rng = new Rng(opts.seed ?? 11);
  const historyDays = opts.historyDays ?? 500;
  const prefix = opts.prefix ?? 'value';
  const ts = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const now = ts(Date.now());
  const customerRows: unknown[][] = [];
  for (let i = 0; i < opts.customers; i++) customerRows.push([`${prefix}-${i}`, 'France', 1, 0, 0, 0, 0, 0, now, now]);
  for (let i = 0; i < customerRows.length; i += 500) {
    const slice = customerRows.slice(i, i + 500);
    await dataSource.query(`INSERT INTO customers (external_id, country, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at)
      VALUES ${slice.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, slice.flat());
  }
  const ids: { id: unknown; external_id: string }[] = await dataSource.query(`SELECT id, external_id FROM customers WHERE external_id LIKE ? ORDER BY id`, [`${prefix}-%`]);
  const customerIds = ids.map((r) => Number(r.id));
  const orders: SeededValueOrders['orders'] = [];
  const rows: unknown[][] = [];
  const end = opts.asOf.getTime();
  let invoice = 0;
  for (const customerId of customerIds) {
    const lambda = sampleGamma(rng, 0.6) / 25;
    const g = sampleGamma(rng, 0.8);
    const p = g / (g + sampleGamma(rng, 2.5));
    const spendRate = sampleGamma(rng, 4) / 100;
    let t = end - (1 + rng.nextFloat() * (historyDays - 1)) * DAY;
    for (;;) {
      const amount = Math.round((sampleGamma(rng, 6) / spendRate) * 100) / 100;
      const at = Math.floor(t / 1000) * 1000;
      orders.push({ customerId, at, amount });
      rows.push([`${prefix}-${++invoice}`, customerId, ts(at), 'completed', amount]);
      if (rng.nextFloat() < p) break;
      t += (-Math.log(1 - rng.nextFloat()) / lambda) * DAY;
      if (t >= end) break;
    }
    if (customerId % 10 === 0) rows.push([`${prefix}-${++invoice}`, customerId, ts(end - 2 * DAY), 'cancelled', 999]);
  }
  // Orders on or after the as-of date are not read.
  rows.push([`${prefix}-${++invoice}`, customerIds[0], ts(end + 3 * DAY), 'completed', 50]);
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    await dataSource.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, country, total_amount, item_count, line_count)
      VALUES ${slice.map(() => "(?, ?, ?, ?, 'France', ?, 1, 1)").join(', ')}`, slice.flat());
  }
  return { customerIds, orders };
}
