/**
 * Features of the response model, computed for (customer, as-of instant) pairs: for a training
 * example the as-of instant is the campaign's send time, for scoring it is the scoring date.
 * Every source row is filtered with `< as-of` inside the join, so nothing that happened at or
 * after the send time can reach an example (no leakage); test/prediction.test.ts proves it.
 */
import type { DataSource } from 'typeorm';
import { dateParam, sqlDate, sqlNumber } from '../../db/sql.js';
import { daysBetween } from '../features/index.js';

export const RESPONSE_FEATURES = [
  'recencyDays', 'frequency', 'monetary', 'avgOrderValue', 'tenureDays', 'returns',
  'sessions', 'productViews', 'cartAdds', 'priorContacts', 'priorResponses',
] as const;
export type ResponseFeature = (typeof RESPONSE_FEATURES)[number];

/**
 * Stands for "unknown" (no order yet, unknown country…). The forest refuses NaN, and every real
 * value of these features is ≥ 0, so one split separates the unknowns from the rest.
 */
export const MISSING = -1;

/**
 * A past campaign's response is only counted for later examples when the campaign was sent at
 * least this long before: responses arrive after the send, and we have no response timestamp.
 */
export const PRIOR_RESPONSE_LAG_DAYS = 30;

export interface ResponseExample {
  campaignKey: string;
  customerId: number;
  asOf: Date;
  responded: boolean;
  converted: boolean;
  revenue: number;
  /** Contacted (true) or held out as control (false). */
  treated: boolean;
  /** In RESPONSE_FEATURES order; MISSING = unknown (recency/tenure of a customer without orders). */
  features: number[];
}

export interface OutcomeWindow {
  /** Send times in [sentFrom, sentTo). */
  sentFrom?: Date | null;
  sentTo?: Date | null;
  campaigns?: string[] | null;
  /** Also the control group's outcomes (customers held out, not contacted): what an uplift model learns from. Default: contacted only. */
  includeControl?: boolean;
}

interface Reference { sql: string; params: unknown[]; asOf: string }

const key = (campaign: string, customer: number) => `${campaign}\u0001${customer}`;

