import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { SEGMENT_ANSWERS } from '@segmenta/shared';
import { Allow, MODELLING, READERS, Scope } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { AppError, notFound } from '../../errors.js';
import { namedRefs, resolveCustomerRef } from '../../graphql/customer-ref.js';
import { LiveSegmentationEntity, SegmentEntity } from './segment.entity.js';
import { SegmentationRunEntity } from './segmentation-run.entity.js';
import type { SegmentationFeature, SegmentationParams } from './segmentation.params.js';
import {
  ClassificationType, FeatureValuesInput, LiveSegmentationType, RunComparisonType, SegmentationRunType, SegmentType, StartedSegmentationType, StartSegmentationInput,
} from './segmentation.types.js';
import { activateRun, classifyCustomer, compareRuns, getRun, runLiveOn, segmentOn, startSegmentation } from './segmentation.service.js';

@InputType()
export class SegmentFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() ids?: string[];
  @Field(() => ID, { nullable: true, description: 'Segments of this run; default: the live run' }) @IsOptional() runId?: string;
}

function toParams(input: StartSegmentationInput): Partial<SegmentationParams> {
  return {
    features: input.features as SegmentationFeature[] | undefined, log1p: input.log1p as SegmentationFeature[] | undefined,
    winsorize: input.noWinsorize ? null : input.winsorize ? { lower: input.winsorize.lower, upper: input.winsorize.upper } : undefined,
    pca: input.pca ? { components: input.pca.components, varianceTarget: input.pca.varianceTarget } : undefined,
    algorithm: input.algorithm as SegmentationParams['algorithm'] | undefined, linkage: input.linkage as SegmentationParams['linkage'] | undefined,
    k: input.k, kMin: input.kMin, kMax: input.kMax, nInit: input.nInit, seed: input.seed, asOf: input.asOf,
    kmeansMode: input.kmeansMode as SegmentationParams['kmeansMode'] | undefined,
  };
}

async function liveRunId(ctx: GraphQLContext): Promise<number | null> {
  const live = await ctx.dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: 'default' });
  return live?.runId ?? null;
}

@Resolver(() => SegmentationRunType)
export class SegmentationRunResolver {
  @Query(() => [SegmentationRunType]) @Allow(...READERS)
  allSegmentationRuns(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const qb = ctx.dataSource.getRepository(SegmentationRunEntity).createQueryBuilder('r');
    return applyListArgs(qb, { ...args, sortOrder: args.sortOrder ?? 'DESC' }, { id: 'r.id', createdAt: 'r.created_at' }, 'id', 'r.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allSegmentationRunsMeta(@Args() _args: PageArgs, @Ctx() ctx: GraphQLContext) {
    return { count: await ctx.dataSource.getRepository(SegmentationRunEntity).count() };
  }

  @Query(() => SegmentationRunType, { name: 'SegmentationRun' }) @Allow(...READERS)
  segmentationRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getRun(ctx.dataSource, toId(id));
  }

