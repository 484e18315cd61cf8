import { assertMatrix, invalidInput, selectRows, type Matrix } from '../matrix.js';
import type { ProgressCallback } from '../progress.js';
import { Rng } from '../rng.js';
import { accumulateSilhouetteBlock } from './silhouette-kernel.js';

/*
 * Cluster-quality metrics with scikit-learn 1.2's definitions (tests pin them to its values).
 * Labels are integer cluster ids; they need not be contiguous.
 */

/** Maps arbitrary integer labels to 0..k−1 (in order of first appearance) and counts them. */
export function encodeLabels(labels: ArrayLike<number>): { codes: Int32Array; k: number; sizes: number[]; values: number[] } {
  const index = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  const sizes: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    let code = index.get(labels[i]);
    if (code === undefined) {
      code = index.size;
      index.set(labels[i], code);
      sizes.push(0);
      values.push(labels[i]);
    }
    codes[i] = code;
    sizes[code]++;
  }
  return { codes, k: index.size, sizes, values };
}

function checkLabels(points: Matrix, labels: ArrayLike<number>, what: string): ReturnType<typeof encodeLabels> {
  assertMatrix(points);
  if (labels.length !== points.rows) throw invalidInput(`${what}: ${labels.length} labels for ${points.rows} points`);
  const encoded = encodeLabels(labels);
  if (encoded.k < 2 || encoded.k > points.rows - 1) {
    throw invalidInput(`${what}: needs 2 ≤ number of clusters ≤ n − 1, got ${encoded.k} clusters for ${points.rows} points`);
  }
  return encoded;
}

function clusterMeans(points: Matrix, codes: Int32Array, k: number, sizes: number[]): Float64Array {
  const d = points.cols;
  const means = new Float64Array(k * d);
  for (let i = 0; i < points.rows; i++) for (let t = 0; t < d; t++) means[codes[i] * d + t] += points.data[i * d + t];
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) means[j * d + t] /= sizes[j];
  return means;
}

/** Σ‖x − c(label)‖² against given centroids (k × d). */
export function inertia(points: Matrix, labels: ArrayLike<number>, centroids: Matrix): number {
  const d = points.cols;
  let total = 0;
  for (let i = 0; i < points.rows; i++) {
    for (let t = 0; t < d; t++) {
      const delta = points.data[i * d + t] - centroids.data[labels[i] * d + t];
      total += delta * delta;
    }
  }
  return total;
}

export interface SilhouetteOptions {
  /** Compute on a seeded uniform sample of this many points (as scikit-learn's sample_size). */
  sampleSize?: number;
  seed?: number;
  onProgress?: ProgressCallback;
}

export interface SilhouetteResult {
  score: number;
  /** Points the score was computed on (n when exact). */
  sampleSize: number;
  exact: boolean;
}

/** Mean silhouette coefficient; exact unless `sampleSize` < n. */
export function silhouetteScore(points: Matrix, labels: ArrayLike<number>, options: SilhouetteOptions = {}): SilhouetteResult {
  const n = points.rows;
  if (options.sampleSize !== undefined && options.sampleSize < n) {
    const indices = new Rng(options.seed ?? 0).sampleWithoutReplacement(n, options.sampleSize);
    const sampleLabels = Array.from(indices, (i) => labels[i]);
    const values = silhouetteSamples(selectRows(points, indices), sampleLabels, options.onProgress);
    return { score: mean(values), sampleSize: indices.length, exact: false };
  }
  return { score: mean(silhouetteSamples(points, labels, options.onProgress)), sampleSize: n, exact: true };
}

/** Rows sorted by cluster, as the silhouette kernel wants them (see silhouette-kernel.ts). */
export interface SilhouettePlan {
  n: number;
  d: number;
  k: number;
  sizes: number[];
  /** order[r] = original row of sorted row r. */
  order: Int32Array;
  sorted: Float64Array;
  sortedCode: Int32Array;
  starts: Int32Array;
}

