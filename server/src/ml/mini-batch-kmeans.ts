import { KMeansModel } from './kmeans.js';
import { kMeansPlusPlus } from './kmeans-init.js';
import { assignNearest } from './kmeans-kernels.js';
import { assertMatrix, invalidInput, meanColumnVariance, selectRows, type Matrix } from './matrix.js';
import type { ProgressCallback } from './progress.js';
import { Rng } from './rng.js';

/*
 * Mini-batch k-means (Sculley 2010, as in scikit-learn's MiniBatchKMeans) for very large n:
 * each step draws `batchSize` points uniformly with replacement, assigns them to the nearest
 * centre, and moves each centre to the running mean of every point it has ever been given
 * (per-centre learning rate 1/count). Stops after `maxIter` passes' worth of batches, when the
 * exponentially weighted batch inertia has not improved for `maxNoImprovement` steps, or when
 * the squared centre shift of a step is ≤ tol × mean feature variance (tol 0 disables this).
 * A final full pass assigns every point and computes the exact inertia.
 *
 * Not implemented (unlike scikit-learn): reassignment of rarely used centres.
 */

export interface MiniBatchKMeansOptions {
  k: number;
  /** Default 1024. */
  batchSize?: number;
  /** Passes over the data (in batches). Default 100. */
  maxIter?: number;
  /** Default 10. */
  maxNoImprovement?: number;
  /** Default 0 (off). */
  tol?: number;
  seed?: number;
  /** k-means++ runs on this many sampled points. Default 3 × batchSize (scikit-learn's init_size). */
  initSize?: number;
  onProgress?: ProgressCallback;
}

export class MiniBatchKMeans {
  constructor(readonly options: MiniBatchKMeansOptions) {}

  fit(points: Matrix): KMeansModel {
    assertMatrix(points);
    const { k, seed = 0, batchSize = 1024, maxIter = 100, maxNoImprovement = 10, tol = 0, onProgress } = this.options;
    const { rows: n, cols: d, data } = points;
    if (!Number.isInteger(k) || k < 1 || k > n) throw invalidInput(`mini-batch kmeans: k must be 1..${n}, got ${k}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw invalidInput(`mini-batch kmeans: batchSize must be ≥ 1, got ${batchSize}`);
    const rng = new Rng(seed);
    const initSize = Math.min(n, Math.max(k, this.options.initSize ?? 3 * batchSize));
    const centroids = kMeansPlusPlus(selectRows(points, rng.sampleWithoutReplacement(n, initSize)), k, rng);
    const tolerance = tol > 0 ? tol * meanColumnVariance(points) : 0;
    const counts = new Float64Array(k);
    const batch = { data: new Float64Array(batchSize * d), rows: batchSize, cols: d };
    const batchLabels = new Int32Array(batchSize);
    const batchSums = new Float64Array(k * d);
    const batchCounts = new Float64Array(k);
    const steps = Math.ceil((maxIter * n) / batchSize);
    const alpha = Math.min(1, (2 * batchSize) / (n + 1));
    let smoothed = NaN;
    let bestSmoothed = Infinity;
    let sinceImprovement = 0;
    let step = 0;
    let converged = false;
    while (step < steps) {
      for (let b = 0; b < batchSize; b++) {
        const row = rng.nextInt(n) * d;
        for (let t = 0; t < d; t++) batch.data[b * d + t] = data[row + t];
      }
      const batchInertia = assignNearest(batch.data, d, 0, batchSize, centroids, k, batchLabels);
      batchSums.fill(0);
      batchCounts.fill(0);
      for (let b = 0; b < batchSize; b++) {
        const j = batchLabels[b];
        batchCounts[j]++;
        for (let t = 0; t < d; t++) batchSums[j * d + t] += batch.data[b * d + t];
      }
      let shift = 0;
      for (let j = 0; j < k; j++) {
        if (batchCounts[j] === 0) continue;
        const total = counts[j] + batchCounts[j];
        for (let t = 0; t < d; t++) {
          const updated = (centroids[j * d + t] * counts[j] + batchSums[j * d + t]) / total;
          shift += (updated - centroids[j * d + t]) ** 2;
          centroids[j * d + t] = updated;
        }
        counts[j] = total;
      }
      step++;
      smoothed = Number.isNaN(smoothed) ? batchInertia / batchSize : smoothed * (1 - alpha) + (batchInertia / batchSize) * alpha;
      if (smoothed < bestSmoothed) {
        bestSmoothed = smoothed;
        sinceImprovement = 0;
      } else if (++sinceImprovement >= maxNoImprovement) {
        converged = true;
        break;
      }
      if (tolerance > 0 && shift <= tolerance) {
        converged = true;
        break;
      }
      if (onProgress && step % 100 === 0) onProgress({ stage: 'mini-batch-kmeans', done: step, total: steps });
    }
    const labels = new Int32Array(n);
    const inertia = assignNearest(data, d, 0, n, centroids, k, labels);
    onProgress?.({ stage: 'mini-batch-kmeans', done: steps, total: steps });
    return new KMeansModel({ data: centroids, rows: k, cols: d }, labels, inertia, step, converged, seed);
  }
}
