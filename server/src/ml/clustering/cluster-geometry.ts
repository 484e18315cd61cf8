import type { Matrix } from '../matrix.js';
import { MlInputError } from '../errors.js';

/** The mean of each cluster's points: k × d, row c the centroid of label c (an empty cluster's row stays 0). */
export function clusterMeans(points: Matrix, labels: Int32Array, k: number): Matrix {
  const d = points.cols;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < points.rows; i++) {
    const c = labels[i];
    counts[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += points.data[i * d + j];
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) sums[c * d + j] /= Math.max(1, counts[c]);
  return { data: sums, rows: k, cols: d };
}

/** Euclidean distance of every point to the centroid of its label (n values, in the points' units). */
export function distancesToCentroids(points: Matrix, labels: Int32Array, centroids: Matrix): Float64Array {
  const d = points.cols;
  const out = new Float64Array(points.rows);
  for (let i = 0; i < points.rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const diff = points.data[i * d + j] - centroids.data[labels[i] * d + j];
      s += diff * diff;
    }
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** Euclidean distance between two vectors of the same length. */
export function euclideanDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new MlInputError(`vectors of ${a.length} and ${b.length} values`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}
