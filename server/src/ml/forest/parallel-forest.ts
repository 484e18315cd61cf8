/**
 * Random-forest training and scoring on several cores with worker_threads.
 *
 * Bin codes, labels and row weights are copied once into SharedArrayBuffers; each worker
 * grows the trees whose indices it is given (tree i always from seed deriveSeed(seed, i)),
 * and the trees are put back in index order before importances and OOB figures are
 * computed. The fitted model is therefore identical, bit for bit, for any thread count.
 *
 * Workers live in a `ForestWorkerPool` so a job process pays their start-up (module loading;
 * about 0.7 s when running from TypeScript sources, far less from compiled JS) once, not per fit.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DecisionTree } from './decision-tree.js';
import { assertFeatureMatrix, type FeatureMatrix, type Labels } from './feature-matrix.js';
import { withDefaults, type RandomForestOptions } from './forest-options.js';
import { saveForest } from './forest-serialization.js';
import { learnedState, prepareTrainingSet } from './forest-training.js';
import type { ForestWorkerMessage, ForestWorkerTask } from './forest-worker.js';
import { RandomForestClassifier, type FitOptions } from './random-forest.js';
import { MlInputError } from '../errors.js';

export interface PoolOptions {
  /** Worker threads; default: available cores. */
  threads?: number;
}

/**
 * Starts a worker on this module's sibling `forest-worker`. When running from TypeScript
 * sources (tests, benchmarks, dev server) the worker needs the same swc loader as its parent.
 */
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './forest-worker.ts' : './forest-worker.js', import.meta.url);
  const env = fromSource
    ? { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? new URL('../../../tsconfig.json', import.meta.url).pathname }
    : process.env;
  return new Worker(url, { env, execArgv: fromSource ? ['--import', '@swc-node/register/esm-register'] : [] });
}

function sharedCopy(array: Uint8Array | Float64Array): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(array.byteLength);
  new Uint8Array(shared).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return shared;
}

/** A fixed set of forest workers. Tasks given to `run` at once are spread one per worker. */
export class ForestWorkerPool {
  readonly threads: number;
  private workers: Worker[] | null = null;
  private busy = false;

  constructor(options: PoolOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  }

