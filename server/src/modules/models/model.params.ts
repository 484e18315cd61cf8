import { TRAINING_DEFAULTS } from '@segmenta/shared';
import { AppError } from '../../errors.js';
import type { RandomForestOptions } from '../../ml/forest/index.js';
import { MODEL_KINDS, type ModelKind } from './model-version.entity.js';

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
  kind: ModelKind;
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
}

const T = TRAINING_DEFAULTS;

/** From the shared definition, so the API, the UI's form and the CLI agree. */
export const DEFAULT_HYPERPARAMETERS: ForestHyperparameters = {
  nEstimators: T.nEstimators, maxDepth: T.maxDepth, minSamplesLeaf: T.minSamplesLeaf, minSamplesSplit: T.minSamplesSplit, maxFeatures: T.maxFeatures,
  classWeight: T.classWeight, bootstrap: T.bootstrap, criterion: T.criterion, seed: T.seed,
};

export const DEFAULT_TRAINING: Omit<TrainingParams, 'kind' | 'hyperparameters'> = {
  testFraction: T.testFraction, cvFolds: T.cvFolds, threshold: T.threshold, target: T.target, sentFrom: null, sentTo: null, campaigns: null, permutationRepeats: T.permutationRepeats,
};

const defined = <T extends object>(input: Partial<T> | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Fills defaults and checks every value; each problem names its parameter. */
export function resolveTrainingParams(input: Partial<Omit<TrainingParams, 'hyperparameters'>> & { hyperparameters?: Partial<ForestHyperparameters> }): TrainingParams {
  const bad = (message: string) => new AppError('BAD_USER_INPUT', message);
  if (!input.kind || !MODEL_KINDS.includes(input.kind)) throw bad(`kind must be one of ${MODEL_KINDS.join(', ')}`);
  const h: ForestHyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...defined(input.hyperparameters) };
  const { hyperparameters: _h, ...rest } = input;
  const params: TrainingParams = { ...DEFAULT_TRAINING, ...defined(rest), kind: input.kind, hyperparameters: h };
  const integer = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) throw bad(`${name} must be an integer from ${min} to ${max}`);
  };
  integer('nEstimators', h.nEstimators, 1, 1000);
  if (h.maxDepth !== null) integer('maxDepth', h.maxDepth, 1, 64);
  integer('minSamplesLeaf', h.minSamplesLeaf, 1, 10_000);
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
  return params;
}

/** The forest options of a version: OOB figures are kept whenever bootstrapping. */
export function forestOptions(h: ForestHyperparameters): RandomForestOptions {
  return {
    nEstimators: h.nEstimators, maxDepth: h.maxDepth, minSamplesLeaf: h.minSamplesLeaf, minSamplesSplit: h.minSamplesSplit,
    maxFeatures: h.maxFeatures, classWeight: h.classWeight, bootstrap: h.bootstrap, criterion: h.criterion, seed: h.seed, oobScore: h.bootstrap,
  };
}
