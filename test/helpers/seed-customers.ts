import type { DataSource } from 'typeorm';
import { createRng } from '../../server/src/ml/index.js';

/**
 * `count` customers (external ids K0, K1, …) with 1–12 completed orders each over the year to
 * 9 Dec 2011, skewed towards few orders, in batches of 500; seeded, so the same call gives the
 * same data. Written with plain INSERTs, fast enough for kill-a-worker tests.
 */
export async function seedRandomCustomers(ds: DataSource, count: number, seed = 3): Promise<void> {
  const rng = createRng(seed);
  const sqlite = ds.options.type === 'better-sqlite3';
  const end = Date.UTC(2011, 11, 9);
  let invoice = 1;
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    const customers: unknown[] = [];
    const orders: unknown[] = [];
    let rows = 0;
    for (let i = start; i < start + size; i++) customers.push(`K${i}`, '2011-01-01 00:00:00', '2011-01-01 00:00:00');
    await ds.query(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ${new Array(size).fill('(?, ?, ?)').join(',')}`, customers);
    // Ids read back, not assumed: a Galera node hands out every third auto-increment value.
    const externalIds = customers.filter((_, n) => n % 3 === 0);
    const idRows: { id: number; external_id: string }[] = await ds.query(`SELECT id, external_id FROM customers WHERE external_id IN (${externalIds.map(() => '?').join(',')})`, externalIds);
    const idOf = new Map(idRows.map((r) => [r.external_id, Number(r.id)]));
    for (let i = start; i < start + size; i++) {
      const orderCount = 1 + Math.floor(rng.nextFloat() ** 3 * 12);
      for (let o = 0; o < orderCount; o++) {
        const at = new Date(end - Math.floor(rng.nextFloat() * 360) * 86_400_000).toISOString();
        orders.push(String(invoice++), idOf.get(`K${i}`), sqlite ? at.replace('T', ' ').replace('Z', '') : at.slice(0, 19).replace('T', ' '), Math.round(Math.exp(2 + rng.nextFloat() * 4) * 100) / 100);
        rows++;
      }
    }
    await ds.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, total_amount) VALUES ${new Array(rows).fill("(?, ?, ?, 'completed', ?)").join(',')}`, orders);
  }
}