/** Rows per block: 256 rows × d doubles stay in L1/L2 while the later rows stream past. */
export const SILHOUETTE_BLOCK = 256;

export function planSilhouette(points: Matrix, labels: ArrayLike<number>, allocate: (bytes: number) => ArrayBufferLike = (b) => new ArrayBuffer(b)): SilhouettePlan {
  const { codes, k, sizes } = checkLabels(points, labels, 'silhouette');
  const { rows: n, cols: d, data } = points;
  const starts = new Int32Array(allocate(4 * (k + 1)));
  for (let j = 0; j < k; j++) starts[j + 1] = starts[j] + sizes[j];
  const fill = starts.slice(0, k);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[codes[i]]++] = i;
  const sorted = new Float64Array(allocate(8 * n * d));
  const sortedCode = new Int32Array(allocate(4 * n));
  for (let r = 0; r < n; r++) {
    sortedCode[r] = codes[order[r]];
    for (let t = 0; t < d; t++) sorted[r * d + t] = data[order[r] * d + t];
  }
  return { n, d, k, sizes, order, sorted, sortedCode, starts };
}

/** s = (b − a) / max(a, b) per original row from the summed distances; 0 in singleton clusters. */
export function finishSilhouette(plan: SilhouettePlan, distanceSums: Float64Array): Float64Array {
  const { n, k, sizes, order, sortedCode } = plan;
  const values = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const own = sortedCode[r];
    const ownSize = sizes[own];
    if (ownSize <= 1) continue;
    const a = distanceSums[r * k + own] / (ownSize - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own) continue;
      const meanDistance = distanceSums[r * k + c] / sizes[c];
      if (meanDistance < b) b = meanDistance;
    }
    const denominator = Math.max(a, b);
    values[order[r]] = denominator > 0 ? (b - a) / denominator : 0;
  }
  return values;
}

/**
 * Per-point silhouette s = (b − a) / max(a, b): a = mean distance to the other members of its
 * cluster, b = lowest mean distance to another cluster; 0 for members of singleton clusters.
 * O(n²·d) time, O(n·k) memory; every pair computed once (silhouette-kernel.ts).
 * `silhouette-parallel.ts` splits the same blocks over worker threads.
 */
export function silhouetteSamples(points: Matrix, labels: ArrayLike<number>, onProgress?: ProgressCallback): Float64Array {
  const plan = planSilhouette(points, labels);
  const { n, d, k } = plan;
  const distanceSums = new Float64Array(n * k);
  for (let blockStart = 0; blockStart < n; blockStart += SILHOUETTE_BLOCK) {
    const blockEnd = Math.min(n, blockStart + SILHOUETTE_BLOCK);
    accumulateSilhouetteBlock(plan.sorted, plan.sortedCode, plan.starts, d, k, blockStart, blockEnd, distanceSums);
    onProgress?.({ stage: 'silhouette', done: blockEnd, total: n });
  }
  return finishSilhouette(plan, distanceSums);
}

