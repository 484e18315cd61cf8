import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Allow, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { whereIds } from '../../graphql/list-query.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { notFound } from '../../errors.js';
import { ProductType } from '../products/index.js';
import { EventEntity } from './event.entity.js';
import { EventFilter, EventType } from './event.types.js';

const SORTABLE = { id: 'e.id', occurredAt: 'e.occurred_at', type: 'e.type' };

function filtered(dataSource: DataSource, filter?: EventFilter) {
  const qb = dataSource.getRepository(EventEntity).createQueryBuilder('e');
  whereIds(qb, 'e.id', filter?.ids);
  if (filter?.customerId) qb.andWhere('e.customer_id = :customerId', { customerId: toId(filter.customerId) });
  if (filter?.sessionId) qb.andWhere('e.session_id = :sessionId', { sessionId: filter.sessionId });
  if (filter?.type) qb.andWhere('e.type = :type', { type: filter.type });
  if (filter?.occurredAt_gte) qb.andWhere('e.occurred_at >= :from', { from: filter.occurredAt_gte });
  if (filter?.occurredAt_lte) qb.andWhere('e.occurred_at <= :to', { to: filter.occurredAt_lte });
  return qb;
}

@Resolver(() => EventType)
export class EventResolver {
  @Query(() => [EventType]) @Allow(...READERS)
  allEvents(@Args() args: PageArgs, @Arg('filter', () => EventFilter, { nullable: true }) filter: EventFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(filtered(ctx.dataSource, filter), args, SORTABLE, 'id', 'e.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allEventsMeta(@Args() _args: PageArgs, @Arg('filter', () => EventFilter, { nullable: true }) filter: EventFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await filtered(ctx.dataSource, filter).getCount() };
  }

  @Query(() => EventType, { name: 'Event' }) @Allow(...READERS)
  async event(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const event = await ctx.dataSource.getRepository(EventEntity).findOneBy({ id: toId(id) });
    if (!event) throw notFound('Event', id);
    return event;
  }

  @FieldResolver(() => ProductType, { nullable: true })
  product(@Root() event: EventType, @Ctx() ctx: GraphQLContext) {
    return event.productId ? ctx.loaders.productById.load(event.productId) : null;
  }
}
