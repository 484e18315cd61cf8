import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ADMIN, Allow, MODELLING, READERS, Scope } from '../../graphql/access.js';
import { exportModelArtefact, importModelArtefact } from './model-artefact.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { AppError } from '../../errors.js';
import { namedRefs, resolveCustomerRef } from '../../graphql/customer-ref.js';
import type { ForestHyperparameters, TrainingParams } from './model.params.js';
import { ActiveModelEntity, FOREST_MODEL_KINDS, MODEL_KINDS, ModelVersionEntity, type ForestModelKind, type ModelKind } from './model-version.entity.js';
import { scoreCustomer } from './model-scoring.js';
import { activateModel, effectiveStatus, getModel, rollbackModel, startScoring, startTraining, type TrainingInput } from './model.service.js';
import {
  ActiveModelType, CustomerScoreType, HyperparametersType, ModelEvaluationType, ModelFilter, ModelType, ScoreFeaturesInput, ScoringStartedType,
  StartedTrainingType, TrainModelInput,
} from './model.types.js';
import { RESPONSE_FEATURES } from './response-features.js';

function toTrainingInput(input: TrainModelInput): TrainingInput {
  const maxFeatures = input.maxFeatures === undefined ? undefined : /^\d+$/.test(input.maxFeatures) ? Number(input.maxFeatures) : input.maxFeatures;
  return {
    kind: input.kind as ForestModelKind, testFraction: input.testFraction, cvFolds: input.cvFolds, threshold: input.threshold,
    target: input.target as TrainingParams['target'] | undefined, sentFrom: input.sentFrom, sentTo: input.sentTo, campaigns: input.campaigns,
    learner: input.learner as TrainingParams['learner'] | undefined, whenUnbalanced: input.whenUnbalanced as TrainingParams['whenUnbalanced'] | undefined,
    bootstrapReplicates: input.bootstrapReplicates,
    hyperparameters: {
      nEstimators: input.nEstimators, maxDepth: input.maxDepth === 0 ? null : input.maxDepth, minSamplesLeaf: input.minSamplesLeaf,
      minSamplesSplit: input.minSamplesSplit, maxFeatures: maxFeatures as ForestHyperparameters['maxFeatures'] | undefined,
      classWeight: input.classWeight === undefined ? undefined : input.classWeight === 'none' ? null : (input.classWeight as ForestHyperparameters['classWeight']),
      bootstrap: input.bootstrap, criterion: input.criterion as ForestHyperparameters['criterion'] | undefined, seed: input.seed,
    },
  };
}

function filtered(ctx: GraphQLContext, filter?: ModelFilter) {
  const qb = ctx.dataSource.getRepository(ModelVersionEntity).createQueryBuilder('m');
  if (filter?.kind) qb.andWhere('m.kind = :kind', { kind: filter.kind });
  if (filter?.status) qb.andWhere('m.status = :status', { status: filter.status });
  return qb;
}

