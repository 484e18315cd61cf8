import { MlInputError } from '../errors.js';
/**
 * Threshold metrics for binary labels (0/1, or any label with `positiveLabel`) and log loss.
 * Definitions follow scikit-learn 1.2 so figures can be compared with it directly.
 */

export interface ConfusionCounts {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

/** Counts for "score >= threshold means positive" (scikit-learn's predict does `proba > 0.5`; see `predictedPositive`). */
export function confusionCounts(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5, positiveLabel = 1): ConfusionCounts {
  assertSameLength(labels, scores);
  const counts: ConfusionCounts = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  for (let i = 0; i < labels.length; i++) {
    const actual = labels[i] === positiveLabel;
    const predicted = scores[i] >= threshold;
    if (actual && predicted) counts.truePositives++;
    else if (predicted) counts.falsePositives++;
    else if (actual) counts.falseNegatives++;
    else counts.trueNegatives++;
  }
  return counts;
}

export interface ThresholdMetrics extends ConfusionCounts {
  threshold: number;
  accuracy: number;
  /** TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's zero_division=0 value). */
  precision: number;
  /** TP / (TP + FN); 0 when there are no positives. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
}

export function thresholdMetrics(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5, positiveLabel = 1): ThresholdMetrics {
  const c = confusionCounts(labels, scores, threshold, positiveLabel);
  const n = c.truePositives + c.falsePositives + c.trueNegatives + c.falseNegatives;
  const precision = safeDivide(c.truePositives, c.truePositives + c.falsePositives);
  const recall = safeDivide(c.truePositives, c.truePositives + c.falseNegatives);
  return {
    ...c,
    threshold,
    accuracy: safeDivide(c.truePositives + c.trueNegatives, n),
    precision,
    recall,
    f1: safeDivide(2 * c.truePositives, 2 * c.truePositives + c.falsePositives + c.falseNegatives),
  };
}

/** Fraction of equal labels (any label values, multiclass included). */
export function accuracy(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  assertSameLength(labels, predictions);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predictions[i]) correct++;
  return safeDivide(correct, labels.length);
}

export interface ConfusionMatrix {
  /** Sorted distinct labels seen in either input (or the given ones). */
  labels: number[];
  /** matrix[i][j]: rows whose true label is labels[i] and predicted label is labels[j] (scikit-learn layout). */
  matrix: number[][];
}

export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, labels?: number[]): ConfusionMatrix {
  assertSameLength(actual, predicted);
  const classes = labels ?? Array.from(new Set([...Array.from(actual), ...Array.from(predicted)])).sort((a, b) => a - b);
  const index = new Map(classes.map((label, i) => [label, i]));
  const matrix = classes.map(() => new Array<number>(classes.length).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = index.get(actual[i]);
    const p = index.get(predicted[i]);
    if (a !== undefined && p !== undefined) matrix[a][p]++;
  }
  return { labels: classes, matrix };
}

/**
 * Mean negative log-likelihood of binary labels given P(positive), natural log. Probabilities
 * are clipped to [eps, 1 − eps] with eps = 2^-52 (float64 machine epsilon, scikit-learn 1.2's
 * eps='auto'), so a confident mistake costs about 36 instead of infinity.
 */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>, positiveLabel = 1): number {
  assertSameLength(labels, probabilities);
  if (labels.length === 0) throw new MlInputError('logLoss of an empty set');
  const eps = Number.EPSILON;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]));
    // scikit-learn renormalises [1 − p, p] after clipping; the row already sums to 1.
    total -= labels[i] === positiveLabel ? Math.log(p) : Math.log(1 - p);
  }
  return total / labels.length;
}

/** Multiclass log loss: `probabilities` is nRows × classes.length row-major; rows are clipped then renormalised like scikit-learn. */
export function multiclassLogLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>, classes: readonly number[]): number {
  const K = classes.length;
  if (probabilities.length !== labels.length * K) throw new MlInputError(`expected ${labels.length} × ${K} probabilities, got ${probabilities.length}`);
  const index = new Map(classes.map((c, k) => [c, k]));
  const eps = Number.EPSILON;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const k = index.get(labels[i]);
    if (k === undefined) throw new MlInputError(`label ${labels[i]} is not among the classes`);
    let rowSum = 0;
    for (let j = 0; j < K; j++) rowSum += Math.min(1 - eps, Math.max(eps, probabilities[i * K + j]));
    total -= Math.log(Math.min(1 - eps, Math.max(eps, probabilities[i * K + k])) / rowSum);
  }
  return total / labels.length;
}

export function safeDivide(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function assertSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new MlInputError(`inputs differ in length: ${a.length} vs ${b.length}`);
}
