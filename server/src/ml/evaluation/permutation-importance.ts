import type { FeatureMatrix } from '../forest/feature-matrix.js';
import { SeededRandom, deriveSeed } from '../forest/random.js';
import { MlInputError } from '../errors.js';

export interface PermutationImportanceOptions {
  /** Shuffles per feature. Default 5 (scikit-learn's default). */
  nRepeats?: number;
  seed?: number;
}

export interface PermutationImportance {
  baselineScore: number;
  /** Per feature: mean over repeats of (baseline − score with the feature shuffled). */
  importancesMean: Float64Array;
  importancesStd: Float64Array;
  /** nFeatures × nRepeats raw decreases, row-major. */
  importances: Float64Array;
}

/**
 * Model-agnostic permutation importance (Breiman 2001; scikit-learn's `permutation_importance`):
 * shuffle one column, re-score, and record how much the score drops. `score` maps a matrix to a
 * figure where larger is better (e.g. ROC AUC of the model's probabilities on held-out labels).
 * Shuffle j of feature f uses seed deriveSeed(deriveSeed(seed, f), j), so results do not depend
 * on the order in which features are evaluated.
 */
export function permutationImportance(X: FeatureMatrix, score: (matrix: FeatureMatrix) => number, options: PermutationImportanceOptions = {}): PermutationImportance {
  const nRepeats = options.nRepeats ?? 5;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new MlInputError(`nRepeats must be a positive integer, got ${nRepeats}`);
  const { nRows, nFeatures } = X;
  const baselineScore = score(X);
  const working = Float64Array.from(X.data);
  const matrix: FeatureMatrix = { data: working, nRows, nFeatures };
  const column = new Float64Array(nRows);
  const importances = new Float64Array(nFeatures * nRepeats);
  const importancesMean = new Float64Array(nFeatures);
  const importancesStd = new Float64Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    for (let r = 0; r < nRows; r++) column[r] = X.data[r * nFeatures + f];
    for (let j = 0; j < nRepeats; j++) {
      const shuffled = new SeededRandom(deriveSeed(deriveSeed(seed, f), j)).shuffle(Float64Array.from(column));
      for (let r = 0; r < nRows; r++) working[r * nFeatures + f] = shuffled[r];
      importances[f * nRepeats + j] = baselineScore - score(matrix);
    }
    for (let r = 0; r < nRows; r++) working[r * nFeatures + f] = column[r];
    let mean = 0;
    for (let j = 0; j < nRepeats; j++) mean += importances[f * nRepeats + j];
    mean /= nRepeats;
    let variance = 0;
    for (let j = 0; j < nRepeats; j++) variance += (importances[f * nRepeats + j] - mean) ** 2;
    importancesMean[f] = mean;
    // Population standard deviation, as numpy's std (ddof=0) in scikit-learn.
    importancesStd[f] = Math.sqrt(variance / nRepeats);
  }
  return { baselineScore, importancesMean, importancesStd, importances };
}