@Resolver(() => ModelType)
export class ModelResolver {
  @Query(() => [ModelType]) @Allow(...READERS)
  allModels(@Args() args: PageArgs, @Arg('filter', () => ModelFilter, { nullable: true }) filter: ModelFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(filtered(ctx, filter), { ...args, sortOrder: args.sortOrder ?? 'DESC' }, { id: 'm.id', createdAt: 'm.created_at', version: 'm.version' }, 'id', 'm.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allModelsMeta(@Args() _args: PageArgs, @Arg('filter', () => ModelFilter, { nullable: true }) filter: ModelFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await filtered(ctx, filter).getCount() };
  }

  @Query(() => ModelType, { name: 'Model' }) @Allow(...READERS)
  model(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getModel(ctx.dataSource, toId(id));
  }

  @Query(() => [ActiveModelType], { description: 'The active version of each model kind' }) @Allow(...READERS)
  activeModels(@Ctx() ctx: GraphQLContext) {
    return ctx.dataSource.getRepository(ActiveModelEntity).find({ order: { kind: 'ASC' } });
  }

  @Query(() => String, { description: 'A response model version as a versioned, checksummed JSON artefact (schema version, feature names and units, the forest) that importModel reads in another installation' })
  @Allow(...MODELLING)
  modelArtefact(@Arg('id', () => ID, { description: 'The model version' }) id: string, @Ctx() ctx: GraphQLContext) {
    return exportModelArtefact(ctx.dataSource, toId(id));
  }

  @Mutation(() => ModelType, { description: 'Imports a model artefact (from modelArtefact) as a new, inactive version; it scores exactly as where it was exported' })
  @Allow(...ADMIN)
  importModel(@Arg('artefact', () => String, { description: 'The artefact\'s JSON text' }) artefact: string, @Ctx() ctx: GraphQLContext) {
    return importModelArtefact(ctx.dataSource, artefact, ctx.principal!.actor);
  }

  @Mutation(() => StartedTrainingType, { description: 'Starts a training job; returns the running one if a model of this kind is already training' }) @Allow(...MODELLING)
  async trainModel(@Arg('input', () => TrainModelInput) input: TrainModelInput, @Ctx() ctx: GraphQLContext) {
    const { model, existing } = await startTraining(ctx.dataSource, toTrainingInput(input), ctx.principal!.actor);
    return { model, existing };
  }

  @Mutation(() => ActiveModelType, { description: 'Makes a succeeded version the active one of its kind (also how to roll back to any version)' }) @Allow(...MODELLING)
  activateModel(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return activateModel(ctx.dataSource, toId(id), ctx.principal!.actor);
  }

  @Mutation(() => ActiveModelType, { description: 'Re-activates the version that was active before the current one' }) @Allow(...MODELLING)
  rollbackModel(@Arg('kind') kind: string, @Ctx() ctx: GraphQLContext) {
    if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new AppError('BAD_USER_INPUT', `kind must be one of ${MODEL_KINDS.join(', ')}`);
    return rollbackModel(ctx.dataSource, kind as ModelKind, ctx.principal!.actor);
  }

  @Mutation(() => ScoringStartedType, { description: "Scores every customer with the active models into customer_scores (a job)" }) @Allow(...MODELLING)
  async startScoring(@Arg('asOf', () => String, { nullable: true, description: 'Features as of this date (YYYY-MM-DD); default: the day after the last order' }) asOf: string | undefined, @Ctx() ctx: GraphQLContext) {
    const { job, existing } = await startScoring(ctx.dataSource, ctx.principal!.actor, asOf ?? null);
    return { jobId: job.id, existing };
  }

  @Query(() => CustomerScoreType, { description: 'Scores one customer (by id or externalId, or from feature values) with the active models, in memory' })
  @Allow(...READERS) @Scope('score')
  async scoreCustomer(
    @Arg('id', () => ID, { nullable: true, description: 'Segmenta\'s customer id' }) id: string | undefined,
    @Arg('externalId', () => String, { nullable: true, description: 'The customer\'s id in the source system' }) externalId: string | undefined,
    @Arg('customerId', () => ID, { nullable: true, description: 'Segmenta\'s customer id', deprecationReason: 'Use id, or externalId for the source system\'s id' }) customerId: string | undefined,
    @Arg('features', () => ScoreFeaturesInput, { nullable: true, description: 'Feature values of a customer not in the database' }) features: ScoreFeaturesInput | undefined,
    @Arg('asOf', () => String, { nullable: true, description: 'As-of date of the features read from the database (YYYY-MM-DD; default today)' }) asOf: string | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    const named = namedRefs({ id, externalId, customerId });
    if (named > 1 || (named === 1) === Boolean(features)) throw new AppError('BAD_USER_INPUT', 'give one of id, externalId or features');
    if (asOf && Number.isNaN(Date.parse(asOf))) throw new AppError('BAD_USER_INPUT', 'asOf must be a date (YYYY-MM-DD)');
    if (named) {
      const ref = await resolveCustomerRef(ctx.dataSource, { id, externalId, customerId });
      const score = await scoreCustomer(ctx.dataSource, { customerId: ref.id, asOf: asOf ? new Date(asOf) : undefined });
      return Object.assign(new CustomerScoreType(), score, { externalId: ref.externalId });
    }
    const values = { ...features } as Record<string, number | string | undefined>;
    const response = Object.fromEntries(RESPONSE_FEATURES.filter((f) => typeof values[f] === 'number').map((f) => [f, values[f] as number]));
    return Object.assign(new CustomerScoreType(), await scoreCustomer(ctx.dataSource, {
      response,
      earlySignals: {
        firstOrderValue: features!.firstOrderValue, firstOrderItems: features!.firstOrderItems, firstOrderLines: features!.firstOrderLines,
        country: features!.country, ageBand: features!.ageBand, sessionsBefore: features!.sessionsBefore,
        productViewsBefore: features!.productViewsBefore, cartAddsBefore: features!.cartAddsBefore,
      },
    }));
  }

  @FieldResolver(() => String)
  async status(@Root() model: ModelVersionEntity, @Ctx() ctx: GraphQLContext) {
    return (await effectiveStatus(ctx.dataSource, model)).status;
  }

  @FieldResolver(() => String, { nullable: true })
  async error(@Root() model: ModelVersionEntity, @Ctx() ctx: GraphQLContext) {
    return (await effectiveStatus(ctx.dataSource, model)).error;
  }

  @FieldResolver(() => Boolean, { description: 'The active version of its kind' })
  async isActive(@Root() model: ModelVersionEntity, @Ctx() ctx: GraphQLContext) {
    const active = await ctx.dataSource.getRepository(ActiveModelEntity).findOneBy({ kind: model.kind });
    return active?.modelId === model.id;
  }

  @FieldResolver(() => HyperparametersType, { nullable: true, description: 'The forest kinds (response, segment); null for other kinds' })
  hyperparameters(@Root() model: ModelVersionEntity) {
    const h = (model.params as Partial<TrainingParams>).hyperparameters;
    return h ? { ...h, maxFeatures: String(h.maxFeatures) } : null;
  }

  @FieldResolver(() => ModelEvaluationType, { nullable: true, description: 'Stored with the version when training succeeded (response and segment models; an uplift model has upliftEvaluation)' })
  evaluation(@Root() model: ModelVersionEntity) {
    // Other kinds store their own evidence (customer value: Model.customerValue; uplift: Model.upliftEvaluation).
    return model.kind === 'response' || model.kind === 'segment' ? model.metrics : null;
  }

  @FieldResolver(() => Int, { description: 'Size of the saved artefact (the forest, or the customer-value models; JSON), in characters' })
  artefactSize(@Root() model: ModelVersionEntity) {
    return model.artefact?.length ?? 0;
  }
}
