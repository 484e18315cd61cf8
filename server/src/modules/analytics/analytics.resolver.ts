import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { toId } from '../../graphql/pagination.js';
import { Allow, READERS, Scope } from '../../graphql/access.js';
import { resolveCustomerRef } from '../../graphql/customer-ref.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../errors.js';
import {
  CohortRetentionType, FeatureCorrelationsType, FeatureDistributionType, FeatureOutlierType, RevenueMonthType, RfmGroupCountType, SegmentFitType,
} from './analytics.types.js';
import { segmentFit } from './segment-fit.service.js';
import { cohortRetention, featureCorrelations, featureDistribution, outliers, revenueByMonth, rfmGroupCounts } from './analytics.service.js';

function within(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(`${name} must be an integer from ${min} to ${max}`, { fields: { [name]: `from ${min} to ${max}` } });
  return value;
}

/** Read-only aggregates for the dashboard and the Explore page. */
@Resolver()
export class AnalyticsResolver {
  @Query(() => [RevenueMonthType], { description: 'Net revenue per month (UTC): completed orders minus cancellations; `to` is exclusive' }) @Allow(...READERS)
  revenueByMonth(@Arg('from', () => Date, { nullable: true }) from: Date | null, @Arg('to', () => Date, { nullable: true }) to: Date | null, @Ctx() ctx: GraphQLContext) {
    return revenueByMonth(ctx.dataSource, from, to);
  }

  @Query(() => FeatureDistributionType, { description: 'Histogram of a feature over the newest feature snapshot' }) @Allow(...READERS)
  featureDistribution(
    @Arg('feature') feature: string,
    @Arg('bins', () => Int, { defaultValue: 30 }) bins: number,
    @Arg('logScale', { defaultValue: false }) logScale: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    return featureDistribution(ctx.dataSource, feature, within('bins', bins, 2, 200), logScale);
  }

  @Query(() => FeatureCorrelationsType, { description: 'Pearson correlations between features over the newest snapshot' }) @Allow(...READERS)
  featureCorrelations(@Arg('features', () => [String]) features: string[], @Ctx() ctx: GraphQLContext) {
    within('features', features.length, 2, 12);
    return featureCorrelations(ctx.dataSource, features);
  }

  @Query(() => [FeatureOutlierType], { description: 'Customers farthest from the mean of a feature (newest snapshot)' }) @Allow(...READERS)
  outliers(@Arg('feature') feature: string, @Arg('limit', () => Int, { defaultValue: 20 }) limit: number, @Ctx() ctx: GraphQLContext) {
    return outliers(ctx.dataSource, feature, within('limit', limit, 1, 100));
  }

  @Query(() => [CohortRetentionType], { description: 'Monthly cohorts by first purchase: share ordering in each later month' }) @Allow(...READERS)
  cohortRetention(@Arg('months', () => Int, { defaultValue: 12 }) months: number, @Ctx() ctx: GraphQLContext) {
    return cohortRetention(ctx.dataSource, within('months', months, 1, 36));
  }

  @Query(() => [RfmGroupCountType], { description: 'Customers per RFM group in the newest feature snapshot' }) @Allow(...READERS)
  rfmGroupCounts(@Ctx() ctx: GraphQLContext) {
    return rfmGroupCounts(ctx.dataSource);
  }

  @Query(() => SegmentFitType, { description: 'Why a customer is in their live segment: their standardised point beside every centroid' })
  @Allow(...READERS) @Scope('score')
  async segmentFit(
    @Arg('id', () => ID, { nullable: true, description: 'Segmenta\'s customer id' }) id: string | undefined,
    @Arg('externalId', () => String, { nullable: true, description: 'The customer\'s id in the source system' }) externalId: string | undefined,
    @Arg('customerId', () => ID, { nullable: true, description: 'Segmenta\'s customer id', deprecationReason: 'Use id, or externalId for the source system\'s id' }) customerId: string | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    const ref = await resolveCustomerRef(ctx.dataSource, { id, externalId, customerId });
    return segmentFit(ctx.dataSource, ref.id);
  }
}
