import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { CustomerType } from '../customers/index.js';
import { SegmentType } from '../segmentation/index.js';
import { ProductRecommendationType, SegmentRecommendationsType } from './recommendation.types.js';
import { segmentRecommendations } from './recommendation.service.js';
import { MAX_RECOMMENDATIONS } from './customer-recommendations.js';

const clampLimit = (limit: number) => Math.max(1, Math.min(MAX_RECOMMENDATIONS, limit));

/** Recommendations build on customers and segments, so their fields on both types live here. */
@Resolver(() => CustomerType)
export class CustomerRecommendationsResolver {
  @FieldResolver(() => [ProductRecommendationType], { description: 'What customers of their live segment buy that they have not bought yet' })
  recommendedProducts(@Root() customer: CustomerType, @Arg('limit', () => Int, { defaultValue: 10 }) limit: number, @Ctx() ctx: GraphQLContext) {
    // Batched: a page of customers shares one set of statements (recommendation.loaders.ts).
    return ctx.loaders.recommendationsByCustomer.load(customer.id).then((list) => list.slice(0, clampLimit(limit)));
  }
}

@Resolver(() => SegmentType)
export class SegmentRecommendationsResolver {
  @FieldResolver(() => SegmentRecommendationsType, { description: 'Products and categories that over-index in this segment' })
  recommendations(@Root() segment: SegmentType, @Arg('limit', () => Int, { defaultValue: 10 }) limit: number, @Ctx() ctx: GraphQLContext) {
    return segmentRecommendations(ctx.dataSource, segment.id, clampLimit(limit));
  }
}
