import { nullProtoRecord } from '@segmenta/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { dateParam, formatUtcDatetime, sqlDate, sqlNumber } from '../../db/sql.js';
import { dialectOf } from '../../db/dialect.js';
import { bulkInsertRows, type CountedRows } from '../../db/bulk-load.js';
import { unpaced, type Pace } from '../../db/pacing.js';
import { CustomerFeaturesEntity } from './customer-features.entity.js';
import { FeatureSnapshotEntity } from './feature-snapshot.entity.js';
import { ageBand, daysBetween, quintileScores, rfmGroup } from './rfm.js';

export const FEATURE_DEFINITION_VERSION = 'v1';

/** The definitions stored with every snapshot, so a run can be reproduced and explained. */
export const FEATURE_DEFINITIONS = {
  version: FEATURE_DEFINITION_VERSION,
  population: 'customers with at least one completed order on or before asOf',
  recencyDays: 'whole days from the last completed order to asOf',
  frequency: 'distinct completed (non-cancelled) orders',
  monetary: 'net revenue: completed order totals plus (negative) cancellation totals',
  scores: 'quintile of rank, ties by external customer id (code-point order): floor(5·i/n)+1; recency ranked descending',
  rfmGroup: 'R×F segment map (docs/rfm.md)',
  avgOrderValue: 'monetary / frequency',
  tenureDays: 'whole days from the first completed order to asOf',
  meanDaysBetweenOrders: '(last − first completed order) / (frequency − 1) in days; null when frequency = 1',
  returnRate: 'cancelled orders / completed orders',
  clvHistoric: 'net revenue to date (= monetary)',
  categoryShares: 'share of completed line amounts per product category',
  browsing: 'sessions, product views, cart adds from events on or before asOf; viewToPurchaseRate = frequency / product views',
};

export interface FeatureProgress { (done: number, total: number, message: string): void }

interface Aggregate {
  customerId: number; externalId: string; frequency: number; returns: number; monetary: number; firstAt: Date; lastAt: Date;
  ageBand: string | null; country: string | null;
}

/**
 * Customers per aggregate query. The features run beside a live API on the same database: one
 * GROUP BY over every order (and four of them at once) kept the database's cores busy for tens of
 * seconds and made API latency spike to seconds. Short queries over customer-id ranges, one after
 * another, let the API's queries in between, use the (customer_id, …) indexes, and keep each
 * grouping small enough for an in-memory temporary table.
 */
const CUSTOMERS_PER_QUERY = 50_000;

/** Half-open customer-id ranges [from, to) covering every customer. */
async function customerRanges(dataSource: DataSource, size: number): Promise<[number, number][]> {
  const [row] = await dataSource.query('SELECT MIN(id) AS lo, MAX(id) AS hi FROM customers');
  if (row?.lo === null || row?.lo === undefined) return [];
  const lo = sqlNumber(row.lo), hi = sqlNumber(row.hi);
  const ranges: [number, number][] = [];
  for (let from = lo; from <= hi; from += size) ranges.push([from, Math.min(from + size, hi + 1)]);
  return ranges;
}

/**
 * The range's customers' order totals. Their external ids come from `people` (the demographics of
 * the same range): joining customers to every order row cost a lookup per order, about 15 % of the
 * database's CPU for the features. Orders whose customer row is gone have no one to score.
 */
async function orderAggregates(dataSource: DataSource, asOf: Date, [from, to]: [number, number], people: Map<number, Person>, into: Aggregate[]): Promise<void> {
  const rows = await dataSource.query(
    `SELECT o.customer_id AS customer_id,
            SUM(CASE WHEN o.status = 'completed' THEN 1 ELSE 0 END) AS frequency,
            SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) AS returns,
            SUM(o.total_amount) AS monetary,
            MIN(CASE WHEN o.status = 'completed' THEN o.ordered_at END) AS first_at,
            MAX(CASE WHEN o.status = 'completed' THEN o.ordered_at END) AS last_at
       FROM orders o
      WHERE o.customer_id >= ? AND o.customer_id < ? AND o.ordered_at <= ?
      GROUP BY o.customer_id`, [from, to, dateParam(dataSource, asOf)]);
  for (const row of rows) {
    const frequency = sqlNumber(row.frequency);
    if (frequency === 0) continue; // returns only: no purchase to score
    const customerId = sqlNumber(row.customer_id);
    const person = people.get(customerId);
    if (!person) continue;
    into.push({
      customerId, externalId: person.externalId, frequency, returns: sqlNumber(row.returns),
      monetary: Math.round(sqlNumber(row.monetary) * 100) / 100, firstAt: sqlDate(row.first_at)!, lastAt: sqlDate(row.last_at)!,
      ageBand: person.ageBand, country: person.country,
    });
  }
}

