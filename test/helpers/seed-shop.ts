import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { runJobHere } from '../../server/src/cli/run-job.js';
import { startSegmentation } from '../../server/src/modules/segmentation/index.js';
import { createRng } from '../../server/src/ml/index.js';

/** Multi-row INSERTs of `rows` into `table` (placeholders, in batches both dialects accept). */
async function insertRows(dataSource: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const batch = Math.floor(900 / columns.length);
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`, chunk.flat());
  }
}

/**
 * A shop of `customers` customers buying from `products` products (about `ordersPerCustomer`
 * orders of three lines each, seeded), and a live segmentation made by the real job: the data the
 * customer, recommendation and export queries read.
 */
export async function seedShop(dataSource: DataSource, config: AppConfig, opts: { customers: number; products: number; ordersPerCustomer: number; seed?: number }): Promise<void> {
  const rng = createRng(opts.seed ?? 5);
  const isSqlite = dataSource.options.type === 'better-sqlite3';
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const now = stamp(Date.UTC(2011, 11, 10));
  await insertRows(dataSource, 'products', ['id', 'stock_code', 'description', 'category', 'is_merchandise'],
    Array.from({ length: opts.products }, (_, i) => [i + 1, `P${i + 1}`, `Product ${i + 1}`, `Category ${i % 12}`, 1]));
  await insertRows(dataSource, 'customers', ['id', 'external_id', 'country', 'consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push', 'created_at', 'updated_at'],
    Array.from({ length: opts.customers }, (_, i) => [i + 1, `C${i + 1}`, 'United Kingdom', 1, 0, 0, 0, 0, 0, now, now]));
  const orders: unknown[][] = [];
  const lines: unknown[][] = [];
  const end = Date.UTC(2011, 11, 9);
  for (let c = 1; c <= opts.customers; c++) {
    const n = 1 + Math.floor(rng.nextFloat() * 2 * opts.ordersPerCustomer);
    // Taste: each customer buys mostly from a band of products, so segments differ in what they buy.
    const band = Math.floor(rng.nextFloat() * opts.products);
    for (let o = 0; o < n; o++) {
      const id = orders.length + 1;
      let total = 0;
      for (let l = 0; l < 3; l++) {
        const product = 1 + ((band + l * 13 + Math.floor(rng.nextFloat() * 13)) % opts.products);
        const amount = Math.round((2 + rng.nextFloat() * 30) * 100) / 100;
        total += amount;
        lines.push([id, product, l, 1, amount, amount, 0]);
      }
      orders.push([id, `I${id}`, c, stamp(end - rng.nextFloat() * 700 * 86_400_000), 'completed', 'United Kingdom', Math.round(total * 100) / 100, 3, 3]);
    }
  }
  await insertRows(dataSource, 'orders', ['id', 'invoice_no', 'customer_id', 'ordered_at', 'status', 'country', 'total_amount', 'item_count', 'line_count'], orders);
  await insertRows(dataSource, 'order_lines', ['order_id', 'product_id', 'position', 'quantity', 'unit_price', 'amount', 'is_outlier'], lines);
  if (!isSqlite) await dataSource.query('ANALYZE TABLE customers, orders, order_lines, products');
  const logger = createLogger({ logLevel: 'warn' } as never, 'seed-shop');
  const { run } = await startSegmentation(dataSource, { k: 6, seed: 3 }, 'test');
  const made = await runJobHere(dataSource, config, logger, run.jobId!);
  if (made.status !== 'succeeded') throw new Error(`the seeding segmentation ${made.status}: ${made.error}`);
  const live = await dataSource.query("SELECT run_id FROM live_segmentations WHERE data_set = 'default'");
  if (!live.length) throw new Error('the seeding segmentation did not become live');
}
