import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KMeans, KMeansModel, initialCentroids, resolveKMeansOptions, toModel, validateKMeansInput, type KMeansOptions } from './kmeans.js';
import { ASSIGN_KERNEL_PARAMETERS, assignKernelFor, assignKernelSource, canSpecialise } from './kmeans-codegen.js';
import { assignWithBounds, inertiaOfRange } from './kmeans-kernels.js';
import { createLloydState, lloydIterations, type ArrayAllocator, type LloydOutcome, type LloydRequest, type LloydState } from './lloyd.js';
import { nonFinite, type Matrix } from './matrix.js';
import { Rng } from './rng.js';

/*
 * k-means on worker threads (Node only; the pure core in kmeans.ts stays platform-free).
 * Points, labels and bounds live in SharedArrayBuffers; each participant (the calling thread
 * plus `threads − 1` workers) owns a contiguous row range and runs the kernels of
 * kmeans-kernels.ts on it; the calling thread sums the per-range cluster sums. The Lloyd
 * generator (lloyd.ts) is the same one the single-threaded KMeans uses, so seeds give the same
 * initial centres and the same labels; only float summation order differs.
 *
 * Workers are started from source text (`eval: true`) built from the kernels' own
 * Function.toString(): no separate worker file to resolve under tsc output, swc-node or vitest.
 */

const WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
${assignWithBounds.toString()}
${inertiaOfRange.toString()}
let job = null;
const kernels = new Map();
function compile(parameters, source) {
  let kernel = kernels.get(source);
  if (!kernel) { kernel = new Function(...parameters, source); kernels.set(source, kernel); }
  return kernel;
}
parentPort.on('message', (message) => {
  if (message.type === 'bind') {
    const b = message.buffers;
    job = {
      assign: message.kernelSource ? compile(message.kernelParameters, message.kernelSource) : assignWithBounds,
      d: message.d, k: message.k, start: message.start, end: message.end,
      data: new Float64Array(b.data), centroids: new Float64Array(b.centroids),
      halfSeparation: new Float64Array(b.halfSeparation), shifts: new Float64Array(b.shifts),
      labels: new Int32Array(b.labels), upper: new Float64Array(b.upper), lower: new Float64Array(b.lower),
      sums: new Float64Array(b.partialSums, message.sumsOffset * 8, message.k * message.d),
      counts: new Float64Array(b.partialCounts, message.countsOffset * 8, message.k),
    };
    parentPort.postMessage(0);
  } else if (message.type === 'assign') {
    const j = job;
    parentPort.postMessage(j.assign(j.data, j.d, j.start, j.end, j.centroids, j.k, j.halfSeparation, j.shifts,
      j.labels, j.upper, j.lower, j.sums, j.counts, message.firstPass ? 1 : 0));
  } else if (message.type === 'inertia') {
    const j = job;
    parentPort.postMessage(inertiaOfRange(j.data, j.d, j.start, j.end, j.centroids, j.labels));
  }
});
`;

/** Below this many point×centre pairs, thread start-up and messaging cost more than they save. */
const MIN_WORK_FOR_THREADS = 200_000;

export interface KMeansWorkerPoolOptions {
  /** Participants including the calling thread. Default: os.availableParallelism(). */
  threads?: number;
}

export class KMeansWorkerPool {
  readonly threads: number;
  private readonly workers: Worker[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Map<Worker, { resolve: (value: number) => void; reject: (error: Error) => void }>();

  constructor(options: KMeansWorkerPoolOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
    for (let w = 0; w < this.threads - 1; w++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', (value: number) => this.settle(worker, (p) => p.resolve(value)));
      worker.on('error', (error) => this.settle(worker, (p) => p.reject(error)));
      this.workers.push(worker);
    }
  }

  /**
   * Same contract and result as `new KMeans(options).fit(points)`, computed on all threads.
   * Calls on one pool run one after another (the workers hold one job's buffers at a time).
   */
  fit(points: Matrix, kmeansOptions: KMeansOptions): Promise<KMeansModel> {
    const result = this.queue.then(() => this.fitNow(points, kmeansOptions));
    this.queue = result.then(() => undefined, () => undefined);
    return result;
  }

  private async fitNow(points: Matrix, kmeansOptions: KMeansOptions): Promise<KMeansModel> {
    const options = resolveKMeansOptions(kmeansOptions);
    if (this.workers.length === 0 || points.rows * options.k < MIN_WORK_FOR_THREADS) return new KMeans(kmeansOptions).fit(points);
    // Values are checked by the single pass below, which also copies and measures variance.
    validateKMeansInput(points, options, false);
    const { rows: n, cols: d } = points;
    const k = options.k;
    const { shared, meanVariance } = shareAndMeasure(points);
    const tolerance = options.tol * meanVariance;
    const runs = typeof options.init === 'object' ? 1 : options.nInit;
    const rng = new Rng(options.seed);
    const participants = this.workers.length + 1;
    const bounds = Array.from({ length: participants + 1 }, (_, p) => Math.round((p * n) / participants));
    const partialSums = new Float64Array(new SharedArrayBuffer(8 * participants * k * d));
    const partialCounts = new Float64Array(new SharedArrayBuffer(8 * participants * k));
    const totalIterations = runs * options.maxIter;
    let best: { outcome: LloydOutcome; centroids: Float64Array; labels: Int32Array } | undefined;
    for (let run = 0; run < runs; run++) {
      options.onProgress?.({ stage: 'kmeans-init', done: run, total: runs });
      const initial = initialCentroids(shared, options, rng);
      const state = createLloydState(shared.data, n, d, initial, k, sharedAllocator);
      await Promise.all(this.workers.map((worker, w) => this.request(worker, {
        type: 'bind', d, k, start: bounds[w + 1], end: bounds[w + 2],
        kernelSource: canSpecialise(d, k) ? assignKernelSource(d, k) : null, kernelParameters: ASSIGN_KERNEL_PARAMETERS,
        sumsOffset: (w + 1) * k * d, countsOffset: (w + 1) * k,
        buffers: {
          data: shared.data.buffer, centroids: state.centroids.buffer, halfSeparation: state.halfSeparation.buffer,
          shifts: state.shifts.buffer, labels: state.labels.buffer, upper: state.upper.buffer, lower: state.lower.buffer,
          partialSums: partialSums.buffer, partialCounts: partialCounts.buffer,
        },
      })));
      const steps = lloydIterations(state, {
        maxIter: options.maxIter,
        tolerance,
        recordInertiaHistory: options.recordInertiaHistory,
        onIteration: (iteration) => options.onProgress?.({ stage: 'kmeans', done: run * options.maxIter + iteration, total: totalIterations }),
      });
      let reply = 0;
      for (;;) {
        const step = steps.next(reply);
        if (step.done) {
          if (!best || step.value.inertia < best.outcome.inertia) best = { outcome: step.value, centroids: state.centroids, labels: state.labels };
          break;
        }
        reply = await this.runStep(step.value, state, bounds[1], partialSums, partialCounts);
      }
    }
    options.onProgress?.({ stage: 'kmeans', done: totalIterations, total: totalIterations });
    return toModel(best!, k, d, options.seed);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  /** Posts the step to every worker, does the calling thread's own range meanwhile, then reduces. */
  private async runStep(step: LloydRequest, state: LloydState, ownEnd: number, partialSums: Float64Array, partialCounts: Float64Array): Promise<number> {
    const { data, d, k } = state;
    const replies = this.workers.map((worker) => this.request(worker, step.kind === 'assign' ? { type: 'assign', firstPass: step.firstPass } : { type: 'inertia' }));
    let own: number;
    if (step.kind === 'assign') {
      own = assignKernelFor(d, k)(data, d, 0, ownEnd, state.centroids, k, state.halfSeparation, state.shifts, state.labels, state.upper, state.lower,
        partialSums.subarray(0, k * d), partialCounts.subarray(0, k), step.firstPass ? 1 : 0);
    } else {
      own = inertiaOfRange(data, d, 0, ownEnd, state.centroids, state.labels);
    }
    const total = (await Promise.all(replies)).reduce((sum, value) => sum + value, own);
    if (step.kind === 'assign') {
      state.sums.fill(0);
      state.counts.fill(0);
      for (let p = 0; p <= this.workers.length; p++) {
        for (let i = 0; i < k * d; i++) state.sums[i] += partialSums[p * k * d + i];
        for (let j = 0; j < k; j++) state.counts[j] += partialCounts[p * k + j];
      }
    }
    return total;
  }

  private request(worker: Worker, message: unknown): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.set(worker, { resolve, reject });
      worker.postMessage(message);
    });
  }

  private settle(worker: Worker, action: (pending: { resolve: (value: number) => void; reject: (error: Error) => void }) => void): void {
    const pending = this.pending.get(worker);
    if (!pending) return;
    this.pending.delete(worker);
    action(pending);
  }
}

/** One-shot convenience: starts a pool, fits, and always stops the workers. */
export async function fitKMeansParallel(points: Matrix, options: KMeansOptions, poolOptions: KMeansWorkerPoolOptions = {}): Promise<KMeansModel> {
  const pool = new KMeansWorkerPool(poolOptions);
  try {
    return await pool.fit(points, options);
  } finally {
    await pool.close();
  }
}

const sharedAllocator: ArrayAllocator = {
  int32: (length) => new Int32Array(new SharedArrayBuffer(4 * length)),
  float64: (length) => new Float64Array(new SharedArrayBuffer(8 * length)),
};

/**
 * Workers can only see shared memory: copies the points into a SharedArrayBuffer (unless they
 * already live in one) and, in the same pass, rejects non-finite values and computes the mean
 * per-column variance for the tolerance (one-pass, shifted by the first row; see
 * meanColumnVariance). One pass over 48 MB instead of three.
 */
function shareAndMeasure(points: Matrix): { shared: Matrix; meanVariance: number } {
  const { rows, cols, data: source } = points;
  const alreadyShared = source.buffer instanceof SharedArrayBuffer;
  const target = alreadyShared ? source : new Float64Array(new SharedArrayBuffer(source.byteLength));
  const sum = new Float64Array(cols);
  const sumSquares = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const value = source[row + j];
      if (value - value !== 0) throw nonFinite(points, row + j);
      const delta = value - source[j];
      sum[j] += delta;
      sumSquares[j] += delta * delta;
      target[row + j] = value;
    }
  }
  let total = 0;
  for (let j = 0; j < cols; j++) total += Math.max(0, (sumSquares[j] - (sum[j] * sum[j]) / rows) / rows);
  return { shared: { data: target, rows, cols }, meanVariance: total / cols };
}