/** Outcome rows in the window as the reference set: as-of = each row's own send time. */
function outcomeReference(dataSource: DataSource, window: OutcomeWindow): Reference {
  const where: string[] = window.includeControl ? [] : ['treated = 1'];
  const params: unknown[] = [];
  if (window.sentFrom) { where.push('sent_at >= ?'); params.push(dateParam(dataSource, window.sentFrom)); }
  if (window.sentTo) { where.push('sent_at < ?'); params.push(dateParam(dataSource, window.sentTo)); }
  if (window.campaigns?.length) { where.push(`campaign_key IN (${window.campaigns.map(() => '?').join(', ')})`); params.push(...window.campaigns); }
  return {
    sql: `SELECT campaign_key, customer_id, sent_at AS as_of, responded, converted, revenue, treated FROM campaign_outcomes${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    params, asOf: 'r.as_of',
  };
}

/** Runs the three aggregate queries over a reference set and merges them per (campaign, customer). */
async function aggregate(dataSource: DataSource, ref: Reference, asOfParam: unknown[]) {
  const [orders, events, prior] = await Promise.all([
    dataSource.query(
      `SELECT r.campaign_key, r.customer_id,
              SUM(CASE WHEN o.status = 'completed' THEN 1 ELSE 0 END) AS frequency,
              SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) AS returns,
              SUM(o.total_amount) AS monetary,
              MIN(CASE WHEN o.status = 'completed' THEN o.ordered_at END) AS first_at,
              MAX(CASE WHEN o.status = 'completed' THEN o.ordered_at END) AS last_at
         FROM (${ref.sql}) r LEFT JOIN orders o ON o.customer_id = r.customer_id AND o.ordered_at < ${ref.asOf}
        GROUP BY r.campaign_key, r.customer_id`, [...ref.params, ...asOfParam]),
    dataSource.query(
      `SELECT r.campaign_key, r.customer_id, COUNT(DISTINCT e.session_id) AS sessions,
              SUM(CASE WHEN e.type = 'product_view' THEN 1 ELSE 0 END) AS product_views,
              SUM(CASE WHEN e.type = 'add_to_cart' THEN 1 ELSE 0 END) AS cart_adds
         FROM (${ref.sql}) r JOIN events e ON e.customer_id = r.customer_id AND e.occurred_at < ${ref.asOf}
        GROUP BY r.campaign_key, r.customer_id`, [...ref.params, ...asOfParam]),
    dataSource.query(
      `SELECT r.campaign_key, r.customer_id, p.sent_at, p.responded
         FROM (${ref.sql}) r JOIN campaign_outcomes p ON p.customer_id = r.customer_id AND p.treated = 1 AND p.sent_at < ${ref.asOf}`, [...ref.params, ...asOfParam]),
  ]);
  const byKey = <T>(rows: Record<string, unknown>[], map: (row: Record<string, unknown>) => T) =>
    new Map<string, T>(rows.map((row) => [key(String(row.campaign_key), sqlNumber(row.customer_id)), map(row)]));
  const priorRows = new Map<string, Array<{ sentAt: Date; responded: boolean }>>();
  for (const row of prior as Record<string, unknown>[]) {
    const k = key(String(row.campaign_key), sqlNumber(row.customer_id));
    const list = priorRows.get(k) ?? [];
    list.push({ sentAt: sqlDate(row.sent_at)!, responded: sqlNumber(row.responded) === 1 });
    priorRows.set(k, list);
  }
  return {
    orders: byKey(orders, (row) => ({
      frequency: sqlNumber(row.frequency), returns: sqlNumber(row.returns), monetary: sqlNumber(row.monetary),
      firstAt: sqlDate(row.first_at), lastAt: sqlDate(row.last_at),
    })),
    events: byKey(events, (row) => ({ sessions: sqlNumber(row.sessions), productViews: sqlNumber(row.product_views), cartAdds: sqlNumber(row.cart_adds) })),
    prior: priorRows,
  };
}

type Aggregates = Awaited<ReturnType<typeof aggregate>>;

function featureRow(aggregates: Aggregates, k: string, asOf: Date): number[] {
  const o = aggregates.orders.get(k);
  const e = aggregates.events.get(k);
  const history = aggregates.prior.get(k) ?? [];
  const frequency = o?.frequency ?? 0;
  const monetary = Math.round((o?.monetary ?? 0) * 100) / 100;
  const lagLimit = asOf.getTime() - PRIOR_RESPONSE_LAG_DAYS * 86_400_000;
  const values: Record<ResponseFeature, number> = {
    recencyDays: o?.lastAt ? daysBetween(o.lastAt, asOf) : MISSING,
    frequency,
    monetary,
    avgOrderValue: frequency > 0 ? monetary / frequency : 0,
    tenureDays: o?.firstAt ? daysBetween(o.firstAt, asOf) : MISSING,
    returns: o?.returns ?? 0,
    sessions: e?.sessions ?? 0,
    productViews: e?.productViews ?? 0,
    cartAdds: e?.cartAdds ?? 0,
    priorContacts: history.length,
    priorResponses: history.filter((h) => h.responded && h.sentAt.getTime() <= lagLimit).length,
  };
  return RESPONSE_FEATURES.map((name) => values[name]);
}

/** Training examples: every outcome in the window with features as of its own send time. Sorted by (campaign, customer). */
export async function responseExamples(dataSource: DataSource, window: OutcomeWindow = {}): Promise<ResponseExample[]> {
  const ref = outcomeReference(dataSource, window);
  const [outcomes, aggregates] = await Promise.all([dataSource.query(ref.sql, ref.params), aggregate(dataSource, ref, [])]);
  const examples: ResponseExample[] = (outcomes as Record<string, unknown>[]).map((row) => {
    const campaignKey = String(row.campaign_key);
    const customerId = sqlNumber(row.customer_id);
    const asOf = sqlDate(row.as_of)!;
    return {
      campaignKey, customerId, asOf, responded: sqlNumber(row.responded) === 1, converted: sqlNumber(row.converted) === 1,
      revenue: sqlNumber(row.revenue), treated: sqlNumber(row.treated) === 1, features: featureRow(aggregates, key(campaignKey, customerId), asOf),
    };
  });
  // Code-point order, the same on every database, so a seeded split picks the same rows everywhere.
  return examples.sort((a, b) => (a.campaignKey < b.campaignKey ? -1 : a.campaignKey > b.campaignKey ? 1 : a.customerId - b.customerId));
}

/** Features of the given customers (all when null) as of one instant: what the scoring job feeds the response model. */
export async function responseFeaturesAsOf(dataSource: DataSource, asOf: Date, customerIds: number[] | null = null): Promise<Map<number, number[]>> {
  const filter = customerIds ? ` WHERE id IN (${customerIds.map(() => '?').join(', ') || 'NULL'})` : '';
  const ref: Reference = { sql: `SELECT '' AS campaign_key, id AS customer_id FROM customers${filter}`, params: customerIds ?? [], asOf: '?' };
  const aggregates = await aggregate(dataSource, ref, [dateParam(dataSource, asOf)]);
  const ids: Array<Record<string, unknown>> = await dataSource.query(`SELECT id FROM customers${filter} ORDER BY id`, customerIds ?? []);
  return new Map(ids.map((row) => {
    const id = sqlNumber(row.id);
    return [id, featureRow(aggregates, key('', id), asOf)];
  }));
}
