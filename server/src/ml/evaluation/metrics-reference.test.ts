/** Metric values pinned to scikit-learn 1.2.1 (computed by scripts/reference/forest.py). */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrationBins } from './calibration.js';
import { confusionMatrix, logLoss, multiclassLogLoss, thresholdMetrics } from './classification-metrics.js';
import { averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from './ranking-metrics.js';

interface MetricsReference {
  labels: number[];
  scores: number[];
  threshold: number;
  rocAuc: number;
  averagePrecision: number;
  logLoss: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  confusionMatrix: number[][];
  rocCurve: { fpr: number[]; tpr: number[]; thresholds: number[] };
  precisionRecallCurve: { precision: number[]; recall: number[]; thresholds: number[] };
  calibration: { nBins: number; fractionPositive: number[]; meanPredicted: number[] };
}

const ref = (JSON.parse(fs.readFileSync(new URL('../../../../test/fixtures/reference/forest.json', import.meta.url), 'utf8')) as { metrics: MetricsReference }).metrics;
const EXACT = 1e-9;

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(EXACT));
}

describe('evaluation metrics equal scikit-learn 1.2.1', () => {
  const { labels, scores } = ref;

  it('ROC AUC (tied scores count one half) and average precision', () => {
    expect(Math.abs(rocAuc(labels, scores) - ref.rocAuc)).toBeLessThan(EXACT);
    expect(Math.abs(averagePrecision(labels, scores) - ref.averagePrecision)).toBeLessThan(EXACT);
  });

  it('log loss with probabilities of exactly 0 and 1 clipped', () => {
    expect(Math.abs(logLoss(labels, scores) - ref.logLoss)).toBeLessThan(EXACT);
    const asMatrix = scores.flatMap((p) => [1 - p, p]);
    expect(Math.abs(multiclassLogLoss(labels, asMatrix, [0, 1]) - ref.logLoss)).toBeLessThan(EXACT);
  });

  it('accuracy, precision, recall, F1 and the confusion matrix at a threshold', () => {
    const m = thresholdMetrics(labels, scores, ref.threshold);
    expect(m.accuracy).toBeCloseTo(ref.accuracy, 12);
    expect(m.precision).toBeCloseTo(ref.precision, 12);
    expect(m.recall).toBeCloseTo(ref.recall, 12);
    expect(m.f1).toBeCloseTo(ref.f1, 12);
    const predicted = scores.map((s) => (s >= ref.threshold ? 1 : 0));
    expect(confusionMatrix(labels, predicted).matrix).toEqual(ref.confusionMatrix);
  });

  it('ROC curve points, with intermediate collinear points dropped', () => {
    const curve = rocCurve(labels, scores);
    expectClose(curve.fpr, ref.rocCurve.fpr);
    expectClose(curve.tpr, ref.rocCurve.tpr);
    expectClose(curve.thresholds, ref.rocCurve.thresholds);
  });

  it('precision–recall curve points', () => {
    const curve = precisionRecallCurve(labels, scores);
    expectClose(curve.precision, ref.precisionRecallCurve.precision);
    expectClose(curve.recall, ref.precisionRecallCurve.recall);
    expectClose(curve.thresholds, ref.precisionRecallCurve.thresholds);
  });

  it('calibration bins (uniform strategy; values on an inner edge go to the lower bin)', () => {
    const bins = calibrationBins(labels, scores, ref.calibration.nBins);
    expectClose(bins.map((b) => b.fractionPositive), ref.calibration.fractionPositive);
    expectClose(bins.map((b) => b.meanPredicted), ref.calibration.meanPredicted);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(labels.length);
  });
});
