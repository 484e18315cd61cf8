import { SEGMENT_ANSWERS } from '@segmenta/shared';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { SegmentType } from '../segmentation/index.js';
import { AGE_BANDS } from './early-signals.js';
import { MODEL_KINDS } from './model-version.entity.js';

@ObjectType('CurvePoint')
export class CurvePointType {
  @Field(() => Float) x: number;
  @Field(() => Float) y: number;
  @Field(() => Float) threshold: number;
}

@ObjectType('CalibrationBin')
export class CalibrationBinType {
  @Field(() => Float) lower: number;
  @Field(() => Float) upper: number;
  @Field(() => Int) count: number;
  @Field(() => Float) meanPredicted: number;
  @Field(() => Float) fractionPositive: number;
}

@ObjectType('LiftRow')
export class LiftRowType {
  @Field(() => Int, { description: '1 = the highest-scored tenth' }) decile: number;
  @Field(() => Int) count: number;
  @Field(() => Int) positives: number;
  @Field(() => Float) responseRate: number;
  @Field(() => Float) lift: number;
  @Field(() => Float) cumulativeGain: number;
  @Field(() => Float) cumulativeLift: number;
}

@ObjectType('FeatureImportance')
export class FeatureImportanceType {
  @Field() feature: string;
  @Field(() => Float, { nullable: true, description: 'Mean decrease in impurity, normalised to sum to 1' }) impurity: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean drop of the test score (ROC AUC, or accuracy) when the feature is shuffled' }) permutationMean: number | null;
  @Field(() => Float, { nullable: true }) permutationStd: number | null;
}

@ObjectType('ClassMetrics')
export class ClassMetricsType {
  @Field(() => Int) label: number;
  @Field() name: string;
  @Field(() => Float) precision: number;
  @Field(() => Float) recall: number;
  @Field(() => Float) f1: number;
  @Field(() => Int) support: number;
}

@ObjectType('ModelConfusionMatrix')
export class ConfusionMatrixType {
  @Field(() => [Int]) labels: number[];
  @Field(() => [String]) names: string[];
  @Field(() => [[Int]], { description: 'matrix[i][j]: test rows of labels[i] predicted as labels[j]' }) matrix: number[][];
}

@ObjectType('CrossValidation')
export class CrossValidationType {
  @Field(() => Int) folds: number;
  @Field({ description: 'rocAuc (binary) or accuracy (multiclass)' }) metric: string;
  @Field(() => Float, { nullable: true }) mean: number | null;
  @Field(() => Float, { nullable: true }) std: number | null;
  @Field(() => [Float], { nullable: 'items' }) perFold: number[];
}

@ObjectType('ModelEvaluation', { description: 'Computed on the held-out test rows; multiclass figures are macro averages' })
export class ModelEvaluationType {
  @Field({ description: 'binary or multiclass' }) task: string;
  @Field(() => Int) trainingRows: number;
  @Field(() => Int) testRows: number;
  @Field(() => Float, { nullable: true }) threshold: number | null;
  @Field(() => Float, { nullable: true }) positiveRate: number | null;
  @Field(() => Float) accuracy: number;
  @Field(() => Float) precision: number;
  @Field(() => Float) recall: number;
  @Field(() => Float) f1: number;
  @Field(() => Float, { nullable: true }) rocAuc: number | null;
  @Field(() => Float, { nullable: true }) prAuc: number | null;
  @Field(() => Float, { nullable: true }) logLoss: number | null;
  @Field(() => ConfusionMatrixType) confusionMatrix: ConfusionMatrixType;
  @Field(() => [ClassMetricsType]) perClass: ClassMetricsType[];
  @Field(() => [CurvePointType], { description: 'x = false positive rate, y = true positive rate' }) rocCurve: CurvePointType[];
  @Field(() => [CurvePointType], { description: 'x = recall, y = precision, by increasing threshold' }) prCurve: CurvePointType[];
  @Field(() => [CalibrationBinType]) calibration: CalibrationBinType[];
  @Field(() => [LiftRowType]) lift: LiftRowType[];
  @Field(() => [FeatureImportanceType]) featureImportance: FeatureImportanceType[];
  @Field(() => Float, { nullable: true, description: 'Out-of-bag accuracy on the training rows' }) oobScore: number | null;
  @Field(() => CrossValidationType, { nullable: true }) crossValidation: CrossValidationType | null;
}

