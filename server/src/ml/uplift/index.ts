/*
 * Public surface of the uplift core: meta-learners on the random forest, their JSON form, and
 * held-out evaluation (Qini / uplift curves and AUCs in scikit-uplift's and causalml's
 * normalisations, uplift@k, bootstrap intervals, comparisons with baseline rankings). Pure: no
 * database, GraphQL or module imports. See docs/uplift.md.
 */
export { TLearner, type TLearnerOptions, type TLearnerState } from './t-learner.js';
export { XLearner, type LearnedPropensity, type PropensityOptions, type XLearnerOptions, type XLearnerState } from './x-learner.js';
export { ClassTransformation, checkArmBalance, type ArmBalance, type ClassTransformationOptions, type ClassTransformationState } from './class-transformation.js';
export {
  UPLIFT_FOREST_DEFAULTS,
  type TrainingSummary, type UpliftFitOptions, type UpliftForestOptions, type UpliftLearner, type UpliftModel, type UpliftModelKind,
} from './meta-learners.js';
export {
  UPLIFT_MODEL_FORMAT, UPLIFT_MODEL_FORMAT_VERSION, loadUpliftModel, saveUpliftModel,
  type FittedUpliftModel, type SerializedUpliftModel,
} from './uplift-model-io.js';
export {
  evaluateUplift, metricNames, randomScores, upliftMetrics,
  type Ranking, type RankingComparison, type RankingEvaluation, type UpliftEvaluation, type UpliftEvaluationOptions, type UpliftMetricValues,
} from './uplift-evaluation.js';
export type { BootstrapOptions, Interval } from './uplift-bootstrap.js';
export type { UpliftAtKStrategy } from './uplift-at-k.js';
export { upliftByGroup, type UpliftGroup } from './uplift-by-decile.js';
export { qiniCurve, upliftCurve, perfectQiniCurve, perfectUpliftCurve, cellCounts, type CellCounts, type UpliftCurve } from './uplift-curves.js';
export { rankSample, upliftOutcomes, type RankedSample, type UpliftOutcomes } from './uplift-sample.js';
export { upliftTrainTestSplit } from './uplift-split.js';
