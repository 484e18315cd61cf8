import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Allow, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { whereIds } from '../../graphql/list-query.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { notFound } from '../../errors.js';
import { CustomerType } from '../customers/index.js';
import { ProductType } from '../products/index.js';
import { OrderEntity } from './order.entity.js';
import { OrderFilter, OrderLineType, OrderType } from './order.types.js';

const SORTABLE = { id: 'o.id', invoiceNo: 'o.invoice_no', orderedAt: 'o.ordered_at', totalAmount: 'o.total_amount', status: 'o.status' };

function filtered(dataSource: DataSource, filter?: OrderFilter) {
  const qb = dataSource.getRepository(OrderEntity).createQueryBuilder('o');
  whereIds(qb, 'o.id', filter?.ids);
  if (filter?.customerId) qb.andWhere('o.customer_id = :customerId', { customerId: toId(filter.customerId) });
  if (filter?.status) qb.andWhere('o.status = :status', { status: filter.status });
  if (filter?.invoiceNo) qb.andWhere('o.invoice_no = :invoiceNo', { invoiceNo: filter.invoiceNo });
  if (filter?.orderedAt_gte) qb.andWhere('o.ordered_at >= :from', { from: filter.orderedAt_gte });
  if (filter?.orderedAt_lte) qb.andWhere('o.ordered_at <= :to', { to: filter.orderedAt_lte });
  return qb;
}

@Resolver(() => OrderType)
export class OrderResolver {
  @Query(() => [OrderType]) @Allow(...READERS)
  allOrders(@Args() args: PageArgs, @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(filtered(ctx.dataSource, filter), args, SORTABLE, 'id', 'o.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allOrdersMeta(@Args() _args: PageArgs, @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await filtered(ctx.dataSource, filter).getCount() };
  }

  @Query(() => OrderType, { name: 'Order' }) @Allow(...READERS)
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const order = await ctx.dataSource.getRepository(OrderEntity).findOneBy({ id: toId(id) });
    if (!order) throw notFound('Order', id);
    return order;
  }

  @FieldResolver(() => [OrderLineType])
  lines(@Root() order: OrderType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.linesByOrder.load(order.id);
  }

  @FieldResolver(() => CustomerType, { nullable: true })
  customer(@Root() order: OrderType, @Ctx() ctx: GraphQLContext) {
    return order.customerId ? ctx.loaders.customerById.load(order.customerId) : null;
  }
}

@Resolver(() => OrderLineType)
export class OrderLineResolver {
  @FieldResolver(() => ProductType, { nullable: true })
  product(@Root() line: OrderLineType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.productById.load(line.productId);
  }
}

/** A customer's recent orders: orders build on customers, so the field lives here. */
@Resolver(() => CustomerType)
export class CustomerOrdersResolver {
  @FieldResolver(() => [OrderType], { description: 'The most recent orders (up to 50)' })
  orders(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.recentOrdersByCustomer.load(customer.id);
  }
}
