import type { FeatureMatrix } from '../server/src/ml/forest/feature-matrix.js';
import { SeededRandom } from '../server/src/ml/forest/random.js';

export interface SyntheticClassification {
  X: FeatureMatrix;
  y: Float64Array;
}

/**
 * Seeded binary data for the forest benchmark: `nFeatures` columns mixing Gaussian, skewed
 * (log-normal spend-like), integer count and 0/1 columns; the label is drawn from a logistic
 * model with an interaction and a threshold effect, so a forest has something non-linear to
 * find. `positiveRate` is tuned roughly through the intercept.
 */
export function syntheticClassification(nRows: number, nFeatures: number, seed: number, options: { intercept?: number } = {}): SyntheticClassification {
  if (nFeatures < 5) throw new RangeError('syntheticClassification needs at least 5 features');
  const rng = new SeededRandom(seed);
  const data = new Float64Array(nRows * nFeatures);
  const y = new Float64Array(nRows);
  const intercept = options.intercept ?? -0.5;
  for (let r = 0; r < nRows; r++) {
    const o = r * nFeatures;
    for (let f = 0; f < nFeatures; f++) {
      switch (f % 4) {
        case 0: data[o + f] = rng.nextGaussian(); break;
        case 1: data[o + f] = Math.round(Math.exp(3 + rng.nextGaussian()) * 100) / 100; break;
        case 2: data[o + f] = Math.floor(-Math.log(1 - rng.nextFloat()) * 3); break;
        default: data[o + f] = rng.nextFloat() < 0.3 ? 1 : 0;
      }
    }
    const logit =
      intercept +
      1.2 * data[o] -
      0.8 * Math.log(data[o + 1]) + 2.4 +
      0.6 * (data[o + 2] > 2 ? 1 : 0) +
      1.0 * data[o + 3] * (data[o + 4] > 0 ? 1 : -1) +
      0.5 * Math.sin(2 * data[o + 4]);
    y[r] = rng.nextFloat() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X: { data, nRows, nFeatures }, y };
}