/** Davies–Bouldin index: mean over clusters of the worst (s_i + s_j) / ‖c_i − c_j‖; lower is better. */
export function daviesBouldinScore(points: Matrix, labels: ArrayLike<number>): number {
  const { codes, k, sizes } = checkLabels(points, labels, 'davies-bouldin');
  const { rows: n, cols: d, data } = points;
  const means = clusterMeans(points, codes, k, sizes);
  const scatter = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < d; t++) {
      const delta = data[i * d + t] - means[codes[i] * d + t];
      sum += delta * delta;
    }
    scatter[codes[i]] += Math.sqrt(sum);
  }
  for (let j = 0; j < k; j++) scatter[j] /= sizes[j];
  let total = 0;
  let anyScatter = false;
  let anySeparation = false;
  const separation = (a: number, b: number): number => {
    let sum = 0;
    for (let t = 0; t < d; t++) {
      const delta = means[a * d + t] - means[b * d + t];
      sum += delta * delta;
    }
    return Math.sqrt(sum);
  };
  for (let a = 0; a < k; a++) {
    if (scatter[a] > 0) anyScatter = true;
    let worst = -Infinity;
    for (let b = 0; b < k; b++) {
      if (a === b) continue;
      const gap = separation(a, b);
      if (gap > 0) anySeparation = true;
      // Coincident centroids count as infinitely far apart (scikit-learn's convention).
      const ratio = (scatter[a] + scatter[b]) / (gap === 0 ? Infinity : gap);
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  // Degenerate clusterings (all points on their centroids, or all centroids equal) score 0.
  return anyScatter && anySeparation ? total / k : 0;
}

/** Calinski–Harabasz: between-cluster / within-cluster dispersion ratio, × (n − k)/(k − 1); higher is better. */
export function calinskiHarabaszScore(points: Matrix, labels: ArrayLike<number>): number {
  const { codes, k, sizes } = checkLabels(points, labels, 'calinski-harabasz');
  const { rows: n, cols: d, data } = points;
  const means = clusterMeans(points, codes, k, sizes);
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) overall[t] += data[i * d + t];
  for (let t = 0; t < d; t++) overall[t] /= n;
  let between = 0;
  let within = 0;
  for (let j = 0; j < k; j++) {
    let sum = 0;
    for (let t = 0; t < d; t++) {
      const delta = means[j * d + t] - overall[t];
      sum += delta * delta;
    }
    between += sizes[j] * sum;
  }
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      const delta = data[i * d + t] - means[codes[i] * d + t];
      within += delta * delta;
    }
  }
  return within === 0 ? 1 : (between * (n - k)) / (within * (k - 1));
}

export interface ContingencyTable {
  /** Distinct values of the first labelling (rows), in order of first appearance. */
  rowLabels: number[];
  /** Distinct values of the second labelling (columns). */
  columnLabels: number[];
  /** counts[r][c] = points with first label rowLabels[r] and second label columnLabels[c]. */
  counts: number[][];
}

export function contingencyMatrix(first: ArrayLike<number>, second: ArrayLike<number>): ContingencyTable {
  if (first.length !== second.length) throw invalidInput(`contingency: ${first.length} vs ${second.length} labels`);
  const a = encodeLabels(first);
  const b = encodeLabels(second);
  const counts = Array.from({ length: a.k }, () => new Array<number>(b.k).fill(0));
  for (let i = 0; i < first.length; i++) counts[a.codes[i]][b.codes[i]]++;
  return { rowLabels: a.values, columnLabels: b.values, counts };
}

/**
 * Segment migration between two runs: counts and row shares (each row sums to 1), e.g. "of last
 * month's segment 2, 80% are still in segment 2 and 15% moved to segment 0".
 */
export function transitionMatrix(from: ArrayLike<number>, to: ArrayLike<number>): ContingencyTable & { shares: number[][] } {
  const table = contingencyMatrix(from, to);
  const shares = table.counts.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
  return { ...table, shares };
}

/** Adjusted Rand index (Hubert & Arabie) from pair counts; 1 for identical partitions up to renaming. */
export function adjustedRandScore(first: ArrayLike<number>, second: ArrayLike<number>): number {
  const { counts } = contingencyMatrix(first, second);
  const n = first.length;
  const pairs = (m: number): number => (m * (m - 1)) / 2;
  let sumCells = 0;
  const rowSums = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const columnSums = counts[0]?.map((_, c) => counts.reduce((s, row) => s + row[c], 0)) ?? [];
  for (const row of counts) for (const v of row) sumCells += pairs(v);
  const sumRows = rowSums.reduce((s, v) => s + pairs(v), 0);
  const sumColumns = columnSums.reduce((s, v) => s + pairs(v), 0);
  const totalPairs = pairs(n);
  // Same special case as scikit-learn: both partitions trivial in the same way → perfect agreement.
  if (totalPairs === 0 || (sumRows === sumColumns && sumCells === sumRows)) return 1;
  const expected = (sumRows * sumColumns) / totalPairs;
  const maximum = (sumRows + sumColumns) / 2;
  return (sumCells - expected) / (maximum - expected);
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
