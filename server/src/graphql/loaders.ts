import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { CustomerEntity } from '../modules/customers/customer.entity.js';
import { ProductEntity } from '../modules/products/product.entity.js';
import { OrderEntity } from '../modules/orders/order.entity.js';
import { OrderLineEntity } from '../modules/orders/order-line.entity.js';
import { PersonaEntity } from '../modules/personas/persona.entity.js';
import { customerSummaries, type CustomerSummaryValues } from '../modules/customers/customer.service.js';
import { SegmentEntity } from '../modules/segmentation/segment.entity.js';
import { CustomerFeaturesEntity } from '../modules/features/customer-features.entity.js';
import { FeatureSnapshotEntity } from '../modules/features/feature-snapshot.entity.js';
import { CustomerScoreEntity } from '../modules/models/customer-score.entity.js';
import { recommendationsForCustomers, runBuyers, type CustomerRecommendation, type RunBuyers } from '../modules/recommendations/customer-recommendations.js';
import { entityReader } from '../db/hydrate.js';
import { sqlNumber } from '../db/sql.js';

/** Per-request batch loaders: relations of a list cost one query per relation, not one per row. */
export interface Loaders {
  customerById: DataLoader<number, CustomerEntity | null>;
  productById: DataLoader<number, ProductEntity | null>;
  linesByOrder: DataLoader<number, OrderLineEntity[]>;
  recentOrdersByCustomer: DataLoader<number, OrderEntity[]>;
  personaBySegment: DataLoader<number, PersonaEntity | null>;
  summaryByCustomer: DataLoader<number, CustomerSummaryValues>;
  /** The customer's segment in the live run of the default data set. */
  liveSegmentByCustomer: DataLoader<number, SegmentEntity | null>;
  /** The customer's features in the newest snapshot. */
  latestFeaturesByCustomer: DataLoader<number, CustomerFeaturesEntity | null>;
  /** The customer's stored scores (customer_scores). */
  scoresByCustomer: DataLoader<number, CustomerScoreEntity | null>;
  /** The customer's product recommendations, best first; buyer counts of the run read once per request. */
  recommendationsByCustomer: DataLoader<number, CustomerRecommendation[]>;
}

function byId<T extends { id: number }>(rows: T[], ids: readonly number[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

function grouped<T>(rows: T[], ids: readonly number[], key: (row: T) => number): T[][] {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(row);
  }
  return ids.map((id) => map.get(id) ?? []);
}

const RECENT_ORDERS = 50;

export function createLoaders(dataSource: DataSource): Loaders {
  const segments = entityReader(dataSource, SegmentEntity);
  const scores = entityReader(dataSource, CustomerScoreEntity);
  const buyersByRun = new Map<number, Promise<RunBuyers>>();
  const buyersOf = (runId: number) => {
    let buyers = buyersByRun.get(runId);
    if (!buyers) buyersByRun.set(runId, (buyers = runBuyers(dataSource, runId)));
    return buyers;
  };
  return {
    recommendationsByCustomer: new DataLoader((ids) => recommendationsForCustomers(dataSource, ids, buyersOf)),
    customerById: new DataLoader(async (ids) => byId(await dataSource.getRepository(CustomerEntity).findBy({ id: In([...ids]) }), ids)),
    productById: new DataLoader(async (ids) => byId(await dataSource.getRepository(ProductEntity).findBy({ id: In([...ids]) }), ids)),
    linesByOrder: new DataLoader(async (ids) =>
      grouped(await dataSource.getRepository(OrderLineEntity).find({ where: { orderId: In([...ids]) }, order: { position: 'ASC', productId: 'ASC' } }), ids, (l) => l.orderId)),
    recentOrdersByCustomer: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(OrderEntity).find({ where: { customerId: In([...ids]) }, order: { orderedAt: 'DESC', id: 'DESC' } });
      return grouped(rows, ids, (o) => o.customerId ?? 0).map((list) => list.slice(0, RECENT_ORDERS));
    }),
    summaryByCustomer: new DataLoader((ids) => customerSummaries(dataSource, ids)),
    personaBySegment: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(PersonaEntity).findBy({ segmentId: In([...ids]) });
      const map = new Map(rows.map((p) => [p.segmentId, p]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    // A customer's segment and scores are what integrations ask for most (the API bench's request):
    // plain SQL, one round trip each, no query builder (TypeORM's was the API's largest CPU cost);
    // rows become entities as the repository makes them (db/hydrate.ts). Customer(id) fills both
    // from its own statement (customers/customer-with-relations.ts); lists batch them here.
    liveSegmentByCustomer: new DataLoader(async (ids) => {
      // The live run, its memberships and their segments in one statement: one consistent read.
      const rows: Record<string, unknown>[] = await dataSource.query(`SELECT m.customer_id AS member, ${segments.select('s')}
        FROM live_segmentations l JOIN segment_memberships m ON m.run_id = l.run_id JOIN segments s ON s.id = m.segment_id
        WHERE l.data_set = 'default' AND m.customer_id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
      const map = new Map(rows.map((row) => [sqlNumber(row.member), segments.fromRow(row)]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    latestFeaturesByCustomer: new DataLoader(async (ids) => {
      const latest = await dataSource.getRepository(FeatureSnapshotEntity).findOne({ where: {}, order: { id: 'DESC' } });
      if (!latest) return ids.map(() => null);
      const rows = await dataSource.getRepository(CustomerFeaturesEntity).findBy({ snapshotId: latest.id, customerId: In([...ids]) });
      const map = new Map(rows.map((r) => [r.customerId, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    scoresByCustomer: new DataLoader(async (ids) => {
      const rows: Record<string, unknown>[] = await dataSource.query(`SELECT ${scores.select()} FROM ${scores.table}
        WHERE customer_id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
      const map = new Map(rows.map((row) => scores.fromRow(row)).map((s) => [s.customerId, s]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
