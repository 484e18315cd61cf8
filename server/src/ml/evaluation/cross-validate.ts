import { selectRows, type FeatureMatrix } from '../forest/feature-matrix.js';
import type { TrainTestIndices } from './splits.js';

/** What `crossValidate` needs from a model: fit on a part, then score rows (P(positive) for binary). */
export interface CrossValidationModel {
  fit(X: FeatureMatrix, y: Float64Array): unknown;
  predictScores(X: FeatureMatrix): Float64Array | Promise<Float64Array>;
}

export type MetricFunction = (labels: Float64Array, scores: Float64Array) => number;

export interface CrossValidationResult {
  /** One record per fold, metric name → value. */
  perFold: Record<string, number>[];
  mean: Record<string, number>;
  /** Population standard deviation over folds. */
  std: Record<string, number>;
  /** Out-of-fold score of every row (each row is scored by the model that did not see it). */
  outOfFoldScores: Float64Array;
}

/**
 * Fits a fresh model per fold (from `createModel(foldIndex)`, so each can get its own seed if
 * wanted) and evaluates every metric on the held-out rows.
 */
export async function crossValidate(
  createModel: (foldIndex: number) => CrossValidationModel,
  X: FeatureMatrix,
  y: ArrayLike<number>,
  folds: readonly TrainTestIndices[],
  metrics: Record<string, MetricFunction>,
): Promise<CrossValidationResult> {
  const outOfFoldScores = new Float64Array(X.nRows).fill(NaN);
  const perFold: Record<string, number>[] = [];
  for (let k = 0; k < folds.length; k++) {
    const { train, test } = folds[k];
    const model = createModel(k);
    await model.fit(selectRows(X, train), Float64Array.from(train, (i) => y[i]));
    const scores = await model.predictScores(selectRows(X, test));
    const labels = Float64Array.from(test, (i) => y[i]);
    test.forEach((row, i) => (outOfFoldScores[row] = scores[i]));
    const record: Record<string, number> = {};
    for (const [name, metric] of Object.entries(metrics)) record[name] = metric(labels, scores);
    perFold.push(record);
  }
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  for (const name of Object.keys(metrics)) {
    const values = perFold.map((r) => r[name]);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[name] = m;
    std[name] = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
  }
  return { perFold, mean, std, outOfFoldScores };
}
