import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, MARKETING, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { FeatureSnapshotEntity } from '../features/index.js';
import { liveRun } from '../segmentation/index.js';
import { AudienceEntity } from './audience.entity.js';
import { normaliseDefinition, type AudienceDefinition } from './audience-definition.js';
import { AudienceDefinitionInput, AudienceFunnelType, AudienceMemberType, AudienceType, RoiInput, RoiSuggestionType, SaveAudienceInput } from './audience.types.js';
import { audienceFunnel, deleteAudience, getAudience, previewAudience, roiOptimalSize, saveAudience } from './audience.service.js';

const toDefinition = (input: AudienceDefinitionInput): AudienceDefinition => normaliseDefinition(input as Parameters<typeof normaliseDefinition>[0]);

async function definitionOf(ctx: GraphQLContext, definition?: AudienceDefinitionInput, audienceId?: string): Promise<AudienceDefinition> {
  if (!definition === !audienceId) throw new AppError('BAD_USER_INPUT', 'give a definition or an audienceId, not both');
  return definition ? toDefinition(definition) : ((await getAudience(ctx.dataSource, toId(audienceId!))).definition as AudienceDefinition);
}

/** The as-of time of the live run's features: what segment-based counts reflect. */
async function liveDataAsOf(dataSource: DataSource): Promise<Date | null> {
  const run = await liveRun(dataSource);
  if (!run?.snapshotId) return null;
  return (await dataSource.getRepository(FeatureSnapshotEntity).findOneBy({ id: run.snapshotId }))?.asOf ?? null;
}

@Resolver(() => AudienceType)
export class AudienceResolver {
  @Query(() => [AudienceType]) @Allow(...READERS)
  allAudiences(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const qb = ctx.dataSource.getRepository(AudienceEntity).createQueryBuilder('a');
    return applyListArgs(qb, args, { id: 'a.id', name: 'a.name', updatedAt: 'a.updated_at' }, 'name', 'a.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allAudiencesMeta(@Args() _args: PageArgs, @Ctx() ctx: GraphQLContext) {
    return { count: await ctx.dataSource.getRepository(AudienceEntity).count() };
  }

  @Query(() => AudienceType, { name: 'Audience' }) @Allow(...READERS)
  audience(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getAudience(ctx.dataSource, toId(id));
  }

  @Query(() => AudienceFunnelType, { description: 'Exact live size and drop-off funnel of a definition (saved or not)' }) @Allow(...READERS)
  async audienceCount(
    @Arg('definition', () => AudienceDefinitionInput, { nullable: true }) definition: AudienceDefinitionInput | undefined,
    @Arg('audienceId', () => ID, { nullable: true }) audienceId: string | undefined, @Ctx() ctx: GraphQLContext,
  ) {
    const [funnel, dataAsOf] = await Promise.all([audienceFunnel(ctx.dataSource, await definitionOf(ctx, definition, audienceId)), liveDataAsOf(ctx.dataSource)]);
    return { ...funnel, dataAsOf };
  }

  @Query(() => [AudienceMemberType], { description: 'Members, highest response probability first (highest predicted uplift first when capped by uplift)' }) @Allow(...READERS)
  async audiencePreview(
    @Arg('definition', () => AudienceDefinitionInput, { nullable: true }) definition: AudienceDefinitionInput | undefined,
    @Arg('audienceId', () => ID, { nullable: true }) audienceId: string | undefined,
    @Args() page: PageArgs, @Ctx() ctx: GraphQLContext,
  ) {
    return previewAudience(ctx.dataSource, await definitionOf(ctx, definition, audienceId), page);
  }

  @Query(() => RoiSuggestionType, { description: 'The audience size that maximises expected profit (response probability × margin − contact cost)' }) @Allow(...READERS)
  async audienceRoi(
    @Arg('input', () => RoiInput) input: RoiInput,
    @Arg('definition', () => AudienceDefinitionInput, { nullable: true }) definition: AudienceDefinitionInput | undefined,
    @Arg('audienceId', () => ID, { nullable: true }) audienceId: string | undefined, @Ctx() ctx: GraphQLContext,
  ) {
    return roiOptimalSize(ctx.dataSource, await definitionOf(ctx, definition, audienceId), input);
  }

  @Mutation(() => AudienceType) @Allow(...MARKETING)
  createAudience(@Arg('input', () => SaveAudienceInput) input: SaveAudienceInput, @Ctx() ctx: GraphQLContext) {
    return saveAudience(ctx.dataSource, { name: input.name, definition: toDefinition(input.definition) }, ctx.principal!.actor);
  }

  @Mutation(() => AudienceType) @Allow(...MARKETING)
  updateAudience(@Arg('id', () => ID) id: string, @Arg('input', () => SaveAudienceInput) input: SaveAudienceInput, @Ctx() ctx: GraphQLContext) {
    return saveAudience(ctx.dataSource, { id: toId(id), name: input.name, definition: toDefinition(input.definition), expectedVersion: input.expectedVersion }, ctx.principal!.actor);
  }

  @Mutation(() => AudienceType, { description: 'Deletes a saved audience; CONFLICT while a campaign references it or another audience excludes it' }) @Allow(...MARKETING)
  deleteAudience(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return deleteAudience(ctx.dataSource, toId(id));
  }

  @FieldResolver(() => AudienceFunnelType, { description: 'Evaluated now' })
  funnel(@Root() audience: AudienceEntity, @Ctx() ctx: GraphQLContext) {
    return audienceFunnel(ctx.dataSource, audience.definition as AudienceDefinition);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who created it, as people read it (createdBy holds the actor id)' })
  createdByName(@Root() audience: AudienceEntity, @Ctx() ctx: GraphQLContext) {
    return audience.createdBy ? ctx.loaders.actorName.load(audience.createdBy) : null;
  }

  @FieldResolver(() => [ID], { description: 'The segmentation runs whose segments or personas the definition names (segment ids belong to one run each)' })
  segmentRunIds(@Root() audience: AudienceEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.segmentRunsOfAudience.load(audience);
  }

  @FieldResolver(() => [ID], {
    description: 'Runs the definition names that are not live: its segment and persona choices match nobody until they are picked again from the live run',
  })
  async notLiveRunIds(@Root() audience: AudienceEntity, @Ctx() ctx: GraphQLContext) {
    const [runs, live] = await Promise.all([ctx.loaders.segmentRunsOfAudience.load(audience), ctx.loaders.liveRunByDataSet.load('default')]);
    return runs.filter((run) => run !== live);
  }

}
