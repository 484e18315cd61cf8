import { TRAINING_DEFAULTS } from '@segmenta/shared';
import { AppError } from '../../errors.js';
import type { RandomForestOptions } from '../../ml/forest/index.js';
import { FOREST_MODEL_KINDS, type ForestModelKind } from './model-version.entity.js';

/** The forest's hyperparameters as a model version stores them (seed included). */
export interface ForestHyperparameters {
  nEstimators: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** 'sqrt', 'log2', 'all', or a count of features drawn at each split. */
  maxFeatures: 'sqrt' | 'log2' | 'all' | number;
  classWeight: null | 'balanced' | 'balancedSubsample';
  bootstrap: boolean;
  criterion: 'gini' | 'entropy';
  seed: number;
}

export interface TrainingParams {
  kind: ForestModelKind;
  hyperparameters: ForestHyperparameters;
  /** Share of rows held out (stratified) for the stored evaluation. */
  testFraction: number;
  /** Stratified k-fold cross-validation on the training part; 0 = none. */
  cvFolds: number;
  /** Probability from which a response counts as predicted (binary metrics and confusion matrix). */
  threshold: number;
  /** Response model: which outcome is the label. */
  target: 'responded' | 'converted';
  /** Response model: outcomes sent in [sentFrom, sentTo), and/or of these campaigns only. */
  sentFrom: string | null;
  sentTo: string | null;
  campaigns: string[] | null;
  permutationRepeats: number;
  /** Uplift model: the meta-learner (t = one forest per arm, x = X-learner, class-transformation = one forest on the transformed label). */
  learner: UpliftLearnerChoice;
  /** Uplift model, class transformation only: what to do when the arms are not balanced (treated share outside 0.45–0.55). */
  whenUnbalanced: 'reweight' | 'refuse';
  /** Uplift model: bootstrap replicates of the stored evaluation's intervals. */
  bootstrapReplicates: number;
}

export type UpliftLearnerChoice = 't' | 'x' | 'class-transformation';
export const UPLIFT_LEARNERS: readonly UpliftLearnerChoice[] = ['t', 'x', 'class-transformation'];

/**
 * Uplift forests are shallower with larger leaves (a share of the rows, < 1) than the response
 * model's: uplift is a small difference of two noisy rates (docs/uplift.md).
 */
export const UPLIFT_HYPERPARAMETERS: Partial<ForestHyperparameters> = { maxDepth: 8, minSamplesLeaf: 0.005 };

const T = TRAINING_DEFAULTS;

/** From the shared definition, so the API, the UI's form and the CLI agree. */
export const DEFAULT_HYPERPARAMETERS: ForestHyperparameters = {
  nEstimators: T.nEstimators, maxDepth: T.maxDepth, minSamplesLeaf: T.minSamplesLeaf, minSamplesSplit: T.minSamplesSplit, maxFeatures: T.maxFeatures,
  classWeight: T.classWeight, bootstrap: T.bootstrap, criterion: T.criterion, seed: T.seed,
};

export const DEFAULT_TRAINING: Omit<TrainingParams, 'kind' | 'hyperparameters'> = {
  testFraction: T.testFraction, cvFolds: T.cvFolds, threshold: T.threshold, target: T.target, sentFrom: null, sentTo: null, campaigns: null, permutationRepeats: T.permutationRepeats,
  learner: 't', whenUnbalanced: 'reweight', bootstrapReplicates: 200,
};

const defined = <T extends object>(input: Partial<T> | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Fills defaults and checks every value; each problem names its parameter. */
export function resolveTrainingParams(input: Partial<Omit<TrainingParams, 'hyperparameters'>> & { hyperparameters?: Partial<ForestHyperparameters> }): TrainingParams {
  const bad = (message: string) => new AppError('BAD_USER_INPUT', message);
  if (!input.kind || !FOREST_MODEL_KINDS.includes(input.kind)) throw bad(`kind must be one of ${FOREST_MODEL_KINDS.join(', ')}`);
  const h: ForestHyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...(input.kind === 'uplift' ? UPLIFT_HYPERPARAMETERS : {}), ...defined(input.hyperparameters) };
  const { hyperparameters: _h, ...rest } = input;
  const params: TrainingParams = { ...DEFAULT_TRAINING, ...defined(rest), kind: input.kind, hyperparameters: h };
  const integer = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) throw bad(`${name} must be an integer from ${min} to ${max}`);
  };
  integer('nEstimators', h.nEstimators, 1, 1000);
  if (h.maxDepth !== null) integer('maxDepth', h.maxDepth, 1, 64);
  // An uplift forest's leaf may be a share of the rows (0.005 = 0.5 %), as the uplift learners take it.
  if (!(params.kind === 'uplift' && h.minSamplesLeaf > 0 && h.minSamplesLeaf < 0.5)) integer('minSamplesLeaf', h.minSamplesLeaf, 1, 10_000);
  integer('minSamplesSplit', h.minSamplesSplit, 2, 10_000);
  integer('seed', h.seed, 0, 2_147_483_647);
  if (typeof h.maxFeatures === 'number') integer('maxFeatures', h.maxFeatures, 1, 64);
  else if (!['sqrt', 'log2', 'all'].includes(h.maxFeatures)) throw bad(`maxFeatures must be sqrt, log2, all or a count`);
  if (h.classWeight !== null && !['balanced', 'balancedSubsample'].includes(h.classWeight)) throw bad('classWeight must be balanced, balancedSubsample or null');
  if (!['gini', 'entropy'].includes(h.criterion)) throw bad('criterion must be gini or entropy');
  if (typeof h.bootstrap !== 'boolean') throw bad('bootstrap must be true or false');
  if (!(params.testFraction >= 0.05 && params.testFraction <= 0.5)) throw bad('testFraction must be from 0.05 to 0.5');
  if (params.cvFolds !== 0) integer('cvFolds', params.cvFolds, 2, 10);
  if (!(params.threshold > 0 && params.threshold < 1)) throw bad('threshold must be in (0, 1)');
  if (!['responded', 'converted'].includes(params.target)) throw bad('target must be responded or converted');
  for (const name of ['sentFrom', 'sentTo'] as const) {
    if (params[name] !== null && Number.isNaN(Date.parse(params[name]!))) throw bad(`${name} must be a date (YYYY-MM-DD)`);
  }
  if (params.sentFrom && params.sentTo && Date.parse(params.sentFrom) >= Date.parse(params.sentTo)) throw bad('sentFrom must be before sentTo');
  integer('permutationRepeats', params.permutationRepeats, 1, 20);
  if (!UPLIFT_LEARNERS.includes(params.learner)) throw bad(`learner must be one of ${UPLIFT_LEARNERS.join(', ')}`);
  if (!['reweight', 'refuse'].includes(params.whenUnbalanced)) throw bad('whenUnbalanced must be reweight or refuse');
  integer('bootstrapReplicates', params.bootstrapReplicates, 10, 2000);
  return params;
}

/** The forest options of a version: OOB figures are kept whenever bootstrapping. */
export function forestOptions(h: ForestHyperparameters): RandomForestOptions {
  return {
    nEstimators: h.nEstimators, maxDepth: h.maxDepth, minSamplesLeaf: h.minSamplesLeaf, minSamplesSplit: h.minSamplesSplit,
    maxFeatures: h.maxFeatures, classWeight: h.classWeight, bootstrap: h.bootstrap, criterion: h.criterion, seed: h.seed, oobScore: h.bootstrap,
  };
}
