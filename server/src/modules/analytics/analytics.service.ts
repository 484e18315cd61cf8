import type { DataSource } from 'typeorm';
import { badInput } from '../../errors.js';
import { dateParam, sqlDate, sqlNumber } from '../../db/sql.js';
import { latestSnapshot } from '../features/index.js';
import { histogram, monthsBetween, pearson } from '../../ml/statistics/index.js';
import type {
  CohortRetentionType, FeatureCorrelationsType, FeatureDistributionType, FeatureOutlierType, RevenueMonthType, RfmGroupCountType,
} from './analytics.types.js';

/** Features the analytics queries accept → their column in customer_features (a whitelist: names reach SQL). */
export const ANALYTICS_FEATURES: Record<string, string> = {
  recencyDays: 'recency_days',
  frequency: 'frequency',
  monetary: 'monetary',
  avgOrderValue: 'avg_order_value',
  tenureDays: 'tenure_days',
  meanDaysBetweenOrders: 'mean_days_between_orders',
  returnRate: 'return_rate',
  clvHistoric: 'clv_historic',
  sessions: 'sessions',
  productViews: 'product_views',
  cartAdds: 'cart_adds',
  viewToPurchaseRate: 'view_to_purchase_rate',
};

function columnOf(feature: string): string {
  const column = ANALYTICS_FEATURES[feature];
  if (!column) throw badInput(`Unknown feature "${feature}"; use one of ${Object.keys(ANALYTICS_FEATURES).join(', ')}`, { fields: { feature: 'unknown feature' } });
  return column;
}

const isSqlite = (dataSource: DataSource) => dataSource.options.type === 'better-sqlite3';

/** 'YYYY-MM' of a DATETIME expression, in UTC (both dialects store UTC). */
function monthOf(dataSource: DataSource, expression: string): string {
  return isSqlite(dataSource) ? `substr(${expression}, 1, 7)` : `DATE_FORMAT(${expression}, '%Y-%m')`;
}

const nullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * Net revenue per calendar month (UTC): completed orders minus cancellations. Cancellations count
 * by their absolute amount whatever sign the import gave them. `to` is exclusive.
 */
export async function revenueByMonth(dataSource: DataSource, from?: Date | null, to?: Date | null): Promise<RevenueMonthType[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (from) { where.push('ordered_at >= ?'); params.push(dateParam(dataSource, from)); }
  if (to) { where.push('ordered_at < ?'); params.push(dateParam(dataSource, to)); }
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT ${monthOf(dataSource, 'ordered_at')} AS month,
       SUM(CASE WHEN status = 'completed' THEN total_amount ELSE -ABS(total_amount) END) AS revenue,
       SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS orders,
       SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancellations
     FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY month ORDER BY month`,
    params,
  );
  const [span]: Record<string, unknown>[] = await dataSource.query(
    `SELECT MIN(ordered_at) AS first_at, MAX(ordered_at) AS last_at FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params);
  const coverage = monthCoverage(sqlDate(span?.first_at), sqlDate(span?.last_at));
  return rows.map((row) => ({
    month: String(row.month),
    revenue: Math.round(sqlNumber(row.revenue) * 100) / 100,
    orders: sqlNumber(row.orders),
    cancellations: sqlNumber(row.cancellations),
    partial: coverage(String(row.month)),
  }));
}

/**
 * Whether a month (YYYY-MM, UTC) is covered only in part: the first month when the data starts
 * after its first day, the last when it ends before its last day. A month whose last order falls
 * on its last day counts as whole (an order log has no "closed" marker).
 */
export function monthCoverage(firstAt: Date | null, lastAt: Date | null): (month: string) => boolean {
  const monthOfDate = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const lastDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return (month) => Boolean(
    (firstAt && month === monthOfDate(firstAt) && firstAt.getUTCDate() > 1)
    || (lastAt && month === monthOfDate(lastAt) && lastAt.getUTCDate() < lastDay(lastAt)));
}

/** Histogram of one feature over the newest snapshot (binned here: log1p is not portable SQL). */
export async function featureDistribution(dataSource: DataSource, feature: string, bins: number, logScale: boolean): Promise<FeatureDistributionType> {
  const column = columnOf(feature);
  const snapshot = await latestSnapshot(dataSource);
  const empty = { feature, logScale, snapshotId: snapshot?.id ?? null, count: 0, missing: 0, min: null, max: null, mean: null, bins: [] };
  if (!snapshot) return empty;
  const rows: Record<string, unknown>[] = await dataSource.query(`SELECT ${column} AS value FROM customer_features WHERE snapshot_id = ?`, [snapshot.id]);
  const values = rows.map((row) => nullableNumber(row.value)).filter((v): v is number => v !== null);
  if (values.length === 0) return { ...empty, missing: rows.length };
  let min = Infinity, max = -Infinity, sum = 0;
  for (const v of values) { if (v < min) min = v; if (v > max) max = v; sum += v; }
  return { ...empty, count: values.length, missing: rows.length - values.length, min, max, mean: sum / values.length, bins: histogram(values, bins, logScale) };
}

