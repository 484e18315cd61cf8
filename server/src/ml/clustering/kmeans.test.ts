import { describe, expect, it } from 'vitest';
import { clusteringReference, referenceMatrix } from '../../../../test/helpers/clustering-reference.js';
import { assignKernelSource, ASSIGN_KERNEL_PARAMETERS, assignKernelFor } from './kmeans-codegen.js';
import { assignWithBounds } from './kmeans-kernels.js';
import { KMeansWorkerPool, fitKMeansParallel } from './kmeans-parallel.js';
import { KMeans, KMeansModel } from './kmeans.js';
import { createSharedMatrix, matrixFromRows, type Matrix } from '../matrix.js';
import { MiniBatchKMeans } from './mini-batch-kmeans.js';
import { createRng, Rng } from '../rng.js';

function gaussianBlobs(n: number, d: number, centres: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const means = Array.from({ length: centres }, () => Array.from({ length: d }, () => rng.nextGaussian() * 4));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const mean = means[i % centres];
    for (let t = 0; t < d; t++) data[i * d + t] = mean[t] + rng.nextGaussian();
  }
  return { data, rows: n, cols: d };
}

describe('KMeans against scikit-learn best-of-10 inertia', () => {
  for (const dataset of clusteringReference().datasets) {
    it(dataset.name, () => {
      const points = referenceMatrix(dataset.points);
      for (const reference of dataset.kmeans) {
        const model = new KMeans({ k: reference.k, nInit: reference.nInit, seed: 0 }).fit(points);
        expect(model.inertia, `k=${reference.k}`).toBeLessThanOrEqual(reference.inertia * 1.001);
      }
    });
  }
});

