import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { featureMatrixFromRows } from '../../ml/forest/index.js';
import { defaultAsOf } from '../features/index.js';
import { activeModel, CustomerScoreType, responseFeaturesAsOf, type CustomerScoreResult } from '../models/index.js';
import { loadedUpliftModel } from './uplift-model-cache.js';

/** The uplift module's field on scoreCustomer's answer: the active uplift model's prediction for that customer. */
@Resolver(() => CustomerScoreType)
export class CustomerUpliftResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Predicted uplift of a customer scored by id, from the active uplift model (response features as of asOf): how much contacting raises the response probability; null without an active uplift model or for feature values',
  })
  async uplift(@Root() score: CustomerScoreResult, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    if (score.customerId === null) return null;
    const model = await activeModel(ctx.dataSource, 'uplift');
    if (!model) return null;
    const asOf = score.asOf ?? await defaultAsOf(ctx.dataSource);
    const row = (await responseFeaturesAsOf(ctx.dataSource, asOf, [score.customerId])).get(score.customerId);
    return row ? loadedUpliftModel(ctx.dataSource, model).predictUplift(featureMatrixFromRows([row]))[0] : null;
  }
}
