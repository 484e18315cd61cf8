import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../forest/feature-matrix.js';
import { SeededRandom } from '../forest/random.js';
import { RandomForestClassifier } from '../forest/random-forest.js';
import { crossValidate } from './cross-validate.js';
import { liftTable } from './lift.js';
import { permutationImportance } from './permutation-importance.js';
import { downsampleCurve, rocAuc, rocCurve } from './ranking-metrics.js';
import { stratifiedKFold, stratifiedKFoldAssignment, stratifiedTrainTestSplit } from './splits.js';

function labelsWithRate(n: number, positives: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i < positives ? 1 : 0));
}

describe('ranking metrics, hand-computed cases', () => {
  it('AUC is 1 for a perfect ranking, 0.5 when every score ties, and matches pair counting', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // Pairs (pos, neg): (0.4 vs 0.1) win, (0.4 vs 0.4) tie, (0.9 vs both) win → 3.5 / 4.
    expect(rocAuc([0, 1, 0, 1], [0.1, 0.4, 0.4, 0.9])).toBe(0.875);
  });

  it('downsamples a long curve to at most maxPoints, keeping both ends', () => {
    const rng = new SeededRandom(1);
    const n = 20_000;
    const labels = Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.3 ? 1 : 0));
    const scores = Float64Array.from(labels, (l) => l * 0.3 + rng.nextFloat());
    const curve = rocCurve(labels, scores, { dropIntermediate: false });
    const points = downsampleCurve(curve.fpr, curve.tpr, curve.thresholds, 200);
    expect(points.length).toBeLessThanOrEqual(200);
    expect(points.length).toBeGreaterThan(150);
    expect(points[0]).toMatchObject({ x: 0, y: 0 });
    expect(points[points.length - 1]).toMatchObject({ x: 1, y: 1 });
    for (let i = 1; i < points.length; i++) expect(points[i].x).toBeGreaterThanOrEqual(points[i - 1].x);
  });
});

describe('lift and cumulative gains', () => {
  it('computes decile lift, gains and cumulative lift for a hand-made ranking', () => {
    // 20 rows, 4 positives, all in the top 2 deciles (ranks 1, 2, 3, 4).
    const scores = Float64Array.from({ length: 20 }, (_, i) => 1 - i / 20);
    const labels = labelsWithRate(20, 4);
    const table = liftTable(labels, scores);
    expect(table).toHaveLength(10);
    expect(table[0]).toMatchObject({ decile: 1, count: 2, positives: 2, responseRate: 1, lift: 5, cumulativeGain: 0.5, cumulativeLift: 5 });
    expect(table[1]).toMatchObject({ positives: 2, cumulativeGain: 1, cumulativeLift: 5 });
    expect(table[9]).toMatchObject({ cumulativeGain: 1, cumulativeLift: 1 });
  });
});

describe('stratified splits', () => {
  const labels = Float64Array.from({ length: 1003 }, (_, i) => (i % 7 === 0 ? 1 : i % 7 === 1 ? 2 : 0));

  it('k-fold keeps class proportions within one row per class, and is seeded', () => {
    const folds = stratifiedKFold(labels, 5, 3);
    expect(folds).toHaveLength(5);
    const seen = new Int32Array(labels.length);
    for (const { train, test } of folds) {
      expect(train.length + test.length).toBe(labels.length);
      for (const i of test) seen[i]++;
      for (const cls of [0, 1, 2]) {
        const inTest = Array.from(test).filter((i) => labels[i] === cls).length;
        const total = labels.filter((l) => l === cls).length;
        expect(Math.abs(inTest - total / 5)).toBeLessThanOrEqual(1);
      }
    }
    expect(Array.from(seen).every((n) => n === 1)).toBe(true);
    expect(stratifiedKFoldAssignment(labels, 5, 3)).toEqual(stratifiedKFoldAssignment(labels, 5, 3));
    expect(stratifiedKFoldAssignment(labels, 5, 4)).not.toEqual(stratifiedKFoldAssignment(labels, 5, 3));
  });

  it('train/test split takes round(fraction × class size) of each class', () => {
    const { train, test } = stratifiedTrainTestSplit(labels, 0.25, 1);
    expect(train.length + test.length).toBe(labels.length);
    for (const cls of [0, 1, 2]) {
      const total = labels.filter((l) => l === cls).length;
      expect(Array.from(test).filter((i) => labels[i] === cls).length).toBe(Math.round(total * 0.25));
    }
  });
});

function signalData(nRows: number, seed: number): { X: FeatureMatrix; y: Float64Array } {
  const rng = new SeededRandom(seed);
  const data = new Float64Array(nRows * 3);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < 3; f++) data[r * 3 + f] = rng.nextGaussian();
    y[r] = rng.nextFloat() < 1 / (1 + Math.exp(-3 * data[r * 3 + 1])) ? 1 : 0;
  }
  return { X: { data, nRows, nFeatures: 3 }, y };
}

describe('permutation importance and crossValidate', () => {
  const train = signalData(2000, 1);
  const test = signalData(1000, 2);
  const model = new RandomForestClassifier({ nEstimators: 30, maxDepth: 6, seed: 1 }).fit(train.X, train.y);
  const score = (X: FeatureMatrix): number => rocAuc(test.y, model.predictPositiveProba(X));

  it('finds the one informative feature and is reproducible for a seed', () => {
    const result = permutationImportance(test.X, score, { nRepeats: 3, seed: 5 });
    expect(result.importancesMean[1]).toBeGreaterThan(0.2);
    expect(Math.abs(result.importancesMean[0])).toBeLessThan(0.03);
    expect(Math.abs(result.importancesMean[2])).toBeLessThan(0.03);
    expect(result.importances).toHaveLength(9);
    expect(permutationImportance(test.X, score, { nRepeats: 3, seed: 5 })).toEqual(result);
  });

  it('returns per-fold and mean metrics plus out-of-fold scores', async () => {
    const folds = stratifiedKFold(train.y, 4, 0);
    const result = await crossValidate(
      (fold) => {
        const m = new RandomForestClassifier({ nEstimators: 20, maxDepth: 5, seed: fold });
        return { fit: (X, y) => m.fit(X, y), predictScores: (X) => m.predictPositiveProba(X) };
      },
      train.X,
      train.y,
      folds,
      { rocAuc },
    );
    expect(result.perFold).toHaveLength(4);
    expect(result.mean.rocAuc).toBeCloseTo(result.perFold.reduce((s, f) => s + f.rocAuc, 0) / 4, 12);
    expect(result.mean.rocAuc).toBeGreaterThan(0.75);
    expect(result.outOfFoldScores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });
});
