import type { SplitCriterion, TreeGrowthParams } from './tree-builder.js';
import { MlInputError } from '../errors.js';

/**
 * Hyperparameters, named after scikit-learn's RandomForestClassifier. They are stored
 * unchanged on the model (and in its saved form) so a run can be reproduced exactly.
 */
export interface RandomForestOptions {
  /** Number of trees. Default 100. */
  nEstimators?: number;
  /** 'gini' (default) or 'entropy' (information gain, log base 2). */
  criterion?: SplitCriterion;
  /** Maximum depth (root = 0); null for unlimited. Default null. */
  maxDepth?: number | null;
  /** A node with fewer distinct rows is not split. Integer ≥ 2, or a fraction in (0, 1) of the rows. Default 2. */
  minSamplesSplit?: number;
  /** Each child keeps at least this many distinct rows. Integer ≥ 1, or a fraction in (0, 1). Default 1. */
  minSamplesLeaf?: number;
  /**
   * Features drawn for EACH split (not per tree): 'sqrt' (default), 'log2', 'all', an integer
   * count ≥ 1, or a fraction in (0, 1) of the features.
   */
  maxFeatures?: 'sqrt' | 'log2' | 'all' | number;
  /** Draw a bootstrap sample per tree (default true); otherwise every tree sees every row. */
  bootstrap?: boolean;
  /** Bootstrap draws per tree: an integer, or a fraction in (0, 1] of the rows. Default: all rows. */
  maxSamples?: number | null;
  /**
   * null (default), 'balanced' (n / (nClasses · count of the class), over the whole training set),
   * 'balancedSubsample' (the same, recomputed on each bootstrap sample), or a weight per class label.
   */
  classWeight?: null | 'balanced' | 'balancedSubsample' | Readonly<Record<string, number>>;
  /** Keep out-of-bag probabilities and accuracy (needs bootstrap). Default false. */
  oobScore?: boolean;
  /** Histogram bins per feature, 2..255. Default 255. */
  maxBins?: number;
  /** Seed of every random choice (bootstrap, feature draws, binning sample). Default 0. */
  seed?: number;
}

export type ResolvedForestOptions = Required<Omit<RandomForestOptions, 'maxDepth' | 'maxSamples' | 'classWeight'>> & {
  maxDepth: number | null;
  maxSamples: number | null;
  classWeight: RandomForestOptions['classWeight'];
};

export const DEFAULT_FOREST_OPTIONS: ResolvedForestOptions = {
  nEstimators: 100,
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  bootstrap: true,
  maxSamples: null,
  classWeight: null,
  oobScore: false,
  maxBins: 255,
  seed: 0,
};

/** Defaults filled in and every value checked; throws MlInputError with the offending name. */
export function withDefaults(options: RandomForestOptions): ResolvedForestOptions {
  const merged: ResolvedForestOptions = { ...DEFAULT_FOREST_OPTIONS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  const positiveInteger = (name: string, value: number, min: number): void => {
    if (!Number.isInteger(value) || value < min) throw new MlInputError(`${name} must be an integer ≥ ${min}, got ${value}`);
  };
  positiveInteger('nEstimators', merged.nEstimators, 1);
  if (merged.maxDepth !== null) positiveInteger('maxDepth', merged.maxDepth, 1);
  if (merged.criterion !== 'gini' && merged.criterion !== 'entropy') throw new MlInputError(`criterion must be 'gini' or 'entropy', got ${merged.criterion}`);
  if (!Number.isInteger(merged.seed)) throw new MlInputError(`seed must be an integer, got ${merged.seed}`);
  if (!Number.isInteger(merged.maxBins) || merged.maxBins < 2 || merged.maxBins > 255) throw new MlInputError(`maxBins must be in [2, 255], got ${merged.maxBins}`);
  if (merged.oobScore && !merged.bootstrap) throw new MlInputError('oobScore needs bootstrap: true');
  if (merged.maxSamples !== null && !merged.bootstrap) throw new MlInputError('maxSamples needs bootstrap: true');
  const countOrFraction = (name: string, value: number, minCount: number): void => {
    const ok = (value > 0 && value < 1) || (Number.isInteger(value) && value >= minCount);
    if (!ok) throw new MlInputError(`${name} must be an integer ≥ ${minCount} or a fraction in (0, 1), got ${value}`);
  };
  countOrFraction('minSamplesSplit', merged.minSamplesSplit, 2);
  countOrFraction('minSamplesLeaf', merged.minSamplesLeaf, 1);
  if (typeof merged.maxFeatures === 'number') countOrFraction('maxFeatures', merged.maxFeatures, 1);
  else if (!['sqrt', 'log2', 'all'].includes(merged.maxFeatures)) throw new MlInputError(`maxFeatures must be 'sqrt', 'log2', 'all' or a number, got ${merged.maxFeatures}`);
  if (merged.maxSamples !== null && !((merged.maxSamples > 0 && merged.maxSamples <= 1) || (Number.isInteger(merged.maxSamples) && merged.maxSamples >= 1))) {
    throw new MlInputError(`maxSamples must be an integer ≥ 1 or a fraction in (0, 1], got ${merged.maxSamples}`);
  }
  const cw = merged.classWeight;
  if (cw !== null && cw !== undefined && cw !== 'balanced' && cw !== 'balancedSubsample') {
    if (typeof cw !== 'object') throw new MlInputError(`classWeight must be null, 'balanced', 'balancedSubsample' or a map, got ${String(cw)}`);
    for (const [label, weight] of Object.entries(cw)) {
      if (!(Number.isFinite(weight) && weight >= 0)) throw new MlInputError(`classWeight[${label}] must be a finite weight ≥ 0, got ${weight}`);
    }
  }
  return merged;
}

/** scikit-learn's rules for turning maxFeatures / min-samples fractions into counts. */
export function resolveTreeParams(options: ResolvedForestOptions, nRows: number, nFeatures: number): TreeGrowthParams {
  const mf = options.maxFeatures;
  let maxFeatures: number;
  if (mf === 'sqrt') maxFeatures = Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  else if (mf === 'log2') maxFeatures = Math.max(1, Math.floor(Math.log2(nFeatures)));
  else if (mf === 'all') maxFeatures = nFeatures;
  else if (mf < 1) maxFeatures = Math.max(1, Math.floor(mf * nFeatures));
  else maxFeatures = Math.min(mf, nFeatures);
  const fractionOrCount = (value: number, min: number): number => (value < 1 ? Math.max(min, Math.ceil(value * nRows)) : value);
  return {
    criterion: options.criterion,
    maxDepth: options.maxDepth ?? Infinity,
    minSamplesLeaf: fractionOrCount(options.minSamplesLeaf, 1),
    minSamplesSplit: fractionOrCount(options.minSamplesSplit, 2),
    maxFeatures,
  };
}

/** Bootstrap draws per tree (scikit-learn's `_get_n_samples_bootstrap`). */
export function bootstrapSampleCount(options: ResolvedForestOptions, nRows: number): number {
  const ms = options.maxSamples;
  if (ms === null) return nRows;
  if (Number.isInteger(ms) && ms > 1) {
    if (ms > nRows) throw new MlInputError(`maxSamples ${ms} exceeds the ${nRows} training rows`);
    return ms;
  }
  return Math.max(1, Math.round(ms * nRows));
}
