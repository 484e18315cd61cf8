import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { ModelType } from '../models/index.js';

@ObjectType('CustomerValue', { description: "A customer's stored value scores (the active customer-value version, as of its scoring date)" })
export class CustomerValueType {
  @Field(() => Float, { nullable: true, description: 'Discounted margin expected over the CLV horizon; never negative' }) predictedClv: number | null;
  @Field(() => Float, { nullable: true, description: '0 (lowest) … 100 (highest) among scored customers; top 20 % is ≥ 80' }) clvPercentile: number | null;
  @Field(() => Float, { nullable: true, description: 'P(still a customer) at the as-of date' }) probabilityAlive: number | null;
  @Field(() => Float, { nullable: true, description: '1 − P(alive) at as-of + the churn horizon of the model version' }) churnRisk: number | null;
  @Field(() => Float, { nullable: true, description: 'Expected purchases within the CLV horizon' }) expectedPurchases: number | null;
  @Field(() => Date, { nullable: true, description: 'As-of + the median wait to the next order if still active (read with probabilityAlive)' }) expectedNextOrderAt: Date | null;
  @Field({ description: 'Orders before this instant were read' }) asOf: Date;
  @Field(() => ID) modelId: number;
  @Field() scoredAt: Date;
}

@ObjectType('ValueParameter')
export class ValueParameterType {
  @Field({ description: 'r, alpha, a, b (BG/NBD); r, alpha, s, beta (Pareto/NBD); p, q, gamma (Gamma-Gamma)' }) name: string;
  @Field(() => Float) value: number;
  @Field(() => Float, { nullable: true, description: 'From the Hessian (delta method); null when it is not positive definite' }) standardError: number | null;
}

@ObjectType('ValueFit', { description: 'One fitted sub-model of a customer-value version' })
export class ValueFitType {
  @Field({ description: 'bg-nbd, pareto-nbd or gamma-gamma' }) model: string;
  @Field(() => [ValueParameterType]) parameters: ValueParameterType[];
  @Field(() => Float) logLikelihood: number;
  @Field(() => Int) customers: number;
  @Field() converged: boolean;
  @Field() message: string;
  @Field(() => [String]) warnings: string[];
  @Field(() => GraphQLJSONObject, { description: 'Every diagnostic of the fit: iterations, gradient norm, each start' }) diagnostics: Record<string, unknown>;
}

@ObjectType('HoldoutFrequencyGroup')
export class HoldoutFrequencyGroupType {
  @Field(() => Int, { description: 'Repeat purchases in the calibration period (the last group: this and more)' }) frequency: number;
  @Field() orMore: boolean;
  @Field(() => Int) customers: number;
  @Field(() => Float) actualMean: number;
  @Field(() => Float) predictedMean: number;
}

@ObjectType('HoldoutReport', { description: 'Fitted on the orders up to the calibration end, its forecast of the holdout period against what happened' })
export class HoldoutReportType {
  @Field() calibrationEnd: Date;
  @Field(() => Float, { description: 'In the time unit' }) holdoutLength: number;
  @Field(() => Int) customers: number;
  @Field(() => Float) actualTotal: number;
  @Field(() => Float) predictedTotal: number;
  @Field(() => Float) relativeError: number;
  @Field(() => Float) meanAbsoluteError: number;
  @Field(() => Float) rootMeanSquaredError: number;
  @Field(() => Float, { description: 'Per customer, actual vs predicted holdout purchases' }) correlation: number;
  @Field(() => [HoldoutFrequencyGroupType], { description: 'The chart: mean actual vs predicted holdout purchases by calibration frequency' }) byFrequency: HoldoutFrequencyGroupType[];
  @Field(() => GraphQLJSONObject, { description: 'Customers without a repeat purchase in calibration' }) zeroClass: Record<string, number>;
}