async function categoryShares(dataSource: DataSource, asOf: Date, [from, to]: [number, number], into: Map<number, Record<string, number>>): Promise<void> {
  const rows = await dataSource.query(
    `SELECT o.customer_id AS customer_id, COALESCE(p.category, 'Uncategorised') AS category, SUM(l.amount) AS amount
       FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
      WHERE o.customer_id >= ? AND o.customer_id < ? AND o.status = 'completed' AND o.ordered_at <= ?
      GROUP BY o.customer_id, COALESCE(p.category, 'Uncategorised')`, [from, to, dateParam(dataSource, asOf)]);
  const totals = new Map<number, Record<string, number>>();
  for (const row of rows) {
    const id = sqlNumber(row.customer_id);
    let shares = totals.get(id);
    if (!shares) totals.set(id, (shares = nullProtoRecord())); // category names come from imported files
    shares[row.category] = sqlNumber(row.amount);
  }
  for (const [id, shares] of totals) {
    const sum = Object.values(shares).reduce((a, b) => a + Math.max(0, b), 0);
    for (const key of Object.keys(shares)) shares[key] = sum > 0 ? Math.round((Math.max(0, shares[key]) / sum) * 10_000) / 10_000 : 0;
    into.set(id, shares);
  }
}

type Browsing = { sessions: number; productViews: number; cartAdds: number };
async function browsing(dataSource: DataSource, asOf: Date, [from, to]: [number, number], into: Map<number, Browsing>): Promise<void> {
  const rows = await dataSource.query(
    `SELECT customer_id, COUNT(DISTINCT session_id) AS sessions,
            SUM(CASE WHEN type = 'product_view' THEN 1 ELSE 0 END) AS product_views,
            SUM(CASE WHEN type = 'add_to_cart' THEN 1 ELSE 0 END) AS cart_adds
       FROM events WHERE customer_id >= ? AND customer_id < ? AND occurred_at <= ? GROUP BY customer_id`, [from, to, dateParam(dataSource, asOf)]);
  for (const r of rows) into.set(sqlNumber(r.customer_id), { sessions: sqlNumber(r.sessions), productViews: sqlNumber(r.product_views), cartAdds: sqlNumber(r.cart_adds) });
}

type Person = { externalId: string; ageBand: string | null; country: string | null };
/**
 * The range's customers (one range at a time: the map is dropped after its orders are read). Country
 * names are shared through `names`: a million copies of a dozen strings, kept to the end, were
 * a large part of what the worker's garbage collector copied.
 */
async function demographics(dataSource: DataSource, asOf: Date, [from, to]: [number, number], names: Map<string, string>): Promise<Map<number, Person>> {
  const rows = await dataSource.query('SELECT id, external_id, birth_date, country FROM customers WHERE id >= ? AND id < ?', [from, to]);
  const people = new Map<number, Person>();
  for (const r of rows) {
    const birth = r.birth_date instanceof Date ? r.birth_date.toISOString().slice(0, 10) : (r.birth_date as string | null);
    let country = (r.country as string | null) ?? null;
    if (country !== null) {
      const shared = names.get(country);
      if (shared === undefined) names.set(country, country); else country = shared;
    }
    people.set(sqlNumber(r.id), { externalId: String(r.external_id), ageBand: ageBand(birth, asOf), country });
  }
  return people;
}

