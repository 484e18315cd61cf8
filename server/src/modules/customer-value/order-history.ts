import type { DataSource } from 'typeorm';
import { dateParam, sqlDate, sqlNumber } from '../../db/sql.js';
import type { Pace } from '../../db/pacing.js';
import type { Transactions } from '../../ml/value/index.js';

/** Orders read per statement: keeps each result set a few MB at any scale. */
const READ_BATCH = 100_000;

/**
 * Every completed order of a known customer placed before `before`, as the struct of arrays the
 * summaries read (customer id, epoch ms, total). Read in primary-key ranges so memory stays at
 * three numbers per order whatever the table's size.
 */
export async function loadOrderHistory(dataSource: DataSource, before: Date, pace: Pace): Promise<Transactions & { amounts: Float64Array }> {
  let customerIds = new Float64Array(1024), timestamps = new Float64Array(1024), amounts = new Float64Array(1024);
  let n = 0, after = 0;
  for (;;) {
    const rows: { id: unknown; customer_id: unknown; ordered_at: unknown; total_amount: unknown }[] = await pace(() => dataSource.query(
      `SELECT id, customer_id, ordered_at, total_amount FROM orders
       WHERE id > ? AND customer_id IS NOT NULL AND status = 'completed' AND ordered_at < ? ORDER BY id LIMIT ${READ_BATCH}`,
      [after, dateParam(dataSource, before)]));
    if (!rows.length) break;
    if (n + rows.length > customerIds.length) {
      const size = Math.max(customerIds.length * 2, n + rows.length);
      const grow = (a: Float64Array) => { const b = new Float64Array(size); b.set(a.subarray(0, n)); return b; };
      customerIds = grow(customerIds); timestamps = grow(timestamps); amounts = grow(amounts);
    }
    for (const row of rows) {
      customerIds[n] = sqlNumber(row.customer_id);
      timestamps[n] = sqlDate(row.ordered_at)!.getTime();
      amounts[n] = sqlNumber(row.total_amount);
      n++;
    }
    after = sqlNumber(rows[rows.length - 1].id);
    if (rows.length < READ_BATCH) break;
  }
  return { customerIds: customerIds.subarray(0, n), timestamps: timestamps.subarray(0, n), amounts: amounts.subarray(0, n) };
}
