/**
 * Ranking metrics for binary scores, matching scikit-learn 1.2: ROC curve and AUC (tied scores
 * form one step, i.e. count one half), precision–recall curve and average precision.
 */
import { assertSameLength } from './classification-metrics.js';
import { MlInputError } from '../errors.js';

/** Cumulative counts at each distinct score, highest score first (scikit-learn's `_binary_clf_curve`). */
export interface ThresholdSweep {
  thresholds: number[];
  falsePositives: number[];
  truePositives: number[];
}

export function thresholdSweep(labels: ArrayLike<number>, scores: ArrayLike<number>, positiveLabel = 1): ThresholdSweep {
  assertSameLength(labels, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i);
  for (let i = 0; i < scores.length; i++) if (Number.isNaN(scores[i])) throw new MlInputError(`score ${i} is NaN`);
  order.sort((a, b) => scores[b] - scores[a]);
  const sweep: ThresholdSweep = { thresholds: [], falsePositives: [], truePositives: [] };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (labels[order[i]] === positiveLabel) tp++;
    else fp++;
    // Emit a point only after the last row of a run of equal scores.
    if (i === order.length - 1 || scores[order[i + 1]] !== scores[order[i]]) {
      sweep.thresholds.push(scores[order[i]]);
      sweep.truePositives.push(tp);
      sweep.falsePositives.push(fp);
    }
  }
  return sweep;
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Decreasing; the first is max score + 1, meaning "nothing predicted positive" (scikit-learn 1.2). */
  thresholds: number[];
}

/** scikit-learn's `roc_curve` with `drop_intermediate=True` by default (collinear points removed). */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, options: { positiveLabel?: number; dropIntermediate?: boolean } = {}): RocCurve {
  let { thresholds, falsePositives: fps, truePositives: tps } = thresholdSweep(labels, scores, options.positiveLabel ?? 1);
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const secondDiffFp = fps[i + 1] - 2 * fps[i] + fps[i - 1];
      const secondDiffTp = tps[i + 1] - 2 * tps[i] + tps[i - 1];
      if (secondDiffFp !== 0 || secondDiffTp !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    thresholds = keep.map((i) => thresholds[i]);
    fps = keep.map((i) => fps[i]);
    tps = keep.map((i) => tps[i]);
  }
  const totalFp = fps.length ? fps[fps.length - 1] : 0;
  const totalTp = tps.length ? tps[tps.length - 1] : 0;
  if (totalFp === 0 || totalTp === 0) throw new MlInputError('ROC needs both positive and negative labels');
  return {
    fpr: [0, ...fps.map((v) => v / totalFp)],
    tpr: [0, ...tps.map((v) => v / totalTp)],
    thresholds: [(thresholds[0] ?? 0) + 1, ...thresholds],
  };
}

/** Area under the ROC curve by the trapezoid rule over distinct thresholds; ties count one half. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>, positiveLabel = 1): number {
  const { falsePositives: fps, truePositives: tps } = thresholdSweep(labels, scores, positiveLabel);
  const totalFp = fps[fps.length - 1];
  const totalTp = tps[tps.length - 1];
  if (!totalFp || !totalTp) throw new MlInputError('ROC AUC needs both positive and negative labels');
  let area = 0;
  let prevFp = 0;
  let prevTp = 0;
  for (let i = 0; i < fps.length; i++) {
    area += (fps[i] - prevFp) * (tps[i] + prevTp);
    prevFp = fps[i];
    prevTp = tps[i];
  }
  return area / (2 * totalFp * totalTp);
}

export interface PrecisionRecallCurve {
  /** Precision at each threshold, then 1 (scikit-learn's convention for the end point). */
  precision: number[];
  /** Recall, decreasing, ending at 0. */
  recall: number[];
  /** Increasing distinct scores. */
  thresholds: number[];
}

/** scikit-learn 1.2's `precision_recall_curve`: increasing thresholds, one point per distinct score. */
export function precisionRecallCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, positiveLabel = 1): PrecisionRecallCurve {
  const { thresholds, falsePositives: fps, truePositives: tps } = thresholdSweep(labels, scores, positiveLabel);
  const totalTp = tps[tps.length - 1];
  if (!totalTp) throw new MlInputError('precision–recall needs at least one positive label');
  // Full curve, lowest threshold first (scikit-learn ≥ 1.1 no longer stops at full recall).
  const precision: number[] = [];
  const recall: number[] = [];
  const kept: number[] = [];
  for (let i = tps.length - 1; i >= 0; i--) {
    precision.push(tps[i] / (tps[i] + fps[i]));
    recall.push(tps[i] / totalTp);
    kept.push(thresholds[i]);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds: kept };
}

/** Average precision: Σ (R_n − R_{n−1}) · P_n over distinct thresholds (no interpolation), like `average_precision_score`. */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>, positiveLabel = 1): number {
  const { falsePositives: fps, truePositives: tps } = thresholdSweep(labels, scores, positiveLabel);
  const totalTp = tps[tps.length - 1];
  if (!totalTp) throw new MlInputError('average precision needs at least one positive label');
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const recall = tps[i] / totalTp;
    ap += (recall - prevRecall) * (tps[i] / (tps[i] + fps[i]));
    prevRecall = recall;
  }
  return ap;
}

export interface CurvePoint {
  x: number;
  y: number;
  threshold: number;
}

/**
 * At most `maxPoints` points of a curve for a chart: always the first and last point, then
 * points spaced evenly along the curve's path length so steep and flat parts both keep shape.
 */
export function downsampleCurve(x: readonly number[], y: readonly number[], thresholds: readonly number[], maxPoints = 200): CurvePoint[] {
  const n = x.length;
  const all = (i: number): CurvePoint => ({ x: x[i], y: y[i], threshold: thresholds[Math.min(i, thresholds.length - 1)] });
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => all(i));
  const cumulative = new Float64Array(n);
  for (let i = 1; i < n; i++) cumulative[i] = cumulative[i - 1] + Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
  const total = cumulative[n - 1];
  const picked: number[] = [0];
  let next = 1;
  for (let p = 1; p < maxPoints - 1; p++) {
    const target = (total * p) / (maxPoints - 1);
    while (next < n - 1 && cumulative[next] < target) next++;
    if (next > picked[picked.length - 1] && next < n - 1) picked.push(next);
  }
  picked.push(n - 1);
  return picked.map(all);
}
