import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { SEGMENTATION_FEATURES } from './segmentation.params.js';

const FEATURES = Object.keys(SEGMENTATION_FEATURES);

@InputType()
export class WinsorizeInput {
  @Field(() => Float) @Min(0) @Max(0.49) lower: number;
  @Field(() => Float) @Min(0.51) @Max(1) upper: number;
}

@InputType()
export class PcaInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(10) components?: number;
  @Field(() => Float, { nullable: true, description: 'Keep the fewest components explaining more than this share of variance' }) @IsOptional() @IsNumber() @Min(0.01) @Max(0.99) varianceTarget?: number;
}

@InputType()
export class StartSegmentationInput {
  @Field(() => [String], { nullable: true, description: `Any of ${FEATURES.join(', ')}` }) @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(10) @IsIn(FEATURES, { each: true }) features?: string[];
  @Field(() => [String], { nullable: true, description: 'Features to log1p before scaling' }) @IsOptional() @ArrayMaxSize(10) @IsIn(FEATURES, { each: true }) log1p?: string[];
  @Field(() => WinsorizeInput, { nullable: true }) @IsOptional() @ValidateNested() winsorize?: WinsorizeInput;
  @Field({ nullable: true, description: 'Turn winsorising off' }) @IsOptional() noWinsorize?: boolean;
  @Field(() => PcaInput, { nullable: true }) @IsOptional() @ValidateNested() pca?: PcaInput;
  @Field({ nullable: true, description: 'kmeans (default) or hierarchical' }) @IsOptional() @IsIn(['kmeans', 'hierarchical']) algorithm?: string;
  @Field({ nullable: true, description: 'ward (default), average or complete' }) @IsOptional() @IsIn(['ward', 'average', 'complete']) linkage?: string;
  @Field(() => Int, { nullable: true, description: 'A fixed k; leave empty to choose k over kMin..kMax' }) @IsOptional() @IsInt() @Min(2) @Max(50) k?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(2) @Max(30) kMin?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(2) @Max(30) kMax?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(50) nInit?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647) seed?: number;
  @Field({ nullable: true, description: 'lloyd, mini-batch, or auto (mini-batch above 500,000 customers)' }) @IsOptional() @IsIn(['lloyd', 'mini-batch', 'auto']) kmeansMode?: string;
  @Field({ nullable: true, description: 'Features as of this date (YYYY-MM-DD); default: the day after the last order' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) asOf?: string;
}

@ObjectType('KCandidate')
export class KCandidateType {
  @Field(() => Int) k: number;
  @Field(() => Float) inertia: number;
  @Field(() => Float) silhouette: number;
  @Field(() => Int) silhouetteSampleSize: number;
  @Field(() => Float) daviesBouldin: number;
  @Field(() => Float) calinskiHarabasz: number;
}

@ObjectType('KSelection')
export class KSelectionType {
  @Field(() => [KCandidateType]) candidates: KCandidateType[];
  @Field(() => Int, { nullable: true }) elbowK: number | null;
  @Field(() => Int) recommendedK: number;
  @Field() reason: string;
}

@ObjectType('SegmentationMetrics')
export class SegmentationMetricsType {
  @Field(() => Float) silhouette: number;
  @Field(() => Int) silhouetteSampleSize: number;
  @Field(() => Float) daviesBouldin: number;
  @Field(() => Float) calinskiHarabasz: number;
  @Field(() => Float) inertia: number;
}

@ObjectType('SegmentationRun')
export class SegmentationRunType {
  @Field(() => ID) id: number;
  @Field() dataSet: string;
  @Field({ description: 'queued, running, succeeded, failed or cancelled' }) status: string;
  @Field() algorithm: string;
  @Field(() => GraphQLJSONObject, { description: 'Every parameter, seed included: enough to reproduce the run' }) params: Record<string, unknown>;
  @Field(() => ID, { nullable: true }) jobId: number | null;
  @Field(() => ID, { nullable: true }) snapshotId: number | null;
  @Field(() => Int, { nullable: true }) k: number | null;
  @Field(() => KSelectionType, { nullable: true }) kSelection: KSelectionType | null;
  @Field(() => SegmentationMetricsType, { nullable: true }) metrics: SegmentationMetricsType | null;
  @Field(() => String, { nullable: true }) modelVersion: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Top of the tree (hierarchical runs): merges and collapsed leaves' }) dendrogram: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Sample of customers on two principal axes: [{index, x, y, label}]' }) projection: unknown;
  @Field(() => Int) customerCount: number;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('Segment')
export class SegmentType {
  @Field(() => ID) id: number;
  @Field(() => ID) runId: number;
  @Field(() => Int) label: number;
  @Field(() => Int) size: number;
  @Field(() => Float) revenueShare: number;
  @Field(() => Float) shareOfCustomers: number;
  @Field(() => GraphQLJSONObject, { description: 'Feature → mean in original units' }) centroid: Record<string, number>;
  @Field(() => [Float], { description: 'The centroid in the transformed space' }) centroidStandardised: number[];
  @Field(() => GraphQLJSONObject, { description: 'Means, medians, RFM scores, top categories, countries, age bands, browsing' }) profile: Record<string, unknown>;
}

/** Where the live segmentation places a customer; the personas module adds the segment's `persona`. */
@ObjectType('Classification')
export class ClassificationType {
  @Field(() => ID) runId: number;
  @Field() modelVersion: string;
  @Field(() => SegmentType) segment: SegmentType;
}

@ObjectType('StartedSegmentation')
export class StartedSegmentationType {
  @Field(() => SegmentationRunType) run: SegmentationRunType;
  @Field({ description: 'True when a run of this data set was already queued or running and is returned instead' }) existing: boolean;
}

@ObjectType('RunComparison')
export class RunComparisonType {
  @Field(() => Int) customersCompared: number;
  @Field(() => Float) adjustedRandIndex: number;
  @Field(() => [Int]) fromLabels: number[];
  @Field(() => [Int]) toLabels: number[];
  @Field(() => [[Int]], { description: 'counts[i][j]: customers in fromLabels[i] then toLabels[j]' }) counts: number[][];
}

@ObjectType('LiveSegmentation')
export class LiveSegmentationType {
  @Field() dataSet: string;
  @Field(() => ID) runId: number;
  @Field(() => Int) version: number;
  @Field() activatedAt: Date;
  @Field(() => String, { nullable: true }) activatedBy: string | null;
}

@InputType()
export class FeatureValuesInput {
  @Field(() => Float, { nullable: true }) recencyDays?: number;
  @Field(() => Float, { nullable: true }) frequency?: number;
  @Field(() => Float, { nullable: true }) monetary?: number;
  @Field(() => Float, { nullable: true }) avgOrderValue?: number;
  @Field(() => Float, { nullable: true }) tenureDays?: number;
  @Field(() => Float, { nullable: true }) meanDaysBetweenOrders?: number;
  @Field(() => Float, { nullable: true }) returnRate?: number;
  @Field(() => Float, { nullable: true }) sessions?: number;
  @Field(() => Float, { nullable: true }) productViews?: number;
  @Field(() => Float, { nullable: true }) cartAdds?: number;
}
