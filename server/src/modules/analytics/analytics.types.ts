import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('RevenueMonth')
export class RevenueMonthType {
  @Field({ description: 'YYYY-MM (UTC)' }) month: string;
  @Field(() => Float, { description: 'Completed orders minus cancellations' }) revenue: number;
  @Field(() => Int, { description: 'Completed orders' }) orders: number;
  @Field(() => Int, { description: 'Cancellations (returns)' }) cancellations: number;
  @Field({ description: 'True when the data covers only part of the month (it starts or ends inside it, or the from/to bounds cut it): not comparable with whole months' }) partial: boolean;
}

@ObjectType('HistogramBin')
export class HistogramBinType {
  @Field(() => Float, { description: 'Lower edge; in log1p units on a log scale' }) from: number;
  @Field(() => Float, { description: 'Upper edge; the last bin includes the maximum' }) to: number;
  @Field(() => Int) count: number;
}

@ObjectType('FeatureDistribution')
export class FeatureDistributionType {
  @Field() feature: string;
  @Field({ description: 'True when the bins are over log1p(value)' }) logScale: boolean;
  @Field(() => ID, { nullable: true, description: 'The snapshot read; null before the first one' }) snapshotId: number | null;
  @Field(() => Int, { description: 'Customers with a value' }) count: number;
  @Field(() => Int, { description: 'Customers without a value (e.g. no average order value)' }) missing: number;
  @Field(() => Float, { nullable: true }) min: number | null;
  @Field(() => Float, { nullable: true }) max: number | null;
  @Field(() => Float, { nullable: true }) mean: number | null;
  @Field(() => [HistogramBinType]) bins: HistogramBinType[];
}

@ObjectType('FeatureCorrelations')
export class FeatureCorrelationsType {
  @Field(() => [String]) features: string[];
  @Field(() => [[Float]], { description: 'values[i][j]: Pearson r of features i and j; null when undefined (constant column)' , nullable: 'itemsAndList' })
  values: (number | null)[][];
  @Field(() => Int, { description: 'Customers in the snapshot' }) customers: number;
}

@ObjectType('FeatureOutlier')
export class FeatureOutlierType {
  @Field(() => ID) customerId: number;
  @Field() externalId: string;
  @Field(() => Float) value: number;
  @Field(() => Float, { description: '(value − mean) / standard deviation over the snapshot' }) zScore: number;
}

@ObjectType('CohortRetention')
export class CohortRetentionType {
  @Field({ description: 'First-purchase month, YYYY-MM (UTC)' }) cohort: string;
  @Field(() => Int, { description: 'Customers whose first completed order fell in that month' }) customers: number;
  @Field(() => [Float], { description: 'retention[m]: share of the cohort ordering m months later (m = 0 is 1); only months up to the data end' })
  retention: number[];
}

@ObjectType('RfmGroupCount')
export class RfmGroupCountType {
  @Field() group: string;
  @Field(() => Int) customers: number;
}

@ObjectType('SegmentDistance')
export class SegmentDistanceType {
  @Field(() => ID) segmentId: number;
  @Field(() => Int) label: number;
  @Field(() => [Float], { description: 'The centroid in the run’s transformed space' }) centroid: number[];
  @Field(() => Float, { description: 'Euclidean distance from the customer in that space' }) distance: number;
}

@ObjectType('SegmentFit')
export class SegmentFitType {
  @Field(() => ID) runId: number;
  @Field(() => [String], { description: 'Feature names, or PC1..n when the run uses PCA' }) dimensions: string[];
  @Field(() => [Float], { description: 'The customer in the run’s transformed (standardised) space' }) customer: number[];
  @Field(() => [SegmentDistanceType], { description: 'Every segment, nearest first: the first is the assignment' }) segments: SegmentDistanceType[];
}