@ObjectType('CustomerValueModel', { description: 'What a customer-value version stores: settings, fits, data check and the holdout check' })
export class CustomerValueModelType {
  @Field() asOf: Date;
  @Field({ description: 'days or weeks: the unit of the purchase parameters' }) timeUnit: string;
  @Field(() => Int) horizonDays: number;
  @Field(() => Float) margin: number;
  @Field(() => Float) annualDiscountRate: number;
  @Field(() => Float) churnHorizonDays: number;
  @Field(() => Int) customers: number;
  @Field(() => ValueFitType) purchase: ValueFitType;
  @Field(() => ValueFitType) spend: ValueFitType;
  @Field(() => GraphQLJSONObject, { description: 'The data minimums: facts (customers, repeat customers, history days …) and problems' }) dataCheck: Record<string, unknown>;
  @Field(() => HoldoutReportType, { nullable: true }) holdout: HoldoutReportType | null;
  @Field(() => String, { nullable: true, description: 'Why there is no holdout report' }) holdoutSkipped: string | null;
}

@InputType()
export class CustomerValueInput {
  @Field({ nullable: true, description: 'Read orders before this date (YYYY-MM-DD); default: the day after the last order' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}/) asOf?: string;
  @Field({ nullable: true, description: 'days or weeks (default weeks)' }) @IsOptional() @IsIn(['days', 'weeks']) timeUnit?: 'days' | 'weeks';
  @Field({ nullable: true, description: 'bg-nbd (default) or pareto-nbd' }) @IsOptional() @IsIn(['bg-nbd', 'pareto-nbd']) purchaseModel?: 'bg-nbd' | 'pareto-nbd';
  @Field(() => Int, { nullable: true, description: 'CLV horizon in days (default 365)' }) @IsOptional() @IsInt() @Min(1) @Max(3650) horizonDays?: number;
  @Field(() => Float, { nullable: true, description: 'Share of revenue kept, (0, 1] (default 1: CLV is revenue)' }) @IsOptional() @IsNumber() @Min(0.0001) @Max(1) margin?: number;
  @Field(() => Float, { nullable: true, description: 'Annual discount rate (default 0.1)' }) @IsOptional() @IsNumber() @Min(0) @Max(1) annualDiscountRate?: number;
  @Field(() => Int, { nullable: true, description: 'Churn risk = 1 − P(alive this many days ahead) (default 0: now)' }) @IsOptional() @IsInt() @Min(0) @Max(3650) churnHorizonDays?: number;
  @Field(() => Int, { nullable: true, description: 'Days held out for the holdout check (default 90; 0 = none)' }) @IsOptional() @IsInt() @Min(0) @Max(3650) holdoutDays?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(20) restarts?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647) seed?: number;
  @Field({ nullable: true, description: 'Activate (and score everyone) when it succeeds; default: only when no version is active' }) @IsOptional() @IsBoolean() activate?: boolean;
}

@ObjectType('StartedCustomerValue')
export class StartedCustomerValueType {
  @Field(() => ModelType) model: ModelType;
  @Field(() => ID) jobId: number;
  @Field({ description: 'True when a fit was already queued or running and is returned instead' }) existing: boolean;
}

@ObjectType('ValueScoringStarted')
export class ValueScoringStartedType {
  @Field(() => ID) jobId: number;
  @Field() existing: boolean;
}

@ObjectType('ValueBand')
export class ValueBandType {
  @Field(() => Float) lower: number;
  @Field(() => Float) upper: number;
  @Field(() => Int) customers: number;
}

@ObjectType('SegmentValueProfile', { description: "Predicted CLV and churn risk of a segment's members (stored value scores)" })
export class SegmentValueProfileType {
  @Field(() => Int) members: number;
  @Field(() => Int, { description: 'Members with value scores' }) scored: number;
  @Field(() => Float, { nullable: true }) meanPredictedClv: number | null;
  @Field(() => Float) totalPredictedClv: number;
  @Field(() => Float, { nullable: true }) meanChurnRisk: number | null;
  @Field(() => Float, { nullable: true }) meanProbabilityAlive: number | null;
  @Field(() => [ValueBandType], { description: 'Members by CLV percentile of the whole base, in fifths (0–20 … 80–100)' }) clvPercentileBands: ValueBandType[];
  @Field(() => [ValueBandType], { description: 'Members by churn risk, in fifths (0–0.2 … 0.8–1)' }) churnRiskBands: ValueBandType[];
}
