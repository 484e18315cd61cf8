/**
 * Early signals of the segment classifier: what is known about a customer at their FIRST
 * completed order — its value, items and lines, country, age band, and browsing before it —
 * so a newcomer can be given a persona long before they have an RFM history.
 */
import type { DataSource } from 'typeorm';
import { sqlDate, sqlNumber } from '../../db/sql.js';
import { ageBand } from '../features/index.js';
import { MISSING } from './response-features.js';

export const EARLY_SIGNAL_FEATURES = [
  'firstOrderValue', 'firstOrderItems', 'firstOrderLines', 'country', 'ageBand', 'sessionsBefore', 'productViewsBefore', 'cartAddsBefore',
] as const;
export type EarlySignalFeature = (typeof EARLY_SIGNAL_FEATURES)[number];

/** Age bands in order; a band is encoded as its index so trees can split on "younger than". */
export const AGE_BANDS = ['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

export interface EarlySignals {
  customerId: number;
  firstOrderAt: Date;
  firstOrderValue: number;
  firstOrderItems: number;
  firstOrderLines: number;
  country: string | null;
  ageBand: string | null;
  sessionsBefore: number;
  productViewsBefore: number;
  cartAddsBefore: number;
}

/** How categorical signals become numbers; stored with the model so scoring encodes the same way. */
export interface EarlySignalEncoding {
  /** Countries of the training customers, most frequent first (ties by name); code = index. */
  countries: string[];
}

/** Each customer's first completed order time; filtered inside so one customer's lookup stays on the index. */
const firstOrders = (only: string) => `SELECT customer_id, MIN(ordered_at) AS first_at FROM orders
  WHERE status = 'completed' AND customer_id IS NOT NULL${only} GROUP BY customer_id`;

/** Early signals of every customer with a completed order (or of the given customers). */
export async function earlySignals(dataSource: DataSource, customerIds: number[] | null = null): Promise<EarlySignals[]> {
  const only = customerIds ? ` AND customer_id IN (${customerIds.map(() => '?').join(', ') || 'NULL'})` : '';
  const params = customerIds ?? [];
  const [orders, events] = await Promise.all([
    dataSource.query(
      `SELECT f.customer_id, o.id, o.ordered_at, o.total_amount, o.item_count, o.line_count, o.country AS order_country, c.country, c.birth_date
         FROM (${firstOrders(only)}) f
         JOIN orders o ON o.customer_id = f.customer_id AND o.ordered_at = f.first_at AND o.status = 'completed'
         JOIN customers c ON c.id = f.customer_id`, params),
    dataSource.query(
      `SELECT f.customer_id, COUNT(DISTINCT e.session_id) AS sessions,
              SUM(CASE WHEN e.type = 'product_view' THEN 1 ELSE 0 END) AS product_views,
              SUM(CASE WHEN e.type = 'add_to_cart' THEN 1 ELSE 0 END) AS cart_adds
         FROM (${firstOrders(only)}) f JOIN events e ON e.customer_id = f.customer_id AND e.occurred_at <= f.first_at
        GROUP BY f.customer_id`, params),
  ]);
  const browsing = new Map<number, Record<string, unknown>>((events as Record<string, unknown>[]).map((row) => [sqlNumber(row.customer_id), row]));
  const byCustomer = new Map<number, EarlySignals & { orderId: number }>();
  for (const row of orders as Record<string, unknown>[]) {
    const customerId = sqlNumber(row.customer_id);
    const orderId = sqlNumber(row.id);
    // Two orders at the very same first instant: the first one written counts.
    const seen = byCustomer.get(customerId);
    if (seen && seen.orderId < orderId) continue;
    const firstOrderAt = sqlDate(row.ordered_at)!;
    const birth = row.birth_date instanceof Date ? row.birth_date.toISOString().slice(0, 10) : (row.birth_date as string | null);
    const b = browsing.get(customerId);
    byCustomer.set(customerId, {
      orderId, customerId, firstOrderAt, firstOrderValue: sqlNumber(row.total_amount), firstOrderItems: sqlNumber(row.item_count),
      firstOrderLines: sqlNumber(row.line_count), country: (row.country as string | null) ?? (row.order_country as string | null) ?? null,
      ageBand: ageBand(birth ?? null, firstOrderAt), sessionsBefore: sqlNumber(b?.sessions), productViewsBefore: sqlNumber(b?.product_views),
      cartAddsBefore: sqlNumber(b?.cart_adds),
    });
  }
  return [...byCustomer.values()].map(({ orderId: _orderId, ...signals }) => signals).sort((a, b) => a.customerId - b.customerId);
}

export function fitEncoding(rows: readonly Pick<EarlySignals, 'country'>[]): EarlySignalEncoding {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.country) counts.set(row.country, (counts.get(row.country) ?? 0) + 1);
  const countries = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([country]) => country);
  return { countries };
}

/** One row in EARLY_SIGNAL_FEATURES order; unknown country or age band → MISSING (−1). */
export function encodeEarlySignals(signals: Omit<EarlySignals, 'customerId' | 'firstOrderAt'>, encoding: EarlySignalEncoding): number[] {
  const countryIndex = signals.country ? encoding.countries.indexOf(signals.country) : -1;
  const bandIndex = signals.ageBand ? (AGE_BANDS as readonly string[]).indexOf(signals.ageBand) : -1;
  const values: Record<EarlySignalFeature, number> = {
    firstOrderValue: signals.firstOrderValue, firstOrderItems: signals.firstOrderItems, firstOrderLines: signals.firstOrderLines,
    country: countryIndex >= 0 ? countryIndex : MISSING, ageBand: bandIndex >= 0 ? bandIndex : MISSING,
    sessionsBefore: signals.sessionsBefore, productViewsBefore: signals.productViewsBefore, cartAddsBefore: signals.cartAddsBefore,
  };
  return EARLY_SIGNAL_FEATURES.map((name) => values[name]);
}
