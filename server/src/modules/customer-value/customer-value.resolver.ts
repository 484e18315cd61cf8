import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Allow, MODELLING } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { HoldoutReport, ValueModelState } from '../../ml/value/index.js';
import { CustomerType } from '../customers/index.js';
import { ModelType, type ModelVersionEntity } from '../models/index.js';
import { SegmentType } from '../segmentation/index.js';
import type { ValueArtefact, ValueModelMetrics } from './customer-value.job.js';
import { resolveValueParams, type CustomerValueParams } from './customer-value.params.js';
import { startCustomerValue, startValueScoring } from './customer-value.service.js';
import {
  CustomerValueInput, CustomerValueModelType, CustomerValueType, SegmentValueProfileType, StartedCustomerValueType, ValueFitType, ValueScoringStartedType,
  type HoldoutReportType,
} from './customer-value.types.js';
import { segmentValueProfile } from './segment-value-profile.js';

@Resolver()
export class CustomerValueResolver {
  @Mutation(() => StartedCustomerValueType, { description: 'Fits a new customer-value version (a job); the first version, or one started with activate, also scores everyone' }) @Allow(...MODELLING)
  async startCustomerValue(@Arg('input', () => CustomerValueInput, { nullable: true }) input: CustomerValueInput | undefined, @Ctx() ctx: GraphQLContext) {
    const { model, job, existing } = await startCustomerValue(ctx.dataSource, { ...input }, ctx.principal!.actor);
    return { model, jobId: job.id, existing };
  }

  @Mutation(() => ValueScoringStartedType, { description: 'Scores everyone with the active customer-value version as of a date (a job)' }) @Allow(...MODELLING)
  async startValueScoring(@Arg('asOf', () => String, { nullable: true, description: 'YYYY-MM-DD; default: the day after the last order' }) asOf: string | undefined, @Ctx() ctx: GraphQLContext) {
    const { job, existing } = await startValueScoring(ctx.dataSource, ctx.principal!.actor, asOf ?? null);
    return { jobId: job.id, existing };
  }
}

/** Customer value builds on customers, so Customer.value lives here. */
@Resolver(() => CustomerType)
export class CustomerValueFieldResolver {
  @FieldResolver(() => CustomerValueType, { nullable: true, description: 'Predicted CLV, P(alive), churn risk and the expected next order (null before any customer-value scoring)' })
  async value(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext): Promise<CustomerValueType | null> {
    const s = await ctx.loaders.scoresByCustomer.load(customer.id);
    if (!s || s.valueModelId === null || !s.valueAsOf || !s.valueScoredAt) return null;
    return {
      predictedClv: s.predictedClv, clvPercentile: s.clvPercentile, probabilityAlive: s.probabilityAlive, churnRisk: s.churnRisk,
      expectedPurchases: s.expectedPurchases, expectedNextOrderAt: s.expectedNextOrderAt, asOf: s.valueAsOf, modelId: s.valueModelId, scoredAt: s.valueScoredAt,
    };
  }
}

function fitOf(state: ValueModelState): ValueFitType {
  const names = Object.keys(state.params);
  const se = state.standardErrors as Record<string, number> | null;
  const diagnostics = state.diagnostics as unknown as Record<string, unknown>;
  return {
    model: state.kind, customers: state.nCustomers, logLikelihood: state.logLikelihood,
    parameters: names.map((name) => ({ name, value: (state.params as Record<string, number>)[name], standardError: se?.[name] ?? null })),
    converged: Boolean(diagnostics.converged), message: String(diagnostics.message ?? ''), warnings: (diagnostics.warnings as string[] | undefined) ?? [], diagnostics,
  };
}

@Resolver(() => ModelType)
export class ModelValueResolver {
  @FieldResolver(() => CustomerValueModelType, { nullable: true, description: 'Customer-value versions: settings, fitted parameters with standard errors, diagnostics, data check, holdout report' })
  customerValue(@Root() model: ModelVersionEntity): CustomerValueModelType | null {
    if (model.kind !== 'customer-value' || !model.artefact || !model.metrics) return null;
    const params = resolveValueParams(model.params as Partial<CustomerValueParams>);
    const metrics = model.metrics as unknown as ValueModelMetrics;
    const artefact = JSON.parse(model.artefact) as ValueArtefact;
    const holdout: HoldoutReport | null = metrics.holdout;
    return {
      asOf: new Date(metrics.asOf), timeUnit: params.timeUnit, horizonDays: params.horizonDays, margin: params.margin, annualDiscountRate: params.annualDiscountRate,
      churnHorizonDays: params.churnHorizonDays, customers: metrics.customers,
      purchase: fitOf(artefact.purchase as unknown as ValueModelState), spend: fitOf(artefact.spend as unknown as ValueModelState),
      dataCheck: { purchase: metrics.purchaseCheck, spend: metrics.spendCheck },
      holdout: holdout ? { ...holdout, calibrationEnd: new Date(metrics.holdoutCalibrationEnd!) } as HoldoutReportType : null,
      holdoutSkipped: metrics.holdoutSkipped,
    };
  }
}

/** Segment (and so persona) profiles: predicted CLV and churn risk of the members. */
@Resolver(() => SegmentType)
export class SegmentValueResolver {
  @FieldResolver(() => SegmentValueProfileType, { description: "Predicted CLV and churn risk of the segment's members" })
  valueProfile(@Root() segment: SegmentType, @Ctx() ctx: GraphQLContext) {
    return segmentValueProfile(ctx.dataSource, segment.runId, segment.id);
  }
}
