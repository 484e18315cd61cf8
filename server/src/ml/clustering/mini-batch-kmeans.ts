import { KMeansModel } from './kmeans.js';
import { kMeansPlusPlus } from './kmeans-init.js';
import { assignNearest } from './kmeans-kernels.js';
import { assertMatrix, invalidInput, meanColumnVariance, selectRows, type Matrix } from '../matrix.js';
import type { ProgressCallback } from '../progress.js';
import { Rng } from '../rng.js';

/*
 * Mini-batch k-means (Sculley 2010, as in scikit-learn's MiniBatchKMeans) for very large n:
 * each step draws `batchSize` points uniformly with replacement, assigns them to the nearest
 * centre, and moves each centre to the running mean of every point it has ever been given
 * (per-centre learning rate 1/count). Stops after `maxIter` passes' worth of batches, when the
 * exponentially weighted batch inertia has not improved for `maxNoImprovement` steps, or when
 * the squared centre shift of a step is ≤ tol × mean feature variance (tol 0 disables this).
 * A final full pass assigns every point and computes the exact inertia.
 *
 * Rarely used centres are reassigned as in scikit-learn: whenever a centre has never been given a
 * point, or at least 10·k points have been drawn since the last check, every centre whose count is
 * below `reassignmentRatio` × the largest count moves to a point of the current batch drawn
 * uniformly without replacement (at most half a batch of them at once), and its count is set to
 * the smallest count among the others, so it is not reassigned again at once. Without this, a
 * centre that k-means++ put on an outlier keeps it forever and two real groups share a centre.
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
  /** Centres with a count below this share of the largest are reassigned. Default 0.01; 0 turns it off. */
  reassignmentRatio?: number;
  onProgress?: ProgressCallback;
}

export class MiniBatchKMeans {
  constructor(readonly options: MiniBatchKMeansOptions) {}

  fit(points: Matrix): KMeansModel {
    assertMatrix(points);
    const { k, seed = 0, batchSize = 1024, maxIter = 100, maxNoImprovement = 10, tol = 0, reassignmentRatio = 0.01, onProgress } = this.options;
    const { rows: n, cols: d, data } = points;
    if (!Number.isInteger(k) || k < 1 || k > n) throw invalidInput(`mini-batch kmeans: k must be 1..${n}, got ${k}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw invalidInput(`mini-batch kmeans: batchSize must be ≥ 1, got ${batchSize}`);
    if (!(reassignmentRatio >= 0 && reassignmentRatio <= 1)) throw invalidInput(`mini-batch kmeans: reassignmentRatio must be in [0, 1], got ${reassignmentRatio}`);
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
    let drawnSinceReassign = 0;
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
      drawnSinceReassign += batchSize;
      if (reassignmentRatio > 0 && k > 1 && (counts.includes(0) || drawnSinceReassign >= 10 * k)) {
        drawnSinceReassign = 0;
        reassignRareCentres(centroids, counts, batch.data, batchSize, d, reassignmentRatio, rng);
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

/** Moves centres whose count is below ratio × the largest count onto points of the batch (see the class comment). */
function reassignRareCentres(centroids: Float64Array, counts: Float64Array, batch: Float64Array, batchSize: number, d: number, ratio: number, rng: Rng): void {
  const k = counts.length;
  let max = 0;
  for (let j = 0; j < k; j++) max = Math.max(max, counts[j]);
  let rare: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] < ratio * max) rare.push(j);
  if (!rare.length || rare.length === k) return;
  // At most half a batch at once: keep the least used ones.
  const limit = Math.floor(0.5 * batchSize);
  if (rare.length > limit) rare = rare.sort((a, b) => counts[a] - counts[b] || a - b).slice(0, limit);
  if (!rare.length) return;
  const isRare = new Uint8Array(k);
  for (const j of rare) isRare[j] = 1;
  let floor = Infinity;
  for (let j = 0; j < k; j++) if (!isRare[j]) floor = Math.min(floor, counts[j]);
  const picks = rng.sampleWithoutReplacement(batchSize, rare.length);
  rare.forEach((j, i) => {
    for (let t = 0; t < d; t++) centroids[j * d + t] = batch[picks[i] * d + t];
    counts[j] = floor;
  });
}
