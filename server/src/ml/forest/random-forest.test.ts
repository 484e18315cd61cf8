import { describe, expect, it } from 'vitest';
import { rocAuc } from '../evaluation/ranking-metrics.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { loadForest, saveForest } from './forest-serialization.js';
import { SeededRandom } from './random.js';
import { RandomForestClassifier } from './random-forest.js';

/** y = 1 exactly when x0 > 0.3 and x1 < 5 (a rule a depth-2 tree can express); x2..x5 are noise. */
function ruleData(nRows: number, seed: number): { X: FeatureMatrix; y: Float64Array } {
  const rng = new SeededRandom(seed);
  const nFeatures = 6;
  const data = new Float64Array(nRows * nFeatures);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < nFeatures; f++) data[r * nFeatures + f] = f === 1 ? rng.nextInt(10) : rng.nextFloat();
    y[r] = data[r * nFeatures] > 0.3 && data[r * nFeatures + 1] < 5 ? 1 : 0;
  }
  return { X: { data, nRows, nFeatures }, y };
}

/** Imbalanced noisy data: about 10% positives that depend on x0 through a logistic link. */
function imbalancedData(nRows: number, seed: number): { X: FeatureMatrix; y: Float64Array } {
  const rng = new SeededRandom(seed);
  const data = new Float64Array(nRows * 4);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < 4; f++) data[r * 4 + f] = rng.nextGaussian();
    y[r] = rng.nextFloat() < 1 / (1 + Math.exp(-(1.5 * data[r * 4] - 3))) ? 1 : 0;
  }
  return { X: { data, nRows, nFeatures: 4 }, y };
}

function recallOfPositives(y: Float64Array, predicted: Float64Array): number {
  let tp = 0;
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      positives++;
      if (predicted[i] === 1) tp++;
    }
  }
  return tp / positives;
}

