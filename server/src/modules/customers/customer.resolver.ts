import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { MAX_PAGE_SIZE } from '@segmenta/shared';
import { Allow, READERS, Scope, canSeePersonalData } from '../../graphql/access.js';
import { AppError } from '../../errors.js';
import { sqlNumber } from '../../db/sql.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { KeysetArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { selectedFields } from '../../graphql/selection.js';
import { CustomerFeaturesType } from '../features/index.js';
import { SegmentType } from '../segmentation/index.js';
import { PersonaType } from '../personas/index.js';
import { CountryCountType, CustomerFilter, CustomerPage, CustomerSummary, CustomerType, SegmentHistoryEntry, StoredScores } from './customer.types.js';
import { countCustomers, customersAfter, customersByExternalIds, listCustomers, segmentHistory } from './customer.service.js';
import { readCustomerWithRelations } from './customer-with-relations.js';
import type { CustomerEntity } from './customer.entity.js';

/**
 * A single customer with its segment and scores: one statement reads the three
 * (customer-with-relations.ts) and fills the loaders the field resolvers ask, so the request waits
 * for one round trip to the database. Features and the summary, asked for less often, start beside
 * it on their own loaders. A failed prefetch is reported by the field resolver that asks for it,
 * never as an unhandled rejection; for an unknown id the answer is NOT_FOUND.
 */
async function customerWithRelations(ctx: GraphQLContext, customerId: number, fields: Set<string>): Promise<CustomerEntity> {
  const ignore = () => undefined;
  if (fields.has('features')) ctx.loaders.latestFeaturesByCustomer.load(customerId).catch(ignore);
  if (fields.has('summary')) ctx.loaders.summaryByCustomer.load(customerId).catch(ignore);
  const relations = { segment: fields.has('segment') || fields.has('persona'), scores: fields.has('scores') };
  const found = await readCustomerWithRelations(ctx.dataSource, customerId, relations);
  if (found.segment !== undefined) ctx.loaders.liveSegmentByCustomer.prime(customerId, found.segment);
  if (found.scores !== undefined) ctx.loaders.scoresByCustomer.prime(customerId, found.scores);
  return found.customer;
}

@Resolver(() => CustomerType)
export class CustomerResolver {
  @Query(() => [CustomerType]) @Allow(...READERS) @Scope('read:customers')
  allCustomers(@Args() args: PageArgs, @Arg('filter', () => CustomerFilter, { nullable: true }) filter: CustomerFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return listCustomers(ctx.dataSource, args, filter, canSeePersonalData(ctx.principal?.role));
  }

  @Query(() => ListMetadata) @Allow(...READERS) @Scope('read:customers')
  async _allCustomersMeta(@Args() _args: PageArgs, @Arg('filter', () => CustomerFilter, { nullable: true }) filter: CustomerFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await countCustomers(ctx.dataSource, filter, canSeePersonalData(ctx.principal?.role)) };
  }

  @Query(() => CustomerType, { name: 'Customer', description: 'A customer by Segmenta\'s id (the admin UI\'s lookup; integrations use customer(externalId:))' })
  @Allow(...READERS) @Scope('read:customers')
  customerById(@Arg('id', () => ID, { description: 'Segmenta\'s customer id' }) id: string, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return customerWithRelations(ctx, toId(id), selectedFields(info));
  }

  @Query(() => CustomerType, { nullable: true, description: 'A customer by the source system\'s id (or Segmenta\'s id); null when there is none' })
  @Allow(...READERS) @Scope('read:customers')
  async customer(
    @Arg('externalId', () => String, { nullable: true, description: 'The customer\'s id in the source system' }) externalId: string | undefined,
    @Arg('id', () => ID, { nullable: true, description: 'Segmenta\'s customer id' }) id: string | undefined,
    @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo,
  ) {
    if ((externalId === undefined || externalId === null) === (id === undefined || id === null)) throw new AppError('BAD_USER_INPUT', 'give externalId or id, not both');
    let internalId: number;
    if (externalId !== undefined && externalId !== null) {
      const [row] = await ctx.dataSource.query('SELECT id FROM customers WHERE external_id = ?', [externalId]);
      if (!row) return null;
      internalId = sqlNumber(row.id);
    } else {
      internalId = toId(id!);
    }
    return customerWithRelations(ctx, internalId, selectedFields(info)).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
  }

  @Query(() => [CustomerType], {
    nullable: 'items',
    description: `Customers by the source system's ids, in the order asked (null for an unknown id); up to ${MAX_PAGE_SIZE} ids`,
  })
  @Allow(...READERS) @Scope('read:customers')
  customersByExternalIds(
    @Arg('externalIds', () => [String], { description: 'The customers\' ids in the source system' }) externalIds: string[],
    @Ctx() ctx: GraphQLContext,
  ) {
    if (externalIds.length > MAX_PAGE_SIZE) throw new AppError('BAD_USER_INPUT', `externalIds: at most ${MAX_PAGE_SIZE} ids a call, got ${externalIds.length}`);
    if (externalIds.some((value) => value.length > 64)) throw new AppError('BAD_USER_INPUT', 'externalIds: an external id has at most 64 characters');
    return customersByExternalIds(ctx.dataSource, externalIds);
  }

  @Query(() => [CountryCountType], { description: 'The countries in the data, as spelled there (what audience country filters match exactly), most customers first' }) @Allow(...READERS)
  async customerCountries(@Ctx() ctx: GraphQLContext) {
    const rows: { country: string; customers: string | number }[] = await ctx.dataSource.query(
      'SELECT country, COUNT(*) AS customers FROM customers WHERE country IS NOT NULL AND erased_at IS NULL GROUP BY country ORDER BY customers DESC, country ASC LIMIT 500');
    return rows.map((r) => ({ country: r.country, customers: Number(r.customers) }));
  }

  @Query(() => CustomerPage, { description: 'Keyset pagination over all customers, ordered by id' }) @Allow(...READERS) @Scope('read:customers')
  customersAfter(@Args() args: KeysetArgs, @Ctx() ctx: GraphQLContext) {
    return customersAfter(ctx.dataSource, args);
  }

  @FieldResolver(() => CustomerFeaturesType, { nullable: true, description: 'Features in the newest snapshot' })
  features(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.latestFeaturesByCustomer.load(customer.id);
  }

  @FieldResolver(() => SegmentType, { nullable: true, description: 'Segment in the live segmentation' })
  segment(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.liveSegmentByCustomer.load(customer.id);
  }

  @FieldResolver(() => PersonaType, { nullable: true, description: 'Persona of the live segment' })
  async persona(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext) {
    const segment = await ctx.loaders.liveSegmentByCustomer.load(customer.id);
    return segment ? ctx.loaders.personaBySegment.load(segment.id) : null;
  }

  @FieldResolver(() => [SegmentHistoryEntry], { description: 'The segment the customer had in each run, newest first' })
  segmentHistory(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext) {
    return segmentHistory(ctx.dataSource, customer.id);
  }

  @FieldResolver(() => StoredScores, { nullable: true, description: 'The scores the last scoring job stored (null before any, and after erasure)' })
  scores(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.scoresByCustomer.load(customer.id);
  }

  @FieldResolver(() => CustomerSummary)
  summary(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.summaryByCustomer.load(customer.id);
  }
}