@ObjectType('ForestHyperparameters')
export class HyperparametersType {
  @Field(() => Int) nEstimators: number;
  @Field(() => Int, { nullable: true }) maxDepth: number | null;
  @Field(() => Int) minSamplesLeaf: number;
  @Field(() => Int) minSamplesSplit: number;
  @Field({ description: 'sqrt, log2, all, or a count' }) maxFeatures: string;
  @Field(() => String, { nullable: true }) classWeight: string | null;
  @Field() bootstrap: boolean;
  @Field() criterion: string;
  @Field(() => Int) seed: number;
}

@ObjectType('Model', { description: 'One trained version of a predictive model' })
export class ModelType {
  @Field(() => ID) id: number;
  @Field({ description: 'response, segment, customer-value or uplift' }) kind: string;
  @Field(() => Int, { nullable: true, description: '1, 2, 3… per kind; set when training succeeds' }) version: number | null;
  @Field({ description: 'queued, running, succeeded, failed or cancelled' }) status: string;
  @Field(() => ID, { nullable: true }) jobId: number | null;
  @Field(() => GraphQLJSONObject, { description: 'Every training parameter, seed included: enough to reproduce the version' }) params: Record<string, unknown>;
  @Field(() => Date, { nullable: true, description: 'First send time (response) or first order (segment) of the training data' }) windowStart: Date | null;
  @Field(() => Date, { nullable: true }) windowEnd: Date | null;
  @Field(() => Int) trainingRows: number;
  @Field(() => Int) testRows: number;
  @Field(() => ID, { nullable: true, description: 'Segment classifier: the segmentation whose segments it predicts' }) segmentationRunId: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) dataSummary: Record<string, unknown> | null;
  @Field(() => [String], { nullable: true }) featureNames: string[] | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('StartedTraining')
export class StartedTrainingType {
  @Field(() => ModelType) model: ModelType;
  @Field({ description: 'True when a training of this kind was already queued or running and is returned instead' }) existing: boolean;
}

@ObjectType('ActiveModel')
export class ActiveModelType {
  @Field() kind: string;
  @Field(() => ID) modelId: number;
  @Field(() => ID, { nullable: true }) previousModelId: number | null;
  @Field(() => Int, { description: 'How many times this kind was activated' }) activations: number;
  @Field() activatedAt: Date;
  @Field(() => String, { nullable: true }) activatedBy: string | null;
}

@ObjectType('ScoringStarted')
export class ScoringStartedType {
  @Field(() => ID) jobId: number;
  @Field() existing: boolean;
}

@ObjectType('CustomerScore', { description: 'One customer\'s scores from the active models, computed on request' })
export class CustomerScoreType {
  @Field(() => ID, { nullable: true, description: 'Segmenta\'s customer id (null when scored from feature values)', deprecationReason: 'Use id (the same internal id) or externalId' }) customerId: number | null;
  @Field(() => ID, { nullable: true, description: 'Segmenta\'s customer id (null when scored from feature values)' })
  get id(): number | null { return this.customerId; }
  @Field(() => String, { nullable: true, description: 'The customer\'s id in the source system (null when scored from feature values)' }) externalId?: string | null;
  @Field(() => Date, { nullable: true, description: 'As-of date of the features read from the database' }) asOf: Date | null;
  @Field(() => Float, { nullable: true }) responseProbability: number | null;
  @Field(() => ModelType, { nullable: true, description: 'The response model version that answered' }) responseModel: ModelType | null;
  @Field(() => SegmentType, { nullable: true, description: `${SEGMENT_ANSWERS.predicted.title}: ${SEGMENT_ANSWERS.predicted.explanation} The segment the customer is in is Customer.segment (classifyCustomer).` }) predictedSegment: SegmentType | null;
  @Field(() => Float, { nullable: true }) predictedSegmentProbability: number | null;
  @Field(() => Boolean, { nullable: true, description: 'False when the classifier predicts segments of a segmentation that is no longer live' }) predictedSegmentIsLive: boolean | null;
  @Field(() => ModelType, { nullable: true, description: 'The segment classifier version that answered' }) segmentModel: ModelType | null;
  @Field({ description: 'e.g. "response:v3 segment:v2"' }) modelVersions: string;
}

