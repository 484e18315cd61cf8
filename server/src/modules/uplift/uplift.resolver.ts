import { FieldResolver, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ModelType, type ModelVersionEntity } from '../models/index.js';

/** The uplift module's fields on the models registry's types. */
@Resolver(() => ModelType)
export class UpliftResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Uplift model: the held-out evaluation stored with the version — learner, arm balance, and per ranking (the learner, the response model, random) '
      + 'the Qini and uplift curves, Qini and uplift AUC in scikit-uplift\'s (qiniAucScikitUplift, upliftAucScikitUplift) and causalml\'s (qiniAucCausalml, upliftAucCausalml) '
      + 'normalisations and uplift@10/20/30 %, each with a bootstrap interval, the realised uplift per decile, and paired differences from the baselines. See docs/uplift.md',
  })
  upliftEvaluation(@Root() model: ModelVersionEntity): Record<string, unknown> | null {
    return model.kind === 'uplift' && model.metrics ? (model.metrics as Record<string, unknown>) : null;
  }
}
