import { assignNearest } from './kmeans-kernels.js';
import {
  computeLinkage, cutLinkage, dendrogramTop, type Dendrogram, type DistancePrecision, type LinkageMatrix, type LinkageMethod,
} from './linkage.js';
import { assertMatrix, createMatrix, invalidInput, selectRows, type Matrix } from '../matrix.js';
import type { ProgressCallback } from '../progress.js';
import { Rng } from '../rng.js';

/*
 * Agglomerative (hierarchical) clustering estimator over linkage.ts.
 *
 * Above `sampleThreshold` points the tree is built on a seeded uniform sample of `sampleSize`
 * points (an exact tree on all points would need O(n²) time, and O(n²) memory for
 * average/complete); every point outside the sample is then assigned to the nearest centroid of
 * the sample's clusters at the requested cut. Sampled points keep their tree labels.
 */

export interface AgglomerativeOptions {
  /** Default 'ward'. */
  linkage?: LinkageMethod;
  /** When set, `model.labels` holds the cut at this many clusters. */
  nClusters?: number;
  /** Largest n fitted exactly. Default 20,000. */
  sampleThreshold?: number;
  /** Sample size above the threshold. Default: sampleThreshold. */
  sampleSize?: number;
  /** Seed for the sample. Default 0. */
  seed?: number;
  /** Condensed-matrix precision for average/complete (see linkage.ts). Default 'auto'. */
  distancePrecision?: DistancePrecision;
  onProgress?: ProgressCallback;
}

export class AgglomerativeClustering {
  constructor(readonly options: AgglomerativeOptions = {}) {}

  fit(points: Matrix): HierarchicalModel {
    assertMatrix(points);
    const method = this.options.linkage ?? 'ward';
    if (!['ward', 'average', 'complete'].includes(method)) throw invalidInput(`hierarchical: unknown linkage '${method}'`);
    const threshold = this.options.sampleThreshold ?? 20_000;
    const sampleSize = this.options.sampleSize ?? threshold;
    if (!Number.isInteger(sampleSize) || sampleSize < 1) throw invalidInput(`hierarchical: sampleSize must be a positive integer, got ${sampleSize}`);
    const seed = this.options.seed ?? 0;
    const sampleIndices = points.rows > threshold ? new Rng(seed).sampleWithoutReplacement(points.rows, Math.min(sampleSize, points.rows)) : null;
    const treePoints = sampleIndices ? selectRows(points, sampleIndices) : points;
    const total = Math.max(1, treePoints.rows - 1);
    const every = Math.max(1, Math.floor(total / 100));
    const onProgress = this.options.onProgress;
    const linkage = computeLinkage(treePoints, method, this.options.distancePrecision ?? 'auto',
      onProgress && ((done) => { if (done % every === 0 || done === total) onProgress({ stage: 'linkage', done, total }); }));
    const model = new HierarchicalModel(points, linkage, method, sampleIndices);
    if (this.options.nClusters !== undefined) model.labels = model.cutTree(this.options.nClusters);
    return model;
  }
}

export class HierarchicalModel {
  /** Cut at `nClusters` when that option was given. */
  labels: Int32Array | null = null;

  constructor(
    /** The points passed to fit (kept to label points outside the sample and compute centroids). */
    readonly points: Matrix,
    /** SciPy-style linkage matrix of the tree (over the sample when sampled). */
    readonly linkage: LinkageMatrix,
    readonly method: LinkageMethod,
    /** Rows of `points` the tree was built on, ascending; null when built on all of them. */
    readonly sampleIndices: Int32Array | null,
  ) {}

  /** Labels 0..k−1 for every fitted point (numbered by first appearance in the tree's points). */
  cutTree(k: number): Int32Array {
    const leaves = this.linkage.nLeaves;
    if (!Number.isInteger(k) || k < 1 || k > leaves) throw invalidInput(`hierarchical: k must be 1..${leaves}, got ${k}`);
    const treeLabels = cutLinkage(this.linkage, k);
    if (!this.sampleIndices) return treeLabels;
    const centroids = this.centroidsOf(treeLabels, k);
    const labels = new Int32Array(this.points.rows);
    assignNearest(this.points.data, this.points.cols, 0, this.points.rows, centroids.data, k, labels);
    this.sampleIndices.forEach((row, s) => { labels[row] = treeLabels[s]; });
    return labels;
  }

  /** Mean of each cluster's tree points at cut k (k × d). */
  centroids(k: number): Matrix {
    return this.centroidsOf(cutLinkage(this.linkage, k), k);
  }

  /** Nearest cluster centroid at cut k for new points. */
  predict(points: Matrix, k: number): Int32Array {
    if (points.cols !== this.points.cols) throw invalidInput(`hierarchical: fitted on ${this.points.cols} columns, got ${points.cols}`);
    const centroids = this.centroids(k);
    const labels = new Int32Array(points.rows);
    assignNearest(points.data, points.cols, 0, points.rows, centroids.data, k, labels);
    return labels;
  }

  dendrogram(lastMerges = 50): Dendrogram {
    return dendrogramTop(this.linkage, lastMerges);
  }

  private centroidsOf(treeLabels: Int32Array, k: number): Matrix {
    const d = this.points.cols;
    const out = createMatrix(k, d);
    const counts = new Float64Array(k);
    treeLabels.forEach((label, s) => {
      const row = this.sampleIndices ? this.sampleIndices[s] : s;
      counts[label]++;
      for (let t = 0; t < d; t++) out.data[label * d + t] += this.points.data[row * d + t];
    });
    for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) out.data[j * d + t] /= counts[j];
    return out;
  }
}
