import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { sqlNumber } from '../../db/sql.js';
import { ProductEntity } from '../products/index.js';
import { LiveSegmentationEntity, SegmentEntity, SegmentMembershipEntity } from '../segmentation/index.js';
import { PersonaEntity } from '../personas/index.js';

/** A product or category that a segment buys more than the base does. */
export interface OverIndex {
  key: string;
  /** Segment members who bought it. */
  buyers: number;
  /** buyers / segment size. */
  penetration: number;
  /** penetration / penetration among all customers of the run. */
  lift: number;
}

/** Lift is noisy on tiny counts: an item needs this many buyers in the segment to be listed. */
const MIN_BUYERS = 3;

async function buyersBy(dataSource: DataSource, runId: number, column: 'product' | 'category', segmentId: number | null): Promise<Map<string, number>> {
  const key = column === 'product' ? 'l.product_id' : "COALESCE(p.category, 'Uncategorised')";
  const rows = await dataSource.query(
    `SELECT ${key} AS item, COUNT(DISTINCT o.customer_id) AS buyers
       FROM order_lines l
       JOIN orders o ON o.id = l.order_id
       JOIN products p ON p.id = l.product_id
       JOIN segment_memberships m ON m.customer_id = o.customer_id AND m.run_id = ?
      WHERE o.status = 'completed' AND p.is_merchandise = ? ${segmentId === null ? '' : 'AND m.segment_id = ?'}
      GROUP BY ${key}`,
    segmentId === null ? [runId, true] : [runId, true, segmentId]);
  return new Map(rows.map((r: Record<string, unknown>) => [String(r.item), sqlNumber(r.buyers)]));
}

function overIndex(segment: Map<string, number>, base: Map<string, number>, segmentSize: number, baseSize: number, limit: number): OverIndex[] {
  const out: OverIndex[] = [];
  for (const [key, buyers] of segment) {
    if (buyers < MIN_BUYERS) continue;
    const penetration = buyers / segmentSize;
    const basePenetration = (base.get(key) ?? buyers) / baseSize;
    out.push({ key, buyers, penetration, lift: penetration / basePenetration });
  }
  // Over-indexing first, then reach: a lift of 3 on 2% of the segment beats 1.1 on 40%.
  return out.filter((o) => o.lift > 1).sort((a, b) => b.lift * Math.sqrt(b.penetration) - a.lift * Math.sqrt(a.penetration) || a.key.localeCompare(b.key)).slice(0, limit);
}

/** Products and categories that over-index in a segment, against all customers of its run. */
export async function segmentRecommendations(dataSource: DataSource, segmentId: number, limit = 10) {
  const segment = await dataSource.getRepository(SegmentEntity).findOneByOrFail({ id: segmentId });
  const baseSize = await dataSource.getRepository(SegmentMembershipEntity).countBy({ runId: segment.runId });
  const [segProducts, baseProducts, segCategories, baseCategories] = await Promise.all([
    buyersBy(dataSource, segment.runId, 'product', segment.id), buyersBy(dataSource, segment.runId, 'product', null),
    buyersBy(dataSource, segment.runId, 'category', segment.id), buyersBy(dataSource, segment.runId, 'category', null),
  ]);
  const products = overIndex(segProducts, baseProducts, segment.size, baseSize, limit);
  const productRows = await dataSource.getRepository(ProductEntity).findBy({ id: In(products.map((p) => Number(p.key)).concat(-1)) });
  const byId = new Map(productRows.map((p) => [p.id, p]));
  return {
    products: products.map((p) => ({ ...p, product: byId.get(Number(p.key)) ?? null })),
    categories: overIndex(segCategories, baseCategories, segment.size, baseSize, limit),
  };
}

/**
 * What customers of this customer's live segment buy that the customer has not bought yet,
 * ranked by how many of the segment bought it, weighted by how much it over-indexes there.
 */
export async function recommendedProducts(dataSource: DataSource, customerId: number, limit = 10) {
  const live = await dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: 'default' });
  if (!live) return [];
  const membership = await dataSource.getRepository(SegmentMembershipEntity).findOneBy({ runId: live.runId, customerId });
  if (!membership) return [];
  const segment = await dataSource.getRepository(SegmentEntity).findOneByOrFail({ id: membership.segmentId });
  const persona = await dataSource.getRepository(PersonaEntity).findOneBy({ segmentId: segment.id });
  const owned = new Set((await dataSource.query(
    `SELECT DISTINCT l.product_id AS id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id = ? AND o.status = 'completed'`, [customerId],
  )).map((r: Record<string, unknown>) => String(r.id)));
  const baseSize = await dataSource.getRepository(SegmentMembershipEntity).countBy({ runId: live.runId });
  const [seg, base] = await Promise.all([buyersBy(dataSource, live.runId, 'product', segment.id), buyersBy(dataSource, live.runId, 'product', null)]);
  const ranked = [...seg].filter(([id, buyers]) => !owned.has(id) && buyers >= MIN_BUYERS)
    .map(([id, buyers]) => {
      const penetration = buyers / segment.size;
      const lift = penetration / ((base.get(id) ?? buyers) / baseSize);
      return { id: Number(id), buyers, penetration, lift, score: penetration * Math.min(lift, 5) };
    })
    .sort((a, b) => b.score - a.score || a.id - b.id).slice(0, limit);
  const products = await dataSource.getRepository(ProductEntity).findBy({ id: In(ranked.map((r) => r.id).concat(-1)) });
  const byId = new Map(products.map((p) => [p.id, p]));
  const name = persona?.name ?? `segment ${segment.label}`;
  return ranked.map((r) => ({
    product: byId.get(r.id)!, score: r.score, penetration: r.penetration, lift: r.lift,
    reason: `Bought by ${(r.penetration * 100).toFixed(1)}% of "${name}" customers (${r.lift.toFixed(1)}× the base); not bought by this customer yet`,
  }));
}