  /** Starts the workers now (otherwise on first use), e.g. while the data is being loaded. */
  async warmUp(): Promise<void> {
    if (this.workers) return;
    this.workers = Array.from({ length: this.threads }, startWorker);
    await Promise.all(this.workers.map((worker) => new Promise<void>((resolve, reject) => {
      const onReady = (message: ForestWorkerMessage): void => {
        if (message.kind !== 'ready') return;
        worker.off('message', onReady);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    })));
  }

  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = null;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /** Runs at most `threads` tasks concurrently, one per worker; `onMessage` gets every result message. */
  async run(tasks: ForestWorkerTask[], onMessage: (message: ForestWorkerMessage) => void): Promise<void> {
    if (tasks.length > this.threads) throw new MlInputError(`${tasks.length} tasks for ${this.threads} workers`);
    if (this.busy) throw new Error('ForestWorkerPool is already running a batch; await it or use a second pool');
    await this.warmUp();
    this.busy = true;
    try {
      await Promise.all(tasks.map((task, w) => runOnWorker(this.workers![w], task, onMessage)));
    } finally {
      this.busy = false;
    }
  }

  /** Fits a forest with the trees spread over the workers; same model as `new RandomForestClassifier(options).fit(X, y)`. */
  async fit(options: RandomForestOptions, X: FeatureMatrix, y: Labels, fitOptions: FitOptions = {}): Promise<RandomForestClassifier> {
    const resolved = withDefaults(options);
    assertFeatureMatrix(X);
    const set = prepareTrainingSet(X, y, resolved, fitOptions.sampleWeight);
    const codes = sharedCopy(set.binned.codes);
    const classIndex = sharedCopy(set.classIndex);
    const rowClassWeight = sharedCopy(set.rowClassWeight);
    const trees: DecisionTree[] = new Array(resolved.nEstimators);
    let grown = 0;
    const tasks: ForestWorkerTask[] = [];
    for (let w = 0; w < Math.min(this.threads, resolved.nEstimators); w++) {
      // Interleaved so every worker gets a similar mix of cheap and expensive trees.
      const treeIndices: number[] = [];
      for (let i = w; i < resolved.nEstimators; i += this.threads) treeIndices.push(i);
      tasks.push({
        kind: 'grow',
        options: resolved,
        treeIndices,
        codes,
        nRows: set.binned.nRows,
        nFeatures: set.binned.nFeatures,
        binCounts: set.binned.binCounts,
        edges: set.edges,
        classIndex,
        rowClassWeight,
        classes: set.classes,
      });
    }
    await this.run(tasks, (message) => {
      if (message.kind !== 'tree') return;
      trees[message.treeIndex] = message.tree;
      grown++;
      fitOptions.onProgress?.(grown, resolved.nEstimators);
    });
    return RandomForestClassifier.fromLearnedState(options, learnedState(set, resolved, X.nFeatures, trees));
  }

  /**
   * `model.predictProba(X)` with the rows split over the workers. Each row is still summed over
   * the trees in order by one thread, so the output equals the single-threaded one exactly.
   * Worth it for large batches only: the rows are copied into shared memory (pass a Float64Array
   * on a SharedArrayBuffer to skip that) and each worker first rebuilds the model from its saved form.
   */
  async predictProba(model: RandomForestClassifier, X: FeatureMatrix): Promise<Float64Array> {
    assertFeatureMatrix(X);
    if (X.nFeatures !== model.learned.nFeaturesIn) throw new MlInputError(`model was trained on ${model.learned.nFeaturesIn} features, got ${X.nFeatures}`);
    const K = model.classes.length;
    const reusable = X.data instanceof Float64Array && X.data.buffer instanceof SharedArrayBuffer && X.data.byteOffset === 0 && X.data.byteLength === X.data.buffer.byteLength;
    const features = reusable ? (X.data.buffer as SharedArrayBuffer) : sharedCopy(X.data instanceof Float64Array ? X.data : Float64Array.from(X.data));
    const output = new SharedArrayBuffer(X.nRows * K * 8);
    const saved = saveForest(model);
    const chunk = Math.ceil(X.nRows / this.threads);
    const tasks: ForestWorkerTask[] = [];
    for (let rowStart = 0; rowStart < X.nRows; rowStart += chunk) {
      tasks.push({ kind: 'score', model: saved, features, nRows: X.nRows, nFeatures: X.nFeatures, rowStart, rowEnd: Math.min(X.nRows, rowStart + chunk), output });
    }
    await this.run(tasks, () => undefined);
    return new Float64Array(output);
  }
}

function runOnWorker(worker: Worker, task: ForestWorkerTask, onMessage: (message: ForestWorkerMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      worker.off('message', handleMessage);
      worker.off('error', handleError);
      worker.off('exit', handleExit);
    };
    const handleMessage = (message: ForestWorkerMessage): void => {
      if (message.kind === 'done') {
        cleanup();
        resolve();
      } else if (message.kind === 'failed') {
        cleanup();
        reject(Object.assign(new Error(`forest worker failed: ${message.message}`), { workerStack: message.stack }));
      } else if (message.kind !== 'ready') onMessage(message);
    };
    const handleError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const handleExit = (code: number): void => {
      cleanup();
      reject(new Error(`forest worker exited with code ${code} during a task`));
    };
    worker.on('message', handleMessage);
    worker.on('error', handleError);
    worker.on('exit', handleExit);
    worker.postMessage(task);
  });
}

/** One-off parallel fit: starts a pool, fits, and closes it. Prefer a long-lived pool in a job process. */
export async function fitRandomForestParallel(
  options: RandomForestOptions,
  X: FeatureMatrix,
  y: Labels,
  parallel: PoolOptions & FitOptions = {},
): Promise<RandomForestClassifier> {
  const threads = Math.min(parallel.threads ?? availableParallelism(), withDefaults(options).nEstimators);
  if (threads <= 1) return new RandomForestClassifier(options).fit(X, y, parallel);
  const pool = new ForestWorkerPool({ threads });
  try {
    return await pool.fit(options, X, y, parallel);
  } finally {
    await pool.close();
  }
}
