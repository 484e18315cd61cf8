import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { grouped } from '../../graphql/batch.js';
import { OrderEntity } from './order.entity.js';
import { OrderLineEntity } from './order-line.entity.js';
import type { Loaders } from '../../graphql/context.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    linesByOrder: DataLoader<number, OrderLineEntity[]>;
    recentOrdersByCustomer: DataLoader<number, OrderEntity[]>;
  }
}

const RECENT_ORDERS = 50;

export function orderLoaders(dataSource: DataSource): Pick<Loaders, 'linesByOrder' | 'recentOrdersByCustomer'> {
  return {
    linesByOrder: new DataLoader(async (ids) =>
      grouped(await dataSource.getRepository(OrderLineEntity).find({ where: { orderId: In([...ids]) }, order: { position: 'ASC', productId: 'ASC' } }), ids, (l) => l.orderId)),
    recentOrdersByCustomer: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(OrderEntity).find({ where: { customerId: In([...ids]) }, order: { orderedAt: 'DESC', id: 'DESC' } });
      return grouped(rows, ids, (o) => o.customerId ?? 0).map((list) => list.slice(0, RECENT_ORDERS));
    }),
  };
}
