import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KMeans, KMeansModel, initialCentroids, resolveKMeansOptions, toModel, validateKMeansInput, type KMeansOptions } from './kmeans.js';
import { ASSIGN_KERNEL_PARAMETERS, assignKernelFor, assignKernelSource, canSpecialise } from './kmeans-codegen.js';
import { assignWithBounds, inertiaOfRange } from './kmeans-kernels.js';
import { createLloydState, lloydIterations, type ArrayAllocator, type LloydOutcome, type LloydRequest, type LloydState } from './lloyd.js';
import { nonFinite, type Matrix } from '../matrix.js';
import { Rng } from '../rng.js';

/*
 * k-means on worker threads (Node only; the pure core in kmeans.ts stays platform-free).
 * Points, labels and bounds live in SharedArrayBuffers. Rows are cut into chunks (8 per
 * thread); for every data pass the calling thread and `threads − 1` workers claim chunks from
 * a shared atomic counter until none are left, so a thread that the OS descheduled does not
 * hold the others back. Each chunk keeps its own running cluster sums (the kernel updates them
 * incrementally) and its own result slot; the calling thread reduces them in chunk order, so
 * the result does not depend on which thread ran which chunk. The Lloyd generator (lloyd.ts) is
 * the one the single-threaded KMeans uses: same seed → same initial centres → same labels;
 * only float summation order differs.
 *
 * Workers are started from source text (`eval: true`) built from the kernels' own
 * Function.toString(): no separate worker file to resolve under tsc output, swc-node or vitest.
 */

/** The state one thread needs to run chunks; built once per run on every thread. */
interface ChunkJob {
  assign: typeof assignWithBounds;
  inertia: typeof inertiaOfRange;
  data: Float64Array;
  d: number;
  k: number;
  centroids: Float64Array;
  halfSeparation: Float64Array;
  shifts: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  chunkStarts: Int32Array;
  chunkSums: Float64Array[];
  chunkCounts: Float64Array[];
  /** One slot per chunk: changed-label count (assign) or inertia (inertia). */
  chunkResults: Float64Array;
  counter: Int32Array;
}

/** Claims and runs chunks until none are left. SELF-CONTAINED: also shipped to workers. */
export function runChunks(job: ChunkJob, kind: number, firstPass: number): void {
  const chunks = job.chunkStarts.length - 1;
  for (;;) {
    const c = Atomics.add(job.counter, 0, 1);
    if (c >= chunks) return;
    const start = job.chunkStarts[c];
    const end = job.chunkStarts[c + 1];
    job.chunkResults[c] = kind === 0
      ? job.assign(job.data, job.d, start, end, job.centroids, job.k, job.halfSeparation, job.shifts,
        job.labels, job.upper, job.lower, job.chunkSums[c], job.chunkCounts[c], firstPass)
      : job.inertia(job.data, job.d, start, end, job.centroids, job.labels);
  }
}

/** Typed-array views over the shared buffers; same code on the calling thread and in workers. */
export function chunkJobFromBuffers(b: Record<string, SharedArrayBuffer>, d: number, k: number, assign: typeof assignWithBounds, inertia: typeof inertiaOfRange): ChunkJob {
  const chunkStarts = new Int32Array(b.chunkStarts);
  const chunks = chunkStarts.length - 1;
  const chunkSums: Float64Array[] = [];
  const chunkCounts: Float64Array[] = [];
  for (let c = 0; c < chunks; c++) {
    chunkSums.push(new Float64Array(b.chunkSums, c * k * d * 8, k * d));
    chunkCounts.push(new Float64Array(b.chunkCounts, c * k * 8, k));
  }
  return {
    assign, inertia, d, k, chunkStarts, chunkSums, chunkCounts,
    data: new Float64Array(b.data), centroids: new Float64Array(b.centroids),
    halfSeparation: new Float64Array(b.halfSeparation), shifts: new Float64Array(b.shifts),
    labels: new Int32Array(b.labels), upper: new Float64Array(b.upper), lower: new Float64Array(b.lower),
    chunkResults: new Float64Array(b.chunkResults), counter: new Int32Array(b.counter),
  };
}

const WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
${assignWithBounds.toString()}
${inertiaOfRange.toString()}
${runChunks.toString()}
${chunkJobFromBuffers.toString()}
let job = null;
const kernels = new Map();
function compile(parameters, source) {
  let kernel = kernels.get(source);
  if (!kernel) { kernel = new Function(...parameters, source); kernels.set(source, kernel); }
  return kernel;
}
parentPort.on('message', (message) => {
  if (message.type === 'bind') {
    const assign = message.kernelSource ? compile(message.kernelParameters, message.kernelSource) : assignWithBounds;
    job = chunkJobFromBuffers(message.buffers, message.d, message.k, assign, inertiaOfRange);
  } else {
    runChunks(job, message.type === 'assign' ? 0 : 1, message.firstPass ? 1 : 0);
  }
  parentPort.postMessage(0);
});
`;

/** Chunks per thread: enough to rebalance around a descheduled thread, few enough to stay cheap. */
const CHUNKS_PER_THREAD = 8;

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
    const chunks = Math.min(n, participants * CHUNKS_PER_THREAD);
    const chunkStarts = sharedAllocator.int32(chunks + 1);
    for (let c = 0; c <= chunks; c++) chunkStarts[c] = Math.round((c * n) / chunks);
    const common = {
      chunkStarts: chunkStarts.buffer, chunkSums: new SharedArrayBuffer(8 * chunks * k * d), chunkCounts: new SharedArrayBuffer(8 * chunks * k),
      chunkResults: new SharedArrayBuffer(8 * chunks), counter: new SharedArrayBuffer(4),
    };
    const assign = assignKernelFor(d, k);
    const totalIterations = runs * options.maxIter;
    let best: { outcome: LloydOutcome; centroids: Float64Array; labels: Int32Array } | undefined;
    for (let run = 0; run < runs; run++) {
      options.onProgress?.({ stage: 'kmeans-init', done: run, total: runs });
      const initial = initialCentroids(shared, options, rng);
      const state = createLloydState(shared.data, n, d, initial, k, sharedAllocator);
      const buffers = {
        ...common, data: shared.data.buffer, centroids: state.centroids.buffer, halfSeparation: state.halfSeparation.buffer,
        shifts: state.shifts.buffer, labels: state.labels.buffer, upper: state.upper.buffer, lower: state.lower.buffer,
      } as Record<string, SharedArrayBuffer>;
      const job = chunkJobFromBuffers(buffers, d, k, assign, inertiaOfRange);
      await Promise.all(this.workers.map((worker) => this.request(worker, {
        type: 'bind', d, k, buffers,
        kernelSource: canSpecialise(d, k) ? assignKernelSource(d, k) : null, kernelParameters: ASSIGN_KERNEL_PARAMETERS,
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
        reply = await this.runStep(step.value, state, job);
      }
    }
    options.onProgress?.({ stage: 'kmeans', done: totalIterations, total: totalIterations });
    return toModel(best!, k, d, options.seed);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  /** Every thread claims chunks of one data pass; then the chunk results are reduced in chunk order. */
  private async runStep(step: LloydRequest, state: LloydState, job: ChunkJob): Promise<number> {
    const { d, k } = state;
    Atomics.store(job.counter, 0, 0);
    const message = step.kind === 'assign' ? { type: 'assign', firstPass: step.firstPass } : { type: 'inertia' };
    const replies = this.workers.map((worker) => this.request(worker, message));
    runChunks(job, step.kind === 'assign' ? 0 : 1, step.kind === 'assign' && step.firstPass ? 1 : 0);
    await Promise.all(replies);
    const chunks = job.chunkResults.length;
    let total = 0;
    for (let c = 0; c < chunks; c++) total += job.chunkResults[c];
    if (step.kind === 'assign') {
      state.sums.fill(0);
      state.counts.fill(0);
      for (let c = 0; c < chunks; c++) {
        const sums = job.chunkSums[c];
        const counts = job.chunkCounts[c];
        for (let i = 0; i < k * d; i++) state.sums[i] += sums[i];
        for (let j = 0; j < k; j++) state.counts[j] += counts[j];
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
