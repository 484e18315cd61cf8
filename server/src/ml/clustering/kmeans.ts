import { kMeansPlusPlus, randomInit } from './kmeans-init.js';
import { assignNearest } from './kmeans-kernels.js';
import { createLloydState, runLloydSync, type LloydOutcome } from './lloyd.js';
import { assertMatrix, invalidInput, meanColumnVariance, selectRows, type Matrix } from '../matrix.js';
import type { ProgressCallback } from '../progress.js';
import { Rng } from '../rng.js';

/*
 * k-means (Lloyd iterations with Hamerly bounds, greedy k-means++ seeding, best of nInit runs).
 * This file is platform-free and single-threaded; `kmeans-parallel.ts` runs the same algorithm
 * (same seeds → same initial centres → same result up to float summation order) on worker threads.
 */

export type KMeansInit = 'k-means++' | 'random' | Matrix;

export interface KMeansOptions {
  /** Number of clusters, 1 ≤ k ≤ n. */
  k: number;
  /** Independent seeded runs; the lowest inertia wins. Default 10 (scikit-learn 1.2's default). */
  nInit?: number;
  /** Lloyd iterations per run. Default 300. */
  maxIter?: number;
  /**
   * Relative tolerance: a run stops when Σ_j ‖Δc_j‖² ≤ tol × (mean per-feature population
   * variance of the data). Default 1e-4, same semantics as scikit-learn.
   */
  tol?: number;
  /** Default 0. Every run's randomness derives from it. */
  seed?: number;
  /** Default 'k-means++'. An explicit k×d Matrix forces a single run. */
  init?: KMeansInit;
  /**
   * k-means++ seeding costs O(k · (2 + ln k) · n · d); above this many points it runs on a
   * seeded uniform sample of this size instead (Lloyd then runs on all points). Default
   * max(20,000, 1,000·k): every cluster holding ≥ 0.5% of the points still gets ~100 sampled
   * points, which is all D²-weighted seeding needs, and the seeding stops dominating the fit.
   */
  initSampleSize?: number;
  /** Keep Σ‖x − c‖² after every centre update (costs one extra data pass per iteration). */
  recordInertiaHistory?: boolean;
  onProgress?: ProgressCallback;
}

export type ResolvedKMeansOptions = Required<Omit<KMeansOptions, 'onProgress' | 'init'>> & {
  init: KMeansInit;
  onProgress?: ProgressCallback;
};

export interface KMeansState {
  kind: 'kmeans';
  k: number;
  nFeatures: number;
  /** k×nFeatures row-major. */
  centroids: number[];
  inertia: number;
  nIter: number;
  converged: boolean;
  seed: number;
}

export class KMeansModel {
  constructor(
    /** k×d cluster centres. */
    readonly centroids: Matrix,
    /** Cluster index of every training point (empty when loaded from JSON). */
    readonly labels: Int32Array,
    /** Σ over training points of the squared distance to the assigned centre. */
    readonly inertia: number,
    /** Lloyd iterations of the winning run. */
    readonly nIter: number,
    readonly converged: boolean,
    readonly seed: number,
    /** Per-iteration inertia of the winning run when `recordInertiaHistory` was set. */
    readonly inertiaHistory: number[] = [],
  ) {}

  get k(): number {
    return this.centroids.rows;
  }

  /** Nearest centre for every row (lowest index on exact ties). */
  predict(points: Matrix): Int32Array {
    if (points.cols !== this.centroids.cols) throw invalidInput(`kmeans: fitted on ${this.centroids.cols} columns, got ${points.cols}`);
    const labels = new Int32Array(points.rows);
    assignNearest(points.data, points.cols, 0, points.rows, this.centroids.data, this.k, labels);
    return labels;
  }

  toJSON(): KMeansState {
    return {
      kind: 'kmeans', k: this.k, nFeatures: this.centroids.cols, centroids: Array.from(this.centroids.data),
      inertia: this.inertia, nIter: this.nIter, converged: this.converged, seed: this.seed,
    };
  }

  static fromJSON(state: KMeansState): KMeansModel {
    const centroids = { data: Float64Array.from(state.centroids), rows: state.k, cols: state.nFeatures };
    return new KMeansModel(centroids, new Int32Array(0), state.inertia, state.nIter, state.converged, state.seed);
  }
}

export class KMeans {
  readonly options: ResolvedKMeansOptions;

  constructor(options: KMeansOptions) {
    this.options = resolveKMeansOptions(options);
  }

