/**
 * Worker-thread entry for `parallel-forest.ts`. A long-lived worker: it runs the tasks it is
 * sent, one at a time, and posts results back. All numeric work is the pure core
 * (`forest-training.ts`, `random-forest.ts`); this file only moves data across the thread boundary.
 */
import { parentPort } from 'node:worker_threads';
import type { DecisionTree } from './decision-tree.js';
import { loadForest, type SerializedForest } from './forest-serialization.js';
import type { ResolvedForestOptions } from './forest-options.js';
import { growForestTree, type ForestTrainingSet } from './forest-training.js';
import { predictProbaRows } from './forest-scoring.js';

export interface GrowTreesTask {
  kind: 'grow';
  options: ResolvedForestOptions;
  treeIndices: number[];
  codes: SharedArrayBuffer;
  nRows: number;
  nFeatures: number;
  binCounts: Int32Array;
  edges: Float64Array[];
  classIndex: SharedArrayBuffer;
  rowClassWeight: SharedArrayBuffer;
  classes: number[];
}

export interface ScoreRowsTask {
  kind: 'score';
  model: SerializedForest;
  /** Row-major Float64 features, shared with the caller. */
  features: SharedArrayBuffer;
  nRows: number;
  nFeatures: number;
  rowStart: number;
  rowEnd: number;
  /** nRows × nClasses Float64 output, shared; each worker writes only its own rows. */
  output: SharedArrayBuffer;
}

export type ForestWorkerTask = GrowTreesTask | ScoreRowsTask;

export type ForestWorkerMessage =
  | { kind: 'tree'; treeIndex: number; tree: DecisionTree }
  | { kind: 'ready' }
  | { kind: 'done' }
  | { kind: 'failed'; message: string; stack?: string };

function growTrees(task: GrowTreesTask): void {
  const set: ForestTrainingSet = {
    binned: { codes: new Uint8Array(task.codes), nRows: task.nRows, nFeatures: task.nFeatures, binCounts: task.binCounts },
    edges: task.edges,
    classIndex: new Uint8Array(task.classIndex),
    nClasses: task.classes.length,
    classes: task.classes,
    rowClassWeight: new Float64Array(task.rowClassWeight),
  };
  for (const treeIndex of task.treeIndices) {
    const tree = growForestTree(set, task.options, treeIndex);
    const stats = tree.stats!;
    const transfer = [tree.feature, tree.threshold, tree.thresholdBin, tree.left, tree.right, tree.value, stats.impurity, stats.nNodeSamples, stats.weightedNodeSamples].map(
      (array) => array.buffer as ArrayBuffer,
    );
    parentPort!.postMessage({ kind: 'tree', treeIndex, tree } satisfies ForestWorkerMessage, transfer);
  }
}

function scoreRows(task: ScoreRowsTask): void {
  const model = loadForest(task.model);
  predictProbaRows(model.learned, new Float64Array(task.features), task.rowStart, task.rowEnd, new Float64Array(task.output));
}

parentPort!.on('message', (task: ForestWorkerTask) => {
  try {
    if (task.kind === 'grow') growTrees(task);
    else scoreRows(task);
    parentPort!.postMessage({ kind: 'done' } satisfies ForestWorkerMessage);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    parentPort!.postMessage({ kind: 'failed', message: failure.message, stack: failure.stack } satisfies ForestWorkerMessage);
  }
});

// Tells the pool that module loading is over, so `warmUp` really covers the start-up cost.
parentPort!.postMessage({ kind: 'ready' } satisfies ForestWorkerMessage);
