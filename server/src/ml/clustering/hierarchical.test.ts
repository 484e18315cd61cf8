import { describe, expect, it } from 'vitest';
import { clusteringReference, referenceMatrix } from '../../../../test/helpers/clustering-reference.js';
import { AgglomerativeClustering } from './hierarchical.js';
import { computeLinkage, cutLinkage, genericWardScan, wardScanFor } from './linkage.js';
import { matrixFromRows } from '../matrix.js';
import { adjustedRandScore } from './metrics.js';
import { Rng } from '../rng.js';

describe('agglomerative clustering against scikit-learn', () => {
  for (const dataset of clusteringReference().datasets) {
    it(`${dataset.name}: ward/average/complete labels equal up to renaming`, () => {
      const points = referenceMatrix(dataset.points);
      for (const linkage of ['ward', 'average', 'complete'] as const) {
        const model = new AgglomerativeClustering({ linkage }).fit(points);
        for (const reference of dataset.hierarchical.filter((h) => h.linkage === linkage)) {
          expect(adjustedRandScore(model.cutTree(reference.k), reference.labels), `${linkage} k=${reference.k}`).toBe(1);
        }
      }
    });
  }
});

describe('linkage matrix', () => {
  // 1-D points 0, 1, 5, 6, 20: single pairs merge first.
  const points = matrixFromRows([[0], [1], [5], [6], [20]]);

  it('is SciPy-shaped: ids, ascending heights, sizes', () => {
    const { data } = computeLinkage(points, 'complete');
    const rows = Array.from({ length: 4 }, (_, r) => Array.from(data.subarray(r * 4, r * 4 + 4)));
    expect(rows).toEqual([[0, 1, 1, 2], [2, 3, 1, 2], [5, 6, 6, 4], [4, 7, 20, 5]]);
  });

  it('Ward heights use the SciPy scale (sqrt(2·|A||B|/(|A|+|B|))·‖cA − cB‖)', () => {
    const { data } = computeLinkage(points, 'ward');
    expect(data[2]).toBeCloseTo(1, 12);
    // {0,1} with {5,6}: sqrt(2·2·2/4)·5 = 5·sqrt(2).
    expect(data[10]).toBeCloseTo(5 * Math.SQRT2, 12);
  });

  it('average linkage heights', () => {
    const { data } = computeLinkage(points, 'average');
    expect(data[10]).toBeCloseTo((5 + 6 + 4 + 5) / 4, 12);
  });

  it('float32 storage gives the same tree on well-separated data', () => {
    const rng = new Rng(2);
    const many = matrixFromRows(Array.from({ length: 300 }, (_, i) => [(i % 3) * 10 + rng.nextGaussian(), rng.nextGaussian()]));
    const a = cutLinkage(computeLinkage(many, 'average', 'float64'), 3);
    const b = cutLinkage(computeLinkage(many, 'average', 'float32'), 3);
    expect(adjustedRandScore(a, b)).toBe(1);
  });

  it('cut labels number clusters by first appearance; k = 1 and k = n work', () => {
    const model = new AgglomerativeClustering({ linkage: 'ward', nClusters: 3 }).fit(points);
    expect(Array.from(model.labels!)).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(model.cutTree(1))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(model.cutTree(5))).toEqual([0, 1, 2, 3, 4]);
    expect(() => model.cutTree(6)).toThrow(/k must be/);
  });

  it('dendrogram top lists the last merges and their collapsed children', () => {
    const model = new AgglomerativeClustering({ linkage: 'ward' }).fit(points);
    const top = model.dendrogram(2);
    expect(top.merges.map((m) => m.id)).toEqual([7, 8]);
    expect(top.leaves).toEqual([{ id: 5, size: 2 }, { id: 6, size: 2 }, { id: 4, size: 1 }]);
  });

  it('the specialised Ward scan returns exactly what the generic scan returns', () => {
    const rng = new Rng(6);
    for (const d of [1, 3, 6, 11]) {
      const n = 200;
      const centroids = Float64Array.from({ length: n * d }, () => rng.nextGaussian());
      const size = Float64Array.from({ length: n }, () => 1 + rng.nextInt(5));
      const active = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 !== 3);
      for (const x of [0, 5, 199]) {
        const a = new Float64Array(1);
        const b = new Float64Array(1);
        expect(wardScanFor(d)(centroids, size, active, active.length, x, Infinity, -1, a))
          .toBe(genericWardScan(centroids, size, active, active.length, x, Infinity, -1, b));
        expect(a[0]).toBe(b[0]);
      }
    }
  });

  it('duplicate points merge at height 0', () => {
    const { data } = computeLinkage(matrixFromRows([[1, 1], [1, 1], [4, 4]]), 'ward');
    expect(data[2]).toBe(0);
  });
});

describe('sampling above the threshold', () => {
  it('fits the tree on a seeded sample and labels every point by nearest centroid', () => {
    const rng = new Rng(4);
    const rows = Array.from({ length: 600 }, (_, i) => [(i % 3) * 20 + rng.nextGaussian(), rng.nextGaussian()]);
    const points = matrixFromRows(rows);
    const model = new AgglomerativeClustering({ sampleThreshold: 200, seed: 1, nClusters: 3 }).fit(points);
    expect(model.sampleIndices!.length).toBe(200);
    expect(model.labels!.length).toBe(600);
    expect(adjustedRandScore(model.labels!, rows.map((_, i) => i % 3))).toBe(1);
    const again = new AgglomerativeClustering({ sampleThreshold: 200, seed: 1, nClusters: 3 }).fit(points);
    expect(Array.from(again.labels!)).toEqual(Array.from(model.labels!));
    expect(Array.from(model.predict(model.centroids(3), 3))).toEqual([0, 1, 2]);
  });
});
