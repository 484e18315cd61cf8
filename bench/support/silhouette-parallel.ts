import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { selectRows, type Matrix } from '../../server/src/ml/matrix.js';
import { SILHOUETTE_BLOCK, finishSilhouette, mean, planSilhouette, type SilhouetteOptions, type SilhouetteResult } from '../../server/src/ml/clustering/metrics.js';
import { Rng } from '../../server/src/ml/rng.js';
import { accumulateSilhouetteBlock } from '../../server/src/ml/clustering/silhouette-kernel.js';

/*
 * Exact silhouette on worker threads (Node only). The cluster-sorted rows live in shared
 * memory; blocks are dealt round-robin (block b to participant b mod T) because early blocks
 * pair with more later rows; each participant sums into its own n×k buffer, and the calling
 * thread adds them up. Same result as silhouetteScore up to float summation order (~1e-15).
 */

const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData: w } = require('node:worker_threads');
${accumulateSilhouetteBlock.toString()}
const sorted = new Float64Array(w.sorted);
const sortedCode = new Int32Array(w.sortedCode);
const starts = new Int32Array(w.starts);
const sums = new Float64Array(w.sums);
for (let b = w.participant; b * w.block < w.n; b += w.participants) {
  const start = b * w.block;
  accumulateSilhouetteBlock(sorted, sortedCode, starts, w.d, w.k, start, Math.min(w.n, start + w.block), sums);
}
parentPort.postMessage('done');
`;

/** Below this many points the thread start-up costs more than it saves. */
const MIN_POINTS_FOR_THREADS = 2_000;

export async function silhouetteScoreParallel(
  points: Matrix, labels: ArrayLike<number>, options: SilhouetteOptions & { threads?: number } = {},
): Promise<SilhouetteResult> {
  let subject = points;
  let subjectLabels = labels;
  const exact = options.sampleSize === undefined || options.sampleSize >= points.rows;
  if (!exact) {
    const indices = new Rng(options.seed ?? 0).sampleWithoutReplacement(points.rows, options.sampleSize!);
    subject = selectRows(points, indices);
    subjectLabels = Array.from(indices, (i) => labels[i]);
  }
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const plan = planSilhouette(subject, subjectLabels, (bytes) => new SharedArrayBuffer(bytes));
  const { n, d, k } = plan;
  const participants = n < MIN_POINTS_FOR_THREADS ? 1 : threads;
  const buffers = Array.from({ length: participants }, () => new Float64Array(new SharedArrayBuffer(8 * n * k)));
  const workers = buffers.slice(1).map((sums, w) => new Promise<void>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        sorted: plan.sorted.buffer, sortedCode: plan.sortedCode.buffer, starts: plan.starts.buffer, sums: sums.buffer,
        n, d, k, block: SILHOUETTE_BLOCK, participant: w + 1, participants,
      },
    });
    worker.once('message', () => { void worker.terminate(); resolve(); });
    worker.once('error', reject);
  }));
  const own = buffers[0];
  for (let b = 0; b * SILHOUETTE_BLOCK < n; b += participants) {
    const start = b * SILHOUETTE_BLOCK;
    accumulateSilhouetteBlock(plan.sorted, plan.sortedCode, plan.starts, d, k, start, Math.min(n, start + SILHOUETTE_BLOCK), own);
    options.onProgress?.({ stage: 'silhouette', done: Math.min(n, start + SILHOUETTE_BLOCK), total: n });
  }
  await Promise.all(workers);
  for (const other of buffers.slice(1)) for (let i = 0; i < own.length; i++) own[i] += other[i];
  return { score: mean(finishSilhouette(plan, own)), sampleSize: n, exact };
}