/** Computes every customer's features in the database (one aggregate row per customer). */
export async function computeFeatures(dataSource: DataSource, asOf: Date, snapshotId: number, opts: { customersPerQuery?: number; pace?: Pace } = {}): Promise<CustomerFeaturesEntity[]> {
  const pace = opts.pace ?? unpaced;
  const aggregates: Aggregate[] = [];
  const shares = new Map<number, Record<string, number>>();
  const events = new Map<number, Browsing>();
  const names = new Map<string, string>();
  // One query at a time (see CUSTOMERS_PER_QUERY).
  for (const range of await customerRanges(dataSource, opts.customersPerQuery ?? CUSTOMERS_PER_QUERY)) {
    await pace(async () => {
      const people = await demographics(dataSource, asOf, range, names);
      await orderAggregates(dataSource, asOf, range, people, aggregates);
      await categoryShares(dataSource, asOf, range, shares);
      await browsing(dataSource, asOf, range, events);
    });
  }
  // Code-point order of the source system's id: the same on every database and in the pandas check.
  aggregates.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  // Ties in a score are broken by external id: aggregates come sorted by it, so by position.
  const ids = aggregates.map((_, i) => i);
  const recency = aggregates.map((a) => daysBetween(a.lastAt, asOf));
  const r = quintileScores(recency, ids, false);
  const f = quintileScores(aggregates.map((a) => a.frequency), ids, true);
  const m = quintileScores(aggregates.map((a) => a.monetary), ids, true);
  return aggregates.map((a, i) => {
    const share = shares.get(a.customerId) ?? null;
    const top = share ? Object.entries(share).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]?.[0] ?? null : null;
    const ev = events.get(a.customerId);
    const row = new CustomerFeaturesEntity();
    Object.assign(row, {
      snapshotId, customerId: a.customerId, recencyDays: recency[i], frequency: a.frequency, monetary: a.monetary,
      rScore: r[i], fScore: f[i], mScore: m[i], rfmGroup: rfmGroup(r[i], f[i]),
      avgOrderValue: Math.round((a.monetary / a.frequency) * 100) / 100,
      tenureDays: daysBetween(a.firstAt, asOf),
      meanDaysBetweenOrders: a.frequency > 1 ? (a.lastAt.getTime() - a.firstAt.getTime()) / 86_400_000 / (a.frequency - 1) : null,
      returnRate: a.returns / a.frequency, returnCount: a.returns, clvHistoric: a.monetary,
      topCategory: top, categoryShares: share,
      sessions: ev?.sessions ?? 0, productViews: ev?.productViews ?? 0, cartAdds: ev?.cartAdds ?? 0,
      viewToPurchaseRate: ev && ev.productViews > 0 ? a.frequency / ev.productViews : null,
      ageBand: a.ageBand, country: a.country,
      firstOrderAt: a.firstAt, lastOrderAt: a.lastAt,
    });
    return row;
  });
}

function summarise(rows: CustomerFeaturesEntity[]) {
  const groups: Record<string, number> = {};
  let recency = 0, frequency = 0, monetary = 0;
  for (const row of rows) {
    groups[row.rfmGroup] = (groups[row.rfmGroup] ?? 0) + 1;
    recency += row.recencyDays; frequency += row.frequency; monetary += row.monetary;
  }
  const n = rows.length || 1;
  return { rfmGroups: groups, mean: { recencyDays: recency / n, frequency: frequency / n, monetary: monetary / n }, revenue: Math.round(monetary * 100) / 100 };
}

/** customer_features columns in insert order, with how each is read from a computed row. */
const FEATURE_COLUMNS: [string, (row: CustomerFeaturesEntity, sqlite: boolean) => unknown][] = [
  ['snapshot_id', (r) => r.snapshotId], ['customer_id', (r) => r.customerId], ['recency_days', (r) => r.recencyDays],
  ['frequency', (r) => r.frequency], ['monetary', (r) => r.monetary], ['r_score', (r) => r.rScore], ['f_score', (r) => r.fScore],
  ['m_score', (r) => r.mScore], ['rfm_group', (r) => r.rfmGroup], ['avg_order_value', (r) => r.avgOrderValue], ['tenure_days', (r) => r.tenureDays],
  ['mean_days_between_orders', (r) => r.meanDaysBetweenOrders], ['return_rate', (r) => r.returnRate], ['clv_historic', (r) => r.clvHistoric],
  ['return_count', (r) => r.returnCount], ['top_category', (r) => r.topCategory],
  ['category_shares', (r) => (r.categoryShares ? JSON.stringify(r.categoryShares) : null)], ['sessions', (r) => r.sessions],
  ['product_views', (r) => r.productViews], ['cart_adds', (r) => r.cartAdds], ['view_to_purchase_rate', (r) => r.viewToPurchaseRate],
  ['age_band', (r) => r.ageBand], ['country', (r) => r.country],
  ['first_order_at', (r, sqlite) => formatUtcDatetime(r.firstOrderAt.getTime(), sqlite)],
  ['last_order_at', (r, sqlite) => formatUtcDatetime(r.lastOrderAt.getTime(), sqlite)],
];

