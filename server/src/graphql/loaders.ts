import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { CustomerEntity } from '../modules/customers/customer.entity.js';
import { ProductEntity } from '../modules/products/product.entity.js';
import { OrderEntity } from '../modules/orders/order.entity.js';
import { OrderLineEntity } from '../modules/orders/order-line.entity.js';

/** Per-request batch loaders: relations of a list cost one query per relation, not one per row. */
export interface Loaders {
  customerById: DataLoader<number, CustomerEntity | null>;
  productById: DataLoader<number, ProductEntity | null>;
  linesByOrder: DataLoader<number, OrderLineEntity[]>;
  recentOrdersByCustomer: DataLoader<number, OrderEntity[]>;
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
      grouped(await dataSource.getRepository(OrderLineEntity).find({ where: { orderId: In([...ids]) }, order: { id: 'ASC' } }), ids, (l) => l.orderId)),
    recentOrdersByCustomer: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(OrderEntity).find({ where: { customerId: In([...ids]) }, order: { orderedAt: 'DESC', id: 'DESC' } });
      return grouped(rows, ids, (o) => o.customerId ?? 0).map((list) => list.slice(0, RECENT_ORDERS));
    }),
  };
}