describe('KMeans properties', () => {
  const points = gaussianBlobs(2000, 4, 5, 3);

  it('same seed → identical run; another seed → a valid run', () => {
    const a = new KMeans({ k: 5, nInit: 2, seed: 7 }).fit(points);
    const b = new KMeans({ k: 5, nInit: 2, seed: 7 }).fit(points);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(Array.from(b.centroids.data)).toEqual(Array.from(a.centroids.data));
    expect(b.inertia).toBe(a.inertia);
    const c = new KMeans({ k: 5, nInit: 2, seed: 8 }).fit(points);
    expect(c.labels.every((l) => l >= 0 && l < 5)).toBe(true);
    expect(Math.abs(c.inertia - a.inertia) / a.inertia).toBeLessThan(0.05);
  });

  it('inertia never increases over Lloyd iterations and matches the reported inertia', () => {
    const model = new KMeans({ k: 8, nInit: 1, seed: 1, init: 'random', recordInertiaHistory: true, tol: 0 }).fit(points);
    const history = model.inertiaHistory;
    expect(history.length).toBe(model.nIter);
    for (let i = 1; i < history.length; i++) expect(history[i]).toBeLessThanOrEqual(history[i - 1] * (1 + 1e-12));
    expect(model.inertia).toBeLessThanOrEqual(history[history.length - 1] * (1 + 1e-12));
  });

  it('labels equal brute-force nearest-centre assignment (bounds skip nothing that matters)', () => {
    const model = new KMeans({ k: 6, nInit: 1, seed: 2 }).fit(points);
    expect(Array.from(model.predict(points))).toEqual(Array.from(model.labels));
  });

  it('predicting the centroids gives their own indices', () => {
    const model = new KMeans({ k: 5, nInit: 1, seed: 4 }).fit(points);
    expect(Array.from(model.predict(model.centroids))).toEqual([0, 1, 2, 3, 4]);
  });

  it('the specialised kernel computes exactly what the generic kernel does', () => {
    for (const [d, k] of [[4, 5], [3, 1], [7, 9]]) {
      const data = gaussianBlobs(500, d, 3, d + k).data;
      const run = (kernel: typeof assignWithBounds) => {
        const centroids = data.slice(0, k * d);
        const labels = new Int32Array(500);
        const upper = new Float64Array(500);
        const lower = new Float64Array(500);
        const sums = new Float64Array(k * d);
        const counts = new Float64Array(k);
        const half = new Float64Array(k).fill(0.1);
        const shifts = new Float64Array(k);
        kernel(data, d, 0, 500, centroids, k, half, shifts, labels, upper, lower, sums, counts, 1);
        centroids[0] += 0.3;
        shifts[0] = 0.3;
        const changed = kernel(data, d, 0, 500, centroids, k, half, shifts, labels, upper, lower, sums, counts, 0);
        return { changed, labels: Array.from(labels), upper: Array.from(upper), sums: Array.from(sums) };
      };
      expect(run(assignKernelFor(d, k))).toEqual(run(assignWithBounds));
      expect(assignKernelSource(d, k)).toContain('return changed');
      expect(ASSIGN_KERNEL_PARAMETERS.length).toBe(assignWithBounds.length);
    }
  });

  it('worker-thread runner gives the same labels as the single-threaded fit', async () => {
    const big = gaussianBlobs(60_000, 3, 4, 11);
    const single = new KMeans({ k: 4, nInit: 2, seed: 5 }).fit(big);
    const threaded = await fitKMeansParallel(big, { k: 4, nInit: 2, seed: 5 }, { threads: 2 });
    expect(Array.from(threaded.labels)).toEqual(Array.from(single.labels));
    expect(threaded.inertia).toBeCloseTo(single.inertia, 6);
    expect(threaded.nIter).toBe(single.nIter);
  });

  it('worker-thread runner reads shared matrices in place and rejects non-finite values', async () => {
    const shared = createSharedMatrix(60_000, 2);
    shared.data.set(gaussianBlobs(60_000, 2, 4, 12).data);
    const model = await fitKMeansParallel(shared, { k: 4, nInit: 1, seed: 1 }, { threads: 2 });
    expect(model.labels.length).toBe(60_000);
    shared.data[1234] = Number.NaN;
    await expect(fitKMeansParallel(shared, { k: 4, nInit: 1 }, { threads: 2 })).rejects.toThrow(/non-finite value at row 617, column 0/);
  });

  it('a pool serialises concurrent fits', async () => {
    const pool = new KMeansWorkerPool({ threads: 2 });
    try {
      const big = gaussianBlobs(60_000, 3, 4, 13);
      const [a, b] = await Promise.all([pool.fit(big, { k: 4, nInit: 1, seed: 1 }), pool.fit(big, { k: 3, nInit: 1, seed: 1 })]);
      expect(Array.from(a.labels)).toEqual(Array.from(new KMeans({ k: 4, nInit: 1, seed: 1 }).fit(big).labels));
      expect(b.k).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('reports progress up to its total', () => {
    const events: { stage: string; done: number; total: number }[] = [];
    new KMeans({ k: 3, nInit: 2, seed: 0, onProgress: (e) => events.push(e) }).fit(points);
    expect(events.at(-1)).toEqual({ stage: 'kmeans', done: 600, total: 600 });
    expect(events.filter((e) => e.stage === 'kmeans-init').length).toBe(2);
  });

  it('mini-batch mode lands close to full k-means and is seeded', () => {
    const full = new KMeans({ k: 5, nInit: 3, seed: 0 }).fit(points);
    const mini = new MiniBatchKMeans({ k: 5, batchSize: 256, seed: 3 }).fit(points);
    expect(mini.inertia).toBeLessThan(full.inertia * 1.05);
    expect(new MiniBatchKMeans({ k: 5, batchSize: 256, seed: 3 }).fit(points).inertia).toBe(mini.inertia);
  });

  it('mini-batch mode reassigns a centre that k-means++ put on a few outliers (as scikit-learn does)', () => {
    // Three blobs of 1,000 points and three outliers far away. With seed 7, k-means++ gives the
    // outliers a centre of their own, so two blobs share one centre, and without reassignment
    // mini-batch steps never move that centre: its count stays far below 1% of the others.
    const rng = createRng(1);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    const rows: number[][] = [];
    for (const [x, y] of [[0, 0], [10, 0], [0, 10]]) for (let i = 0; i < 1000; i++) rows.push([x + 0.5 * gauss(), y + 0.5 * gauss()]);
    for (let i = 0; i < 3; i++) rows.push([60 + i * 0.1, 60]);
    const data = matrixFromRows(rows);
    const best = new KMeans({ k: 3, nInit: 10, seed: 0 }).fit(data).inertia;
    const stuck = new MiniBatchKMeans({ k: 3, batchSize: 100, seed: 7, reassignmentRatio: 0 }).fit(data);
    expect(stuck.inertia).toBeGreaterThan(2 * best);
    const reassigned = new MiniBatchKMeans({ k: 3, batchSize: 100, seed: 7 }).fit(data);
    expect(reassigned.inertia).toBeLessThan(1.02 * best);
    expect(new Set(reassigned.labels.slice(0, 3000)).size).toBe(3);
  });

  it('JSON round trip predicts identically', () => {
    const model = new KMeans({ k: 4, nInit: 1, seed: 0 }).fit(points);
    const loaded = KMeansModel.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(Array.from(loaded.predict(points))).toEqual(Array.from(model.predict(points)));
  });
});

describe('KMeans edge cases', () => {
  it('k = 1: one centroid at the mean, inertia = total sum of squares', () => {
    const points = matrixFromRows([[0, 0], [2, 0], [4, 3]]);
    const model = new KMeans({ k: 1, nInit: 1 }).fit(points);
    expect(Array.from(model.centroids.data)).toEqual([2, 1]);
    expect(model.inertia).toBeCloseTo(4 + 1 + 0 + 1 + 4 + 4, 12);
  });

  it('k = n: every point its own cluster, inertia 0', () => {
    const points = matrixFromRows([[0], [1], [5], [9]]);
    const model = new KMeans({ k: 4, nInit: 2 }).fit(points);
    expect(model.inertia).toBe(0);
    expect(new Set(model.labels).size).toBe(4);
  });

  it('duplicate points and a constant column give a defined result', () => {
    const points = matrixFromRows([[1, 7], [1, 7], [1, 7], [3, 7], [3, 7]]);
    const model = new KMeans({ k: 2, nInit: 3 }).fit(points);
    expect(model.inertia).toBe(0);
    expect(model.labels[0]).toBe(model.labels[1]);
    expect(model.labels[0]).not.toBe(model.labels[3]);
    // More clusters than distinct points: still finite, labels in range.
    const crowded = new KMeans({ k: 3, nInit: 1 }).fit(points);
    expect(Number.isFinite(crowded.inertia)).toBe(true);
    expect(crowded.labels.every((l) => l >= 0 && l < 3)).toBe(true);
  });

  it('clear errors for bad input', () => {
    const points = matrixFromRows([[0], [1]]);
    expect(() => new KMeans({ k: 3 }).fit(points)).toThrow(/exceeds/);
    expect(() => new KMeans({ k: 0 })).toThrow(/positive integer/);
    expect(() => new KMeans({ k: 1 }).fit(matrixFromRows([[Number.POSITIVE_INFINITY]]))).toThrow(/non-finite/);
    expect(() => new KMeans({ k: 1, init: matrixFromRows([[0, 0]]) }).fit(points)).toThrow(/init centroids/);
  });
});
