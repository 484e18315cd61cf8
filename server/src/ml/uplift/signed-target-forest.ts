/**
 * Regression of a target in [−1, 1] (the X-learner's imputed treatment effects) with the
 * classification forest, so the X-learner needs no second tree implementation.
 *
 * Each row is written twice: once labelled 1 with weight (1 + d)/2 and once labelled 0 with
 * weight (1 − d)/2. For two classes the forest's Gini proxy Σ_k L_k²/w_L + Σ_k R_k²/w_R then
 * equals 2·(S_L²/w_L + S_R²/w_R) + const, with S the weighted sum of (1 + d)/2 — the proxy a
 * squared-error regression tree maximises — and a leaf's class-1 share is the weighted mean of
 * (1 + d)/2. So the forest is a least-squares regression forest, and P(1) − P(0) estimates E[d | x].
 * Differences from a regression forest: the two copies of a row are drawn into a tree's bootstrap
 * independently, and minSamplesLeaf / minSamplesSplit / maxSamples counts are doubled here so
 * that they still count customers.
 *
 * The copy that d's sign points to (label 1 for d ≥ 0, else label 0) goes first. Negating every
 * d then gives the same rows, weights and bootstrap draws with the labels exchanged, so the forest
 * predicts exactly −(its prediction) wherever d ≠ 0 (the X-learner keeps d away from 0).
 */
import type { FeatureMatrix } from '../forest/feature-matrix.js';
import type { RandomForestOptions } from '../forest/forest-options.js';
import type { RandomForestClassifier } from '../forest/random-forest.js';
import { invalidInput } from '../matrix.js';
import { fitForest, type UpliftFitOptions } from './meta-learners.js';

/** Counts of rows become counts of row copies; fractions stay fractions. */
function perCopyOptions(options: RandomForestOptions): RandomForestOptions {
  const out = { ...options };
  if (options.minSamplesLeaf !== undefined && options.minSamplesLeaf >= 1) out.minSamplesLeaf = options.minSamplesLeaf * 2;
  if (options.minSamplesSplit !== undefined && options.minSamplesSplit >= 1) out.minSamplesSplit = options.minSamplesSplit * 2;
  if (options.maxSamples !== undefined && options.maxSamples !== null && options.maxSamples > 1) out.maxSamples = options.maxSamples * 2;
  return out;
}

export async function fitSignedTargetForest(
  options: RandomForestOptions,
  X: FeatureMatrix,
  target: ArrayLike<number>,
  stage: string,
  fitOptions: UpliftFitOptions,
): Promise<RandomForestClassifier> {
  const { nRows, nFeatures } = X;
  if (target.length !== nRows) throw invalidInput(`target has ${target.length} values for ${nRows} rows`);
  const data = new Float64Array(2 * nRows * nFeatures);
  const labels = new Uint8Array(2 * nRows);
  const weights = new Float64Array(2 * nRows);
  for (let row = 0; row < nRows; row++) {
    const d = target[row];
    if (!(d >= -1 && d <= 1)) throw invalidInput(`target[${row}] must be in [−1, 1], got ${d}`);
    const features = X.data.subarray(row * nFeatures, (row + 1) * nFeatures);
    data.set(features, 2 * row * nFeatures);
    data.set(features, (2 * row + 1) * nFeatures);
    const magnitude = Math.abs(d);
    labels[2 * row] = d >= 0 ? 1 : 0;
    labels[2 * row + 1] = d >= 0 ? 0 : 1;
    weights[2 * row] = (1 + magnitude) / 2;
    weights[2 * row + 1] = (1 - magnitude) / 2;
  }
  return fitForest(perCopyOptions(options), { data, nRows: 2 * nRows, nFeatures }, labels, stage, fitOptions, weights);
}

/** E[d | x]: the forest's P(label 1) − P(label 0). */
export function predictSignedTarget(forest: RandomForestClassifier, X: FeatureMatrix): Float64Array {
  const proba = forest.predictProba(X);
  const out = new Float64Array(X.nRows);
  for (let r = 0; r < X.nRows; r++) out[r] = proba[2 * r + 1] - proba[2 * r];
  return out;
}