@InputType()
export class TrainModelInput {
  @Field({ description: 'response, segment or uplift' }) @IsIn(['response', 'segment', 'uplift']) kind: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1000) nEstimators?: number;
  @Field(() => Int, { nullable: true, description: 'Leave empty for the default (12); 0 for unlimited' }) @IsOptional() @IsInt() @Min(0) @Max(64) maxDepth?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(10_000) minSamplesLeaf?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(2) @Max(10_000) minSamplesSplit?: number;
  @Field({ nullable: true, description: 'Features drawn at each split: sqrt, log2, all, or a count' }) @IsOptional() @Matches(/^(sqrt|log2|all|[1-9]\d?)$/) maxFeatures?: string;
  @Field({ nullable: true, description: 'none, balanced or balancedSubsample' }) @IsOptional() @IsIn(['none', 'balanced', 'balancedSubsample']) classWeight?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() bootstrap?: boolean;
  @Field({ nullable: true, description: 'gini or entropy' }) @IsOptional() @IsIn(['gini', 'entropy']) criterion?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647) seed?: number;
  @Field(() => Float, { nullable: true, description: 'Held-out share for the evaluation (0.05–0.5)' }) @IsOptional() @IsNumber() @Min(0.05) @Max(0.5) testFraction?: number;
  @Field(() => Int, { nullable: true, description: 'Cross-validation folds (2–10), 0 for none' }) @IsOptional() @IsInt() @Min(0) @Max(10) cvFolds?: number;
  @Field(() => Float, { nullable: true, description: 'Decision threshold of the binary metrics' }) @IsOptional() @IsNumber() @Min(0.01) @Max(0.99) threshold?: number;
  @Field({ nullable: true, description: 'Response model label: responded (default) or converted' }) @IsOptional() @IsIn(['responded', 'converted']) target?: string;
  @Field({ nullable: true, description: 'Outcomes sent on or after this date (YYYY-MM-DD)' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) sentFrom?: string;
  @Field({ nullable: true, description: 'Outcomes sent before this date (YYYY-MM-DD)' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) sentTo?: string;
  @Field(() => [String], { nullable: true, description: 'Only these campaigns' }) @IsOptional() @ArrayMaxSize(500) @Length(1, 64, { each: true }) campaigns?: string[];
  @Field({ nullable: true, description: 'Uplift model: t (T-learner, default), x (X-learner) or class-transformation' }) @IsOptional() @IsIn(['t', 'x', 'class-transformation']) learner?: string;
  @Field({ nullable: true, description: 'Uplift model, class transformation: reweight (default) or refuse when the arms are not balanced' }) @IsOptional() @IsIn(['reweight', 'refuse']) whenUnbalanced?: string;
  @Field(() => Int, { nullable: true, description: 'Uplift model: bootstrap replicates of the evaluation intervals (10–2000, default 200)' }) @IsOptional() @IsInt() @Min(10) @Max(2000) bootstrapReplicates?: number;
}

@InputType()
export class ScoreFeaturesInput {
  @Field(() => Float, { nullable: true }) recencyDays?: number;
  @Field(() => Float, { nullable: true }) frequency?: number;
  @Field(() => Float, { nullable: true }) monetary?: number;
  @Field(() => Float, { nullable: true }) avgOrderValue?: number;
  @Field(() => Float, { nullable: true }) tenureDays?: number;
  @Field(() => Float, { nullable: true }) returns?: number;
  @Field(() => Float, { nullable: true }) sessions?: number;
  @Field(() => Float, { nullable: true }) productViews?: number;
  @Field(() => Float, { nullable: true }) cartAdds?: number;
  @Field(() => Float, { nullable: true }) priorContacts?: number;
  @Field(() => Float, { nullable: true }) priorResponses?: number;
  @Field(() => Float, { nullable: true, description: 'Early signal: value of the first order' }) firstOrderValue?: number;
  @Field(() => Float, { nullable: true }) firstOrderItems?: number;
  @Field(() => Float, { nullable: true }) firstOrderLines?: number;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) country?: string;
  @Field({ nullable: true, description: `One of ${AGE_BANDS.join(', ')}` }) @IsOptional() @IsIn([...AGE_BANDS]) ageBand?: string;
  @Field(() => Float, { nullable: true }) sessionsBefore?: number;
  @Field(() => Float, { nullable: true }) productViewsBefore?: number;
  @Field(() => Float, { nullable: true }) cartAddsBefore?: number;
}

@InputType()
export class ModelFilter {
  @Field({ nullable: true }) @IsOptional() @IsIn([...MODEL_KINDS]) kind?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn(['queued', 'running', 'succeeded', 'failed', 'cancelled']) status?: string;
}