  fit(points: Matrix): KMeansModel {
    const options = this.options;
    validateKMeansInput(points, options);
    const { rows: n, cols: d } = points;
    const tolerance = absoluteTolerance(points, options.tol);
    const runs = typeof options.init === 'object' ? 1 : options.nInit;
    const rng = new Rng(options.seed);
    const totalIterations = runs * options.maxIter;
    let best: { outcome: LloydOutcome; centroids: Float64Array; labels: Int32Array } | undefined;
    for (let run = 0; run < runs; run++) {
      options.onProgress?.({ stage: 'kmeans-init', done: run, total: runs });
      const initial = initialCentroids(points, options, rng);
      const state = createLloydState(points.data, n, d, initial, options.k);
      const outcome = runLloydSync(state, {
        maxIter: options.maxIter,
        tolerance,
        recordInertiaHistory: options.recordInertiaHistory,
        onIteration: (iteration) => options.onProgress?.({ stage: 'kmeans', done: run * options.maxIter + iteration, total: totalIterations }),
      });
      if (!best || outcome.inertia < best.outcome.inertia) best = { outcome, centroids: state.centroids, labels: state.labels };
    }
    options.onProgress?.({ stage: 'kmeans', done: totalIterations, total: totalIterations });
    return toModel(best!, options.k, d, options.seed);
  }
}

export function toModel(
  best: { outcome: LloydOutcome; centroids: Float64Array; labels: Int32Array }, k: number, d: number, seed: number,
): KMeansModel {
  const { outcome } = best;
  return new KMeansModel(
    { data: new Float64Array(best.centroids), rows: k, cols: d }, new Int32Array(best.labels),
    outcome.inertia, outcome.nIter, outcome.converged, seed, outcome.inertiaHistory,
  );
}

export function resolveKMeansOptions(options: KMeansOptions): ResolvedKMeansOptions {
  const resolved: ResolvedKMeansOptions = {
    k: options.k,
    nInit: options.nInit ?? 10,
    maxIter: options.maxIter ?? 300,
    tol: options.tol ?? 1e-4,
    seed: options.seed ?? 0,
    init: options.init ?? 'k-means++',
    initSampleSize: options.initSampleSize ?? Math.max(20_000, 1_000 * options.k),
    recordInertiaHistory: options.recordInertiaHistory ?? false,
    onProgress: options.onProgress,
  };
  if (!Number.isInteger(resolved.k) || resolved.k < 1) throw invalidInput(`kmeans: k must be a positive integer, got ${resolved.k}`);
  if (!Number.isInteger(resolved.nInit) || resolved.nInit < 1) throw invalidInput(`kmeans: nInit must be ≥ 1, got ${resolved.nInit}`);
  if (!Number.isInteger(resolved.maxIter) || resolved.maxIter < 1) throw invalidInput(`kmeans: maxIter must be ≥ 1, got ${resolved.maxIter}`);
  if (!(resolved.tol >= 0)) throw invalidInput(`kmeans: tol must be ≥ 0, got ${resolved.tol}`);
  if (!Number.isInteger(resolved.initSampleSize) || resolved.initSampleSize < resolved.k) {
    throw invalidInput(`kmeans: initSampleSize must be an integer ≥ k, got ${resolved.initSampleSize}`);
  }
  return resolved;
}

export function validateKMeansInput(points: Matrix, options: ResolvedKMeansOptions, checkValues = true): void {
  assertMatrix(points, 'points', 1, checkValues);
  if (options.k > points.rows) throw invalidInput(`kmeans: k=${options.k} exceeds the number of points (${points.rows})`);
  const init = options.init;
  if (typeof init === 'object' && (init.rows !== options.k || init.cols !== points.cols)) {
    throw invalidInput(`kmeans: init centroids must be ${options.k}x${points.cols}, got ${init.rows}x${init.cols}`);
  }
}

/** tol × mean per-feature variance: makes `tol` independent of the data's scale. */
export function absoluteTolerance(points: Matrix, tol: number): number {
  return tol === 0 ? 0 : tol * meanColumnVariance(points);
}

export function initialCentroids(points: Matrix, options: ResolvedKMeansOptions, rng: Rng): Float64Array {
  const init = options.init;
  if (typeof init === 'object') return new Float64Array(init.data);
  const source = points.rows > options.initSampleSize
    ? selectRows(points, rng.sampleWithoutReplacement(points.rows, options.initSampleSize))
    : points;
  return init === 'random' ? randomInit(source, options.k, rng) : kMeansPlusPlus(source, options.k, rng);
}
