import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { CustomerEntity } from '../modules/customers/customer.entity.js';
import { ProductEntity } from '../modules/products/product.entity.js';
import { OrderEntity } from '../modules/orders/order.entity.js';
import { OrderLineEntity } from '../modules/orders/order-line.entity.js';
import { PersonaEntity } from '../modules/personas/persona.entity.js';
import { customerSummaries, type CustomerSummaryValues } from '../modules/customers/customer.service.js';
import { LiveSegmentationEntity, SegmentEntity, SegmentMembershipEntity } from '../modules/segmentation/segment.entity.js';
import { CustomerFeaturesEntity } from '../modules/features/customer-features.entity.js';
import { FeatureSnapshotEntity } from '../modules/features/feature-snapshot.entity.js';
import { CustomerScoreEntity } from '../modules/models/customer-score.entity.js';

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
  return {
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
    liveSegmentByCustomer: new DataLoader(async (ids) => {
      const live = await dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: 'default' });
      if (!live) return ids.map(() => null);
      const members = await dataSource.getRepository(SegmentMembershipEntity).findBy({ runId: live.runId, customerId: In([...ids]) });
      const segments = await dataSource.getRepository(SegmentEntity).findBy({ id: In([...new Set(members.map((m) => m.segmentId)), -1]) });
      const byId = new Map(segments.map((seg) => [seg.id, seg]));
      const map = new Map(members.map((m) => [m.customerId, byId.get(m.segmentId) ?? null]));
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
      const rows = await dataSource.getRepository(CustomerScoreEntity).findBy({ customerId: In([...ids]) });
      const map = new Map(rows.map((r) => [r.customerId, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