describe('RandomForestClassifier', () => {
  const train = ruleData(3000, 1);
  const test = ruleData(1000, 2);

  it('learns a learnable rule and ranks the rule features first', () => {
    const model = new RandomForestClassifier({ nEstimators: 30, seed: 3 }).fit(train.X, train.y);
    const predicted = model.predict(test.X);
    let correct = 0;
    for (let i = 0; i < test.y.length; i++) if (predicted[i] === test.y[i]) correct++;
    expect(correct / test.y.length).toBeGreaterThan(0.98);
    const importances = Array.from(model.featureImportances);
    expect(importances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ranked = importances.map((v, f) => [v, f]).sort((a, b) => b[0] - a[0]).map(([, f]) => f);
    expect(ranked.slice(0, 2).sort()).toEqual([0, 1]);
  });

  it('returns probabilities in [0, 1] whose rows sum to 1, and fit returns the fitted model', () => {
    const model = new RandomForestClassifier({ nEstimators: 20, maxDepth: 4, seed: 1 });
    expect(model.fit(train.X, train.y)).toBe(model);
    const proba = model.predictProba(test.X);
    expect(proba.length).toBe(test.X.nRows * 2);
    for (let r = 0; r < test.X.nRows; r++) {
      expect(proba[2 * r]).toBeGreaterThanOrEqual(0);
      expect(proba[2 * r + 1]).toBeLessThanOrEqual(1);
      expect(Math.abs(proba[2 * r] + proba[2 * r + 1] - 1)).toBeLessThan(1e-12);
    }
    const row = Array.from(test.X.data.subarray(0, 6));
    expect(Array.from(model.predictRowProba(row))).toEqual(Array.from(proba.subarray(0, 2)));
  });

  it('scores unseen values, NaN and infinities the same on the binned batch path and the raw single-row path', () => {
    const model = new RandomForestClassifier({ nEstimators: 20, seed: 8 }).fit(train.X, train.y);
    const rng = new SeededRandom(99);
    const specials = [NaN, Infinity, -Infinity, 0.3, 5, 4.5];
    const data = Float64Array.from({ length: 500 * 6 }, () => (rng.nextFloat() < 0.1 ? specials[rng.nextInt(specials.length)] : rng.nextFloat() * 12 - 1));
    const batch = model.predictProba({ data, nRows: 500, nFeatures: 6 });
    for (let r = 0; r < 500; r++) {
      expect(Array.from(model.predictRowProba(data.subarray(r * 6, r * 6 + 6)))).toEqual(Array.from(batch.subarray(2 * r, 2 * r + 2)));
    }
  });

  it('handles multiclass labels with arbitrary values', () => {
    const labels = Float64Array.from(train.y, (v, i) => (v === 1 ? 7 : train.X.data[i * 6 + 2] > 0.5 ? 3 : -1));
    const model = new RandomForestClassifier({ nEstimators: 25, seed: 5, criterion: 'entropy' }).fit(train.X, labels);
    expect(model.classes).toEqual([-1, 3, 7]);
    const proba = model.predictProba(test.X);
    for (let r = 0; r < test.X.nRows; r++) expect(Math.abs(proba[3 * r] + proba[3 * r + 1] + proba[3 * r + 2] - 1)).toBeLessThan(1e-12);
    const predicted = model.predict(test.X);
    expect(new Set(predicted)).toEqual(new Set([-1, 3, 7]));
  });

  it('is reproducible: same seed gives the identical model, another seed a different one', () => {
    const options = { nEstimators: 15, seed: 42, maxFeatures: 2 } as const;
    const a = saveForest(new RandomForestClassifier(options).fit(train.X, train.y));
    const b = saveForest(new RandomForestClassifier(options).fit(train.X, train.y));
    const c = saveForest(new RandomForestClassifier({ ...options, seed: 43 }).fit(train.X, train.y));
    expect(b).toEqual(a);
    expect(c.feature).not.toEqual(a.feature);
  });

  it('saves to JSON and loads a model that predicts identically', () => {
    const model = new RandomForestClassifier({ nEstimators: 20, seed: 9, minSamplesLeaf: 3 }).fit(train.X, train.y);
    const restored = loadForest(JSON.parse(JSON.stringify(saveForest(model))));
    expect(Array.from(restored.predictProba(test.X))).toEqual(Array.from(model.predictProba(test.X)));
    expect(restored.classes).toEqual(model.classes);
    expect(Array.from(restored.featureImportances)).toEqual(Array.from(model.featureImportances));
    expect(restored.params).toEqual(model.params);
  });

  it('raises minority recall with balanced class weights', () => {
    const data = imbalancedData(4000, 11);
    const holdout = imbalancedData(4000, 12);
    const options = { nEstimators: 40, maxDepth: 6, seed: 2 };
    const plain = new RandomForestClassifier(options).fit(data.X, data.y);
    const balanced = new RandomForestClassifier({ ...options, classWeight: 'balanced' }).fit(data.X, data.y);
    const mapped = new RandomForestClassifier({ ...options, classWeight: { 0: 1, 1: 8 } }).fit(data.X, data.y);
    const plainRecall = recallOfPositives(holdout.y, plain.predict(holdout.X));
    const balancedRecall = recallOfPositives(holdout.y, balanced.predict(holdout.X));
    expect(balancedRecall).toBeGreaterThan(plainRecall + 0.2);
    expect(recallOfPositives(holdout.y, mapped.predict(holdout.X))).toBeGreaterThan(plainRecall + 0.2);
    // Weights shift the threshold, not the ranking: AUC stays in the same range.
    expect(Math.abs(rocAuc(holdout.y, balanced.predictPositiveProba(holdout.X)) - rocAuc(holdout.y, plain.predictPositiveProba(holdout.X)))).toBeLessThan(0.03);
  });

  it('takes sample weights: weighting every positive row by 8 is classWeight {1: 8}, weight 2 is the row twice', () => {
    const data = imbalancedData(3000, 31);
    const options = { nEstimators: 20, maxDepth: 6, seed: 5, oobScore: true } as const;
    const byClass = saveForest(new RandomForestClassifier({ ...options, classWeight: { 0: 1, 1: 8 } }).fit(data.X, data.y));
    const bySample = saveForest(new RandomForestClassifier(options).fit(data.X, data.y, { sampleWeight: Array.from(data.y, (label) => (label === 1 ? 8 : 1)) }));
    expect({ ...bySample, params: null }).toEqual({ ...byClass, params: null });

    // Without bootstrap a weight of 2 is the row written twice (integer features: the same bins either way).
    const rows = 400;
    const X = { data: Float64Array.from(train.X.data.subarray(0, rows * 6), (v) => Math.round(v * 3)), nRows: rows, nFeatures: 6 };
    const y = train.y.subarray(0, rows);
    const weight = Array.from({ length: rows }, (_, r) => (r % 3 === 0 ? 2 : 1));
    const doubled: number[] = [];
    for (let r = 0; r < rows; r++) for (let copy = 0; copy < weight[r]; copy++) doubled.push(r);
    const noBootstrap = { nEstimators: 5, bootstrap: false, maxDepth: 5, seed: 3 } as const;
    const weighted = new RandomForestClassifier(noBootstrap).fit(X, y, { sampleWeight: weight });
    const repeated = new RandomForestClassifier(noBootstrap).fit(
      { data: Float64Array.from(doubled.flatMap((r) => Array.from(X.data.subarray(r * 6, r * 6 + 6)))), nRows: doubled.length, nFeatures: 6 },
      doubled.map((r) => y[r]),
    );
    const probe = { data: Float64Array.from(test.X.data, (v) => Math.round(v * 3)), nRows: test.X.nRows, nFeatures: 6 };
    const a = weighted.predictProba(probe);
    const b = repeated.predictProba(probe);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-12);
    expect(() => new RandomForestClassifier(options).fit(data.X, data.y, { sampleWeight: [1, 2] })).toThrow(/sampleWeight has 2 values/);
    expect(() => new RandomForestClassifier(options).fit(data.X, data.y, { sampleWeight: Array.from(data.y, (_, r) => (r === 9 ? -1 : 1)) })).toThrow(/sampleWeight\[9\]/);
  });

  it('computes out-of-bag probabilities and accuracy close to holdout accuracy', () => {
    const data = imbalancedData(3000, 21);
    const model = new RandomForestClassifier({ nEstimators: 60, seed: 4, oobScore: true, maxDepth: 6 }).fit(data.X, data.y);
    const oob = model.oobProbabilities!;
    expect(oob.length).toBe(6000);
    // With 60 trees a row is out of bag for none of them with probability 0.632^60 ≈ 1e-12: every row has a score.
    for (let r = 0; r < 3000; r++) expect(Math.abs(oob[2 * r] + oob[2 * r + 1] - 1), `row ${r}`).toBeLessThan(1e-12);
    const holdout = imbalancedData(3000, 22);
    const predicted = model.predict(holdout.X);
    let correct = 0;
    for (let i = 0; i < 3000; i++) if (predicted[i] === holdout.y[i]) correct++;
    expect(Math.abs(model.oobScore! - correct / 3000)).toBeLessThan(0.03);
  });

  it('honours maxDepth, bootstrap: false and maxSamples', () => {
    const shallow = new RandomForestClassifier({ nEstimators: 5, maxDepth: 2, seed: 1 }).fit(train.X, train.y);
    for (const tree of shallow.trees) expect(tree.nNodes).toBeLessThanOrEqual(7);
    // Without bootstrap and with every feature, all trees see the same problem; only tie order can differ.
    const full = new RandomForestClassifier({ nEstimators: 3, bootstrap: false, maxFeatures: 'all', seed: 1 }).fit(train.X, train.y);
    expect(full.trees[1].feature[0]).toBe(full.trees[0].feature[0]);
    const small = new RandomForestClassifier({ nEstimators: 3, maxSamples: 0.1, seed: 1 }).fit(train.X, train.y);
    expect(small.trees[0].stats!.nNodeSamples[0]).toBeLessThanOrEqual(300);
  });

  it('rejects invalid hyperparameters and inputs with clear errors', () => {
    expect(() => new RandomForestClassifier({ nEstimators: 0 })).toThrow(/nEstimators/);
    expect(() => new RandomForestClassifier({ maxFeatures: 1.5 })).toThrow(/maxFeatures/);
    expect(() => new RandomForestClassifier({ oobScore: true, bootstrap: false })).toThrow(/bootstrap/);
    expect(() => new RandomForestClassifier().predict(test.X)).toThrow(/not fitted/);
    const withNaN = { ...train.X, data: Float64Array.from(train.X.data, (v, i) => (i === 7 ? NaN : v)) };
    expect(() => new RandomForestClassifier({ nEstimators: 1 }).fit(withNaN, train.y)).toThrow(/non-finite/);
  });
});
