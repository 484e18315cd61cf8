import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Allow, MODELLING } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { toId } from '../../graphql/pagination.js';
import { ActivationImpactType, ImpactedPersonaEditType } from './activation-impact.types.js';
import { activationImpact } from './activation-impact.service.js';

@Resolver()
export class ActivationImpactResolver {
  @Query(() => ActivationImpactType, { description: 'What activating this run would affect: saved audiences pinned to other runs, their draft and scheduled campaigns, persona edits on the live run' })
  @Allow(...MODELLING)
  activationImpact(@Arg('runId', () => ID) runId: string, @Ctx() ctx: GraphQLContext) {
    return activationImpact(ctx.dataSource, toId(runId));
  }
}

@Resolver(() => ImpactedPersonaEditType)
export class ImpactedPersonaEditResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Who edited it, as people read it' })
  updatedByName(@Root() edit: ImpactedPersonaEditType, @Ctx() ctx: GraphQLContext) {
    return edit.updatedBy ? ctx.loaders.actorName.load(edit.updatedBy) : null;
  }
}