export interface FeatureSnapshotOptions {
  jobId?: number | null;
  onProgress?: FeatureProgress;
  /** Paces the aggregate queries (per customer range) and the writes (per chunk): db/pacing.ts. */
  pace?: Pace;
}

/** Feature rows per LOAD DATA (MySQL/MariaDB) or per run of multi-row INSERTs (SQLite): bounds the rows held as arrays at once. */
const WRITE_CHUNK = 20_000;

/**
 * Computes a snapshot, then stores the snapshot row and all its feature rows in one transaction.
 * On MySQL/MariaDB the rows stream through LOAD DATA LOCAL INFILE (db/bulk-load.ts): a million rows of
 * 25 values as multi-row INSERTs kept the database busy parsing SQL text for a minute, beside a live
 * API. On SQLite, and where the server refuses LOCAL INFILE, they go in as multi-row INSERTs sized
 * under each driver's placeholder limit (SQLite 32,766).
 */
export async function createFeatureSnapshot(dataSource: DataSource, asOf: Date, opts: FeatureSnapshotOptions = {}): Promise<FeatureSnapshotEntity> {
  return (await createFeatureSnapshotWithRows(dataSource, asOf, opts)).snapshot;
}

/** As createFeatureSnapshot, also returning the computed rows (in external-id order) to the caller. */
export async function createFeatureSnapshotWithRows(dataSource: DataSource, asOf: Date, opts: FeatureSnapshotOptions = {}) {
  const pace = opts.pace ?? unpaced;
  const rows = await computeFeatures(dataSource, asOf, 0, { pace });
  opts.onProgress?.(0, rows.length, 'features computed');
  const dialect = dialectOf(dataSource);
  const sqlite = dialect === 'sqlite';
  const columns = FEATURE_COLUMNS.map(([name]) => name);
  const snapshot = await dataSource.transaction(async (manager: EntityManager) => {
    const saved = await manager.save(manager.create(FeatureSnapshotEntity, {
      asOf, definitionVersion: FEATURE_DEFINITION_VERSION, definitions: FEATURE_DEFINITIONS, customerCount: rows.length,
      summary: summarise(rows), jobId: opts.jobId ?? null, createdAt: new Date(),
    }));
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      const end = Math.min(rows.length, i + WRITE_CHUNK);
      // Each row's values are made as the row is sent, not a chunk's worth at once: 20,000 arrays
      // held through the load outlived the worker's young-generation collections, which then copied them.
      const values: CountedRows = {
        length: end - i,
        *[Symbol.iterator]() {
          for (let r = i; r < end; r++) {
            rows[r].snapshotId = saved.id;
            yield FEATURE_COLUMNS.map(([, read]) => read(rows[r], sqlite) as string | number | null);
          }
        },
      };
      await pace(() => bulkInsertRows(manager.queryRunner!, dialect, 'customer_features', columns, values));
      opts.onProgress?.(end, rows.length, 'writing features');
    }
    return saved;
  });
  return { snapshot, rows };
}

/** The newest snapshot, or null before the first feature run. */
export async function latestSnapshot(dataSource: DataSource): Promise<FeatureSnapshotEntity | null> {
  return dataSource.getRepository(FeatureSnapshotEntity).findOne({ where: {}, order: { id: 'DESC' } });
}

/** The latest order date, plus one day: the natural "as of" for a historical data set. */
export async function defaultAsOf(dataSource: DataSource): Promise<Date> {
  const [row] = await dataSource.query('SELECT MAX(ordered_at) AS last_at FROM orders');
  const last = sqlDate(row?.last_at);
  if (!last) return new Date();
  return new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate() + 1));
}
