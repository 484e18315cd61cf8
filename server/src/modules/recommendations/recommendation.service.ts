import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { sqlNumber } from '../../db/sql.js';
import { ProductEntity } from '../products/index.js';
import { SegmentEntity, SegmentMembershipEntity } from '../segmentation/index.js';

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
