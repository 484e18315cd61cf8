import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { sqlNumber } from '../../db/sql.js';
import { ProductEntity } from '../products/index.js';
import { SegmentEntity } from '../segmentation/index.js';
import { PersonaEntity } from '../personas/index.js';

/** Lift is noisy on tiny counts: a product needs this many buyers in the segment to be recommended. */
const MIN_BUYERS = 3;
/** The most recommendations a customer can ask for (the field's `limit` is capped at this). */
export const MAX_RECOMMENDATIONS = 50;
/** Customers per statement when counting buyers over a run: each statement reads only their orders. */
const CUSTOMERS_PER_RANGE = 250;

/** Buyers (distinct customers with a completed order line) of each product, per segment of a run. */
export interface RunBuyers {
  bySegment: Map<number, Map<number, number>>;
  /** Over all members of the run (a customer is in exactly one segment, so the sum over segments). */
  base: Map<number, number>;
  baseSize: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Counted in ranges of customer ids (the membership key is run_id, customer_id), yielding between
 * ranges: no single statement scans the whole run's order lines, and other requests are served
 * between statements (on SQLite a statement holds the event loop while it runs).
 */
export async function runBuyers(dataSource: DataSource, runId: number): Promise<RunBuyers> {
  const [span] = await dataSource.query('SELECT MIN(customer_id) AS first, MAX(customer_id) AS last, COUNT(*) AS members FROM segment_memberships WHERE run_id = ?', [runId]);
  const bySegment = new Map<number, Map<number, number>>();
  const base = new Map<number, number>();
  const baseSize = sqlNumber(span?.members ?? 0);
  if (!baseSize) return { bySegment, base, baseSize };
  for (let from = sqlNumber(span.first); from <= sqlNumber(span.last); from += CUSTOMERS_PER_RANGE) {
    const rows: Record<string, unknown>[] = await dataSource.query(
      `SELECT m.segment_id AS segment, l.product_id AS item, COUNT(DISTINCT o.customer_id) AS buyers
         FROM segment_memberships m
         JOIN orders o ON o.customer_id = m.customer_id
         JOIN order_lines l ON l.order_id = o.id
         JOIN products p ON p.id = l.product_id
        WHERE m.run_id = ? AND m.customer_id >= ? AND m.customer_id < ? AND o.status = 'completed' AND p.is_merchandise = ?
        GROUP BY m.segment_id, l.product_id`, [runId, from, from + CUSTOMERS_PER_RANGE, true]);
    for (const row of rows) {
      const segment = sqlNumber(row.segment), item = sqlNumber(row.item), buyers = sqlNumber(row.buyers);
      let counts = bySegment.get(segment);
      if (!counts) bySegment.set(segment, (counts = new Map()));
      counts.set(item, (counts.get(item) ?? 0) + buyers);
      base.set(item, (base.get(item) ?? 0) + buyers);
    }
    await yieldToEventLoop();
  }
  return { bySegment, base, baseSize };
}

export interface CustomerRecommendation {
  product: ProductEntity;
  score: number;
  penetration: number;
  lift: number;
  reason: string;
}

/**
 * What customers of each customer's live segment buy that the customer has not bought yet, ranked
 * by how many of the segment bought it, weighted by how much it over-indexes there (the top
 * MAX_RECOMMENDATIONS, best first). For a page of customers: a fixed number of statements plus one
 * per range of the run's customers (`buyersOf`, which the caller may share between fields).
 */
export async function recommendationsForCustomers(
  dataSource: DataSource, customerIds: readonly number[], buyersOf: (runId: number) => Promise<RunBuyers>,
): Promise<CustomerRecommendation[][]> {
  const empty = customerIds.map(() => [] as CustomerRecommendation[]);
  const [live] = await dataSource.query("SELECT run_id FROM live_segmentations WHERE data_set = 'default'");
  if (!live || customerIds.length === 0) return empty;
  const runId = sqlNumber(live.run_id);
  const marks = customerIds.map(() => '?').join(', ');
  const memberships: Record<string, unknown>[] = await dataSource.query(
    `SELECT customer_id, segment_id FROM segment_memberships WHERE run_id = ? AND customer_id IN (${marks})`, [runId, ...customerIds]);
  const segmentOf = new Map(memberships.map((m) => [sqlNumber(m.customer_id), sqlNumber(m.segment_id)]));
  if (segmentOf.size === 0) return empty;
  const segmentIds = [...new Set(segmentOf.values())];
  const [segments, personas, ownedRows, buyers] = await Promise.all([
    dataSource.getRepository(SegmentEntity).findBy({ id: In(segmentIds) }),
    dataSource.getRepository(PersonaEntity).findBy({ segmentId: In(segmentIds) }),
    dataSource.query(`SELECT DISTINCT o.customer_id AS customer, l.product_id AS item FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE o.customer_id IN (${marks}) AND o.status = 'completed'`, [...customerIds]) as Promise<Record<string, unknown>[]>,
    buyersOf(runId),
  ]);
  const segmentById = new Map(segments.map((s) => [s.id, s]));
  const personaBySegment = new Map(personas.map((p) => [p.segmentId, p]));
  const owned = new Map<number, Set<number>>();
  for (const row of ownedRows) {
    const customer = sqlNumber(row.customer);
    let items = owned.get(customer);
    if (!items) owned.set(customer, (items = new Set()));
    items.add(sqlNumber(row.item));
  }
  // Each segment's candidates, ranked once; a customer takes the first ones they do not own.
  const rankedBySegment = new Map<number, { id: number; score: number; penetration: number; lift: number }[]>();
  for (const segmentId of segmentIds) {
    const segment = segmentById.get(segmentId);
    if (!segment) continue;
    const ranked = [...(buyers.bySegment.get(segmentId) ?? [])].filter(([, n]) => n >= MIN_BUYERS).map(([id, n]) => {
      const penetration = n / segment.size;
      const lift = penetration / ((buyers.base.get(id) ?? n) / buyers.baseSize);
      return { id, penetration, lift, score: penetration * Math.min(lift, 5) };
    }).sort((a, b) => b.score - a.score || a.id - b.id);
    rankedBySegment.set(segmentId, ranked);
  }
  const picks = customerIds.map((customerId) => {
    const segmentId = segmentOf.get(customerId);
    if (segmentId === undefined) return [];
    const mine = owned.get(customerId);
    const out = [];
    for (const candidate of rankedBySegment.get(segmentId) ?? []) {
      if (mine?.has(candidate.id)) continue;
      out.push(candidate);
      if (out.length === MAX_RECOMMENDATIONS) break;
    }
    return out;
  });
  const productIds = [...new Set(picks.flat().map((p) => p.id))];
  const products = productIds.length ? await dataSource.getRepository(ProductEntity).findBy({ id: In(productIds) }) : [];
  const productById = new Map(products.map((p) => [p.id, p]));
  return picks.map((list, i) => {
    const segmentId = segmentOf.get(customerIds[i]);
    const segment = segmentId === undefined ? undefined : segmentById.get(segmentId);
    const name = (segmentId !== undefined && personaBySegment.get(segmentId)?.name) || `segment ${segment?.label}`;
    return list.map((r) => ({
      product: productById.get(r.id)!, score: r.score, penetration: r.penetration, lift: r.lift,
      reason: `Bought by ${(r.penetration * 100).toFixed(1)}% of "${name}" customers (${r.lift.toFixed(1)}× the base); not bought by this customer yet`,
    }));
  });
}
