import type { EntityManager } from 'typeorm';
import { dialectOf } from '../../db/dialect.js';
import type { Pace } from '../../db/pacing.js';
import { formatUtcDatetime } from '../../db/sql.js';
import type { CustomerScores } from '../../ml/value/index.js';
import { refreshTargetingScores } from '../targeting/index.js';

/** The customer-value columns of customer_scores, in the order the writer binds them. */
const VALUE_COLUMNS = ['p_alive', 'churn_risk', 'expected_purchases', 'predicted_clv', 'clv_percentile', 'expected_next_order_at', 'value_as_of', 'value_model_id', 'value_scored_at'];
/** Rows per INSERT: 11 placeholders each, far below either driver's limit, a few hundred kB of SQL. */
const WRITE_BATCH = 2_000;

/** Later than this a next-order date means "not in any plan" (and DATETIME stops at year 9999). */
const LATEST_DATE = Date.UTC(9000, 0, 1);

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * Replaces every customer's value scores with `scores` (read from the orders before `asOfDate`), set-wise, inside the caller's (fenced)
 * transaction: one UPDATE clears the columns of customers no longer scored, multi-row upserts
 * write the rest (only the value columns of an existing row change: the response and segment
 * scores of other models stay), then the targeting rows take the new columns.
 */
export async function writeValueScores(manager: EntityManager, scores: CustomerScores, modelId: number, asOfDate: Date, pace: Pace): Promise<number> {
  const sqlite = dialectOf(manager.connection) === 'sqlite';
  const now = formatUtcDatetime(Math.floor(Date.now() / 1000) * 1000, false);
  const asOf = formatUtcDatetime(asOfDate.getTime(), false);
  await pace(() => manager.query(`UPDATE customer_scores SET ${VALUE_COLUMNS.map((c) => `${c} = NULL`).join(', ')} WHERE value_model_id IS NOT NULL`));
  // Only customers that still exist get a row (an order can outlive an erased customer's row).
  const existing = new Set<number>((await manager.query('SELECT id FROM customers')).map((r: { id: unknown }) => Number(r.id)));
  const upsert = sqlite
    ? `ON CONFLICT (customer_id) DO UPDATE SET ${VALUE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`
    : `ON DUPLICATE KEY UPDATE ${VALUE_COLUMNS.map((c) => `${c} = VALUES(${c})`).join(', ')}`;
  const n = scores.customerIds.length;
  let written = 0;
  for (let start = 0; start < n; start += WRITE_BATCH) {
    const values: unknown[] = [];
    let rows = 0;
    for (let i = start; i < Math.min(n, start + WRITE_BATCH); i++) {
      const id = scores.customerIds[i];
      if (!existing.has(id)) continue;
      const next = scores.expectedNextOrderAt[i];
      values.push(id, finiteOrNull(scores.probabilityAlive[i]), finiteOrNull(scores.churnRisk[i]), finiteOrNull(scores.expectedPurchases[i]),
        finiteOrNull(scores.predictedClv[i]), finiteOrNull(scores.clvPercentile[i]), Number.isFinite(next) && next < LATEST_DATE ? formatUtcDatetime(next, false) : null,
        asOf, modelId, now, now);
      rows++;
    }
    if (!rows) continue;
    await pace(() => manager.query(`INSERT INTO customer_scores (customer_id, ${VALUE_COLUMNS.join(', ')}, scored_at)
      VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${upsert}`, values));
    written += rows;
  }
  // Same transaction: audiences never see new scores in one table and old ones in the other.
  await refreshTargetingScores(manager, undefined, pace);
  return written;
}
