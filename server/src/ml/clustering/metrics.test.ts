import { describe, expect, it } from 'vitest';
import { clusteringReference, referenceMatrix } from '../../../../test/helpers/clustering-reference.js';
import { matrixFromRows } from '../matrix.js';
import {
  adjustedRandScore, calinskiHarabaszScore, contingencyMatrix, daviesBouldinScore, inertia, silhouetteSamples, silhouetteScore, transitionMatrix,
} from './metrics.js';

const relative = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.max(1e-300, Math.abs(expected));

describe('metrics against scikit-learn 1.2.1', () => {
  const reference = clusteringReference();
  for (const dataset of reference.datasets) {
    const points = referenceMatrix(dataset.points);
    for (const labelled of dataset.labelled) {
      it(`${dataset.name} / ${labelled.source}: silhouette, Davies–Bouldin, Calinski–Harabasz to 1e-9`, () => {
        expect(relative(silhouetteScore(points, labelled.labels).score, labelled.silhouette)).toBeLessThan(1e-9);
        expect(relative(daviesBouldinScore(points, labelled.labels), labelled.daviesBouldin)).toBeLessThan(1e-9);
        expect(relative(calinskiHarabaszScore(points, labelled.labels), labelled.calinskiHarabasz)).toBeLessThan(1e-9);
      });
    }
  }

  it('adjusted Rand index', () => {
    for (const pair of reference.ari) expect(adjustedRandScore(pair.a, pair.b)).toBeCloseTo(pair.ari, 12);
  });
});

describe('metrics by hand', () => {
  const points = matrixFromRows([[0, 0], [0, 1], [10, 0], [10, 1]]);
  const labels = [0, 0, 1, 1];

  it('silhouette of two tight pairs', () => {
    // a = 1; b = mean(10, sqrt(101)) for every point.
    const b = (10 + Math.sqrt(101)) / 2;
    const values = silhouetteSamples(points, labels);
    for (const v of values) expect(v).toBeCloseTo((b - 1) / b, 12);
  });

  it('singleton clusters score 0 and labels need not be contiguous', () => {
    const values = silhouetteSamples(points, [7, 7, 7, 42]);
    expect(values[3]).toBe(0);
  });

  it('sampled silhouette reports its sample size and is seeded', () => {
    const a = silhouetteScore(points, labels, { sampleSize: 3, seed: 5 });
    expect(a).toMatchObject({ sampleSize: 3, exact: false });
    expect(silhouetteScore(points, labels, { sampleSize: 3, seed: 5 }).score).toBe(a.score);
    expect(silhouetteScore(points, labels)).toMatchObject({ sampleSize: 4, exact: true });
  });

  it('rejects one cluster or one cluster per point', () => {
    expect(() => silhouetteScore(points, [0, 0, 0, 0])).toThrow(/clusters/);
    expect(() => daviesBouldinScore(points, [0, 1, 2, 3])).toThrow(/clusters/);
  });

  it('inertia, Calinski–Harabasz and Davies–Bouldin by hand', () => {
    const centroids = matrixFromRows([[0, 0.5], [10, 0.5]]);
    expect(inertia(points, labels, centroids)).toBeCloseTo(1, 12);
    // between = 4·25 = 100, within = 1, (n − k)/(k − 1) = 2.
    expect(calinskiHarabaszScore(points, labels)).toBeCloseTo(200, 10);
    // scatter 0.5 each, separation 10.
    expect(daviesBouldinScore(points, labels)).toBeCloseTo(0.1, 12);
  });

  it('ARI is 1 for a relabelled partition and symmetric', () => {
    expect(adjustedRandScore([0, 0, 1, 1, 2], [5, 5, 3, 3, 9])).toBe(1);
    expect(adjustedRandScore([0, 1, 0, 1], [0, 0, 1, 1])).toBeCloseTo(adjustedRandScore([0, 0, 1, 1], [0, 1, 0, 1]), 15);
  });

  it('contingency and transition matrices', () => {
    const table = contingencyMatrix([0, 0, 1, 1], [1, 0, 0, 0]);
    expect(table).toEqual({ rowLabels: [0, 1], columnLabels: [1, 0], counts: [[1, 1], [0, 2]] });
    expect(transitionMatrix([0, 0, 1, 1], [1, 0, 0, 0]).shares).toEqual([[0.5, 0.5], [0, 1]]);
  });
});