  @Query(() => LiveSegmentationType, { nullable: true, description: 'The live run of the default data set' }) @Allow(...READERS)
  liveSegmentation(@Ctx() ctx: GraphQLContext) {
    return ctx.dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: 'default' });
  }

  @Mutation(() => StartedSegmentationType, { description: 'Starts a segmentation job; returns the running one if a run is already in progress' }) @Allow(...MODELLING)
  startSegmentation(@Arg('input', () => StartSegmentationInput) input: StartSegmentationInput, @Ctx() ctx: GraphQLContext) {
    return startSegmentation(ctx.dataSource, toParams(input), ctx.principal!.actor);
  }

  @Mutation(() => LiveSegmentationType, { description: 'Makes a succeeded run live: every membership switches at once' }) @Allow(...MODELLING)
  activateSegmentation(@Arg('runId', () => ID) runId: string, @Ctx() ctx: GraphQLContext) {
    return activateRun(ctx.dataSource, toId(runId), ctx.principal!.actor);
  }

  @Query(() => RunComparisonType, { description: 'Transition matrix and adjusted Rand index between two runs' }) @Allow(...READERS)
  compareSegmentationRuns(@Arg('fromRunId', () => ID) fromRunId: string, @Arg('toRunId', () => ID) toRunId: string, @Ctx() ctx: GraphQLContext) {
    return compareRuns(ctx.dataSource, toId(fromRunId), toId(toRunId));
  }

  @Query(() => ClassificationType, { description: `${SEGMENT_ANSWERS.live.title}: assigns a customer (by id or externalId, or from feature values) to the nearest centroid of the live segmentation run. ${SEGMENT_ANSWERS.live.explanation} Not the classifier's prediction: see scoreCustomer.predictedSegment.` })
  @Allow(...READERS) @Scope('score')
  async classifyCustomer(
    @Arg('id', () => ID, { nullable: true, description: 'Segmenta\'s customer id' }) id: string | undefined,
    @Arg('externalId', () => String, { nullable: true, description: 'The customer\'s id in the source system' }) externalId: string | undefined,
    @Arg('customerId', () => ID, { nullable: true, description: 'Segmenta\'s customer id', deprecationReason: 'Use id, or externalId for the source system\'s id' }) customerId: string | undefined,
    @Arg('features', () => FeatureValuesInput, { nullable: true, description: 'Feature values of a customer not in the database' }) features: FeatureValuesInput | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    const named = namedRefs({ id, externalId, customerId });
    if (named > 1 || (named === 1) === Boolean(features)) throw new AppError('BAD_USER_INPUT', 'give one of id, externalId or features');
    if (!named) return classifyCustomer(ctx.dataSource, { features: { ...features } as Record<SegmentationFeature, number> });
    const ref = await resolveCustomerRef(ctx.dataSource, { id, externalId, customerId });
    return classifyCustomer(ctx.dataSource, { customerId: ref.id });
  }

  @Query(() => SegmentationRunType, { nullable: true, description: 'The run that was live on a date (last activation at or before it)' }) @Allow(...READERS)
  segmentationLiveOn(@Arg('date', () => Date) date: Date, @Ctx() ctx: GraphQLContext) {
    return runLiveOn(ctx.dataSource, date);
  }

  @Query(() => SegmentType, { nullable: true, description: "A customer's segment in the run that was live on a date" }) @Allow(...READERS)
  customerSegmentOn(@Arg('customerId', () => ID) customerId: string, @Arg('date', () => Date) date: Date, @Ctx() ctx: GraphQLContext) {
    return segmentOn(ctx.dataSource, toId(customerId), date);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who started the run, as people read it (createdBy holds the actor id)' })
  createdByName(@Root() run: SegmentationRunEntity, @Ctx() ctx: GraphQLContext) {
    return run.createdBy ? ctx.loaders.actorName.load(run.createdBy) : null;
  }

  @FieldResolver(() => Boolean)
  async isLive(@Root() run: SegmentationRunEntity, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.liveRunByDataSet.load(run.dataSet)) === run.id;
  }

  @FieldResolver(() => [SegmentType])
  segments(@Root() run: SegmentationRunEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.dataSource.getRepository(SegmentEntity).find({ where: { runId: run.id }, order: { label: 'ASC' } });
  }
}

@Resolver(() => SegmentType)
export class SegmentResolver {
  @Query(() => [SegmentType]) @Allow(...READERS)
  async allSegments(@Args() args: PageArgs, @Arg('filter', () => SegmentFilter, { nullable: true }) filter: SegmentFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(await this.filtered(ctx, filter), args, { id: 's.id', label: 's.label', size: 's.size', revenueShare: 's.revenue_share' }, 'label', 's.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allSegmentsMeta(@Args() _args: PageArgs, @Arg('filter', () => SegmentFilter, { nullable: true }) filter: SegmentFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await (await this.filtered(ctx, filter)).getCount() };
  }

  @Query(() => SegmentType, { name: 'Segment' }) @Allow(...READERS)
  async segment(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const segment = await ctx.dataSource.getRepository(SegmentEntity).findOneBy({ id: toId(id) });
    if (!segment) throw notFound('Segment', id);
    return segment;
  }

  private async filtered(ctx: GraphQLContext, filter?: SegmentFilter) {
    const qb = ctx.dataSource.getRepository(SegmentEntity).createQueryBuilder('s');
    if (filter?.ids?.length) return qb.where('s.id IN (:...ids)', { ids: filter.ids.map((v) => toId(v)) });
    const runId = filter?.runId ? toId(filter.runId) : await liveRunId(ctx);
    return qb.where('s.run_id = :runId', { runId: runId ?? -1 });
  }
}