/** Pearson correlation matrix over the newest snapshot, pairwise complete (nullable features). */
export async function featureCorrelations(dataSource: DataSource, features: string[]): Promise<FeatureCorrelationsType> {
  const columns = features.map(columnOf);
  const snapshot = await latestSnapshot(dataSource);
  if (!snapshot) return { features, values: features.map(() => features.map(() => null)), customers: 0 };
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT ${columns.map((c, i) => `${c} AS f${i}`).join(', ')} FROM customer_features WHERE snapshot_id = ?`, [snapshot.id],
  );
  const series = columns.map((_, i) => rows.map((row) => nullableNumber(row[`f${i}`])));
  const values = series.map((xs, i) => series.map((ys, j) => (i === j ? 1 : pearson(xs, ys))));
  return { features, values, customers: rows.length };
}

/** The customers farthest from the mean of a feature (population standard deviation, newest snapshot). */
export async function outliers(dataSource: DataSource, feature: string, limit: number): Promise<FeatureOutlierType[]> {
  const column = columnOf(feature);
  const snapshot = await latestSnapshot(dataSource);
  if (!snapshot) return [];
  const [stats] = await dataSource.query(
    `SELECT AVG(${column}) AS mean, AVG(${column} * ${column}) AS meanSquare FROM customer_features WHERE snapshot_id = ? AND ${column} IS NOT NULL`, [snapshot.id],
  );
  const mean = sqlNumber(stats?.mean);
  const sd = Math.sqrt(Math.max(0, sqlNumber(stats?.meanSquare) - mean * mean));
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT cf.customer_id AS customerId, c.external_id AS externalId, cf.${column} AS value
     FROM customer_features cf JOIN customers c ON c.id = cf.customer_id
     WHERE cf.snapshot_id = ? AND cf.${column} IS NOT NULL
     ORDER BY ABS(cf.${column} - ?) DESC, cf.customer_id LIMIT ?`,
    [snapshot.id, mean, limit],
  );
  return rows.map((row) => {
    const value = sqlNumber(row.value);
    return { customerId: sqlNumber(row.customerId), externalId: String(row.externalId), value, zScore: sd > 0 ? (value - mean) / sd : 0 };
  });
}

/**
 * Monthly cohorts by first completed order: retention[m] is the share of the cohort with a
 * completed order m calendar months later, for m = 0..months while the data reaches that month.
 */
export async function cohortRetention(dataSource: DataSource, months: number): Promise<CohortRetentionType[]> {
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT f.cohort AS cohort, ${monthOf(dataSource, 'o.ordered_at')} AS month, COUNT(DISTINCT o.customer_id) AS customers
     FROM orders o
     JOIN (SELECT customer_id, ${monthOf(dataSource, 'MIN(ordered_at)')} AS cohort FROM orders
           WHERE status = 'completed' AND customer_id IS NOT NULL GROUP BY customer_id) f ON f.customer_id = o.customer_id
     WHERE o.status = 'completed'
     GROUP BY f.cohort, month ORDER BY f.cohort, month`,
  );
  if (rows.length === 0) return [];
  const lastMonth = rows.map((row) => String(row.month)).sort().at(-1)!;
  const byCohort = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const cohort = String(row.cohort);
    const offset = monthsBetween(cohort, String(row.month));
    if (!byCohort.has(cohort)) byCohort.set(cohort, new Map());
    byCohort.get(cohort)!.set(offset, sqlNumber(row.customers));
  }
  return [...byCohort.entries()].map(([cohort, counts]) => {
    const size = counts.get(0) ?? 0;
    const span = Math.min(months, monthsBetween(cohort, lastMonth));
    const retention = Array.from({ length: span + 1 }, (_, m) => (size > 0 ? (counts.get(m) ?? 0) / size : 0));
    return { cohort, customers: size, retention };
  });
}

/** Customers per RFM group in the newest snapshot (from its stored summary), largest first. */
export async function rfmGroupCounts(dataSource: DataSource): Promise<RfmGroupCountType[]> {
  const snapshot = await latestSnapshot(dataSource);
  const groups = ((snapshot?.summary as { rfmGroups?: Record<string, number> } | null)?.rfmGroups) ?? {};
  return Object.entries(groups)
    .map(([group, customers]) => ({ group, customers: Number(customers) }))
    .sort((a, b) => b.customers - a.customers || a.group.localeCompare(b.group));
}
