/*
 * Clustering core vs scikit-learn 1.2.1 (and mljs as a second baseline), measured in one run.
 *
 *   npm run bench -- segmentation [--quick] [--repeats N]
 *
 * Rows: (1) k-means k=8 on 1,000,000×6 standardised synthetic features, Segmenta's threaded
 * runner (pool start-up and copy into shared memory included) vs sklearn KMeans(lloyd,
 * n_init=1, same k and tol) vs ml-kmeans 7; (2) Ward on the first 10,000 rows vs sklearn
 * AgglomerativeClustering(ward), plus ml-hclust 4 on 1,000 rows (it is O(n³): ~60 s at 2,000); (3) exact silhouette on those
 * 10,000 rows (both threads, worker start-up included) vs sklearn silhouette_score. Times are medians of the repeats; only the fit /
 * score call is timed on either side. Ratio = Segmenta / baseline (below 1 = faster).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agnes } from 'ml-hclust';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { AgglomerativeClustering } from '../server/src/ml/clustering/hierarchical.js';
import { fitKMeansParallel } from '../server/src/ml/clustering/kmeans-parallel.js';
import { selectRows, type Matrix } from '../server/src/ml/matrix.js';
import { adjustedRandScore } from '../server/src/ml/clustering/metrics.js';
import { silhouetteScoreParallel } from './support/silhouette-parallel.js';
import { syntheticFeatures } from './synthetic-features.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repeatsArg = args.indexOf('--repeats');
const repeats = repeatsArg >= 0 ? Number(args[repeatsArg + 1]) : quick ? 2 : 3;
const sizes = quick
  ? { kmeansRows: 200_000, treeRows: 3_000, hclustRows: 600 }
  : { kmeansRows: 1_000_000, treeRows: 10_000, hclustRows: 1_000 };
const K = 8;
const D = 6;
const TOL = 1e-4;
const python = '/usr/bin/python3';
const baselineScript = fileURLToPath(new URL('./sklearn-baseline.py', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'segmenta-bench-'));

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (s: number): string => (s >= 10 ? `${s.toFixed(1)} s` : s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(0)} ms`);
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();

function writeMatrix(m: Matrix, name: string): string {
  const path = join(work, name);
  writeFileSync(path, Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  return path;
}

function sklearn(task: string, ...rest: (string | number)[]): { seconds: number[]; sklearn: string; [key: string]: unknown } {
  const run = spawnSync(python, [baselineScript, task, ...rest.map(String)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`sklearn ${task} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

async function timeRepeated<T>(fn: (run: number) => T | Promise<T>): Promise<{ seconds: number[]; results: T[]; result: T }> {
  const times: number[] = [];
  const results: T[] = [];
  for (let r = 0; r < repeats; r++) {
    collectGarbage();
    const start = performance.now();
    results.push(await fn(r));
    times.push((performance.now() - start) / 1000);
  }
  return { seconds: times, results, result: results[results.length - 1] };
}

const toRows = (m: Matrix): number[][] => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));

interface Row { name: string; segmenta: number; baseline: string; baselineSeconds: number; check: string }
const table: Row[] = [];
const report = (row: Row): void => {
  table.push(row);
  console.log(`  ${row.name}: Segmenta ${seconds(row.segmenta)} | ${row.baseline} ${seconds(row.baselineSeconds)} | ratio ${(row.segmenta / row.baselineSeconds).toFixed(2)}× | ${row.check}`);
};

try {
  // Both sides share the machine; the load average says how much other work competed.
  const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`segmentation bench${quick ? ' (--quick)' : ''}: node ${process.version}, ${availableParallelism()} CPUs, median of ${repeats} run(s), load average ${load()}`);
  const features = syntheticFeatures(sizes.kmeansRows, D, K, 20240611, 6);
  const featuresPath = writeMatrix(features, 'features.f64');

  // (1) k-means
  console.log(`k-means k=${K} on ${sizes.kmeansRows.toLocaleString('en')}×${D}, n_init=1, tol=${TOL} ...`);
  // Run r uses seed r on both sides. A single k-means++ start can land in a worse local optimum
  // on either side, so the inertia check compares the best run of each side.
  const ours = await timeRepeated((run) => fitKMeansParallel(features, { k: K, nInit: 1, tol: TOL, seed: run }));
  const skKmeans = sklearn('kmeans', featuresPath, features.rows, D, K, TOL, repeats) as { seconds: number[]; sklearn: string; inertia: number[]; nIter: number[] };
  const ourBest = Math.min(...ours.results.map((m) => m.inertia));
  const theirBest = Math.min(...skKmeans.inertia);
  const inertiaGap = (ourBest - theirBest) / theirBest;
  const inertiaCheck = `best inertia ${ourBest.toExponential(6)} vs sklearn ${theirBest.toExponential(6)} (${(inertiaGap * 100).toFixed(3)}%, ${Math.abs(inertiaGap) <= 0.001 ? 'within' : 'NOT within'} 0.1%); iterations per run ${ours.results.map((m) => m.nIter).join('/')} vs ${skKmeans.nIter.join('/')}`;
  report({ name: 'k-means', segmenta: median(ours.seconds), baseline: `sklearn ${skKmeans.sklearn}`, baselineSeconds: median(skKmeans.seconds), check: inertiaCheck });
  const plain = toRows(features);
  collectGarbage();
  const mlStart = performance.now();
  const ml = mlKmeans(plain, K, { initialization: 'kmeans++', seed: 0, maxIterations: 300 });
  const mlSeconds = (performance.now() - mlStart) / 1000;
  let mlInertia = 0;
  plain.forEach((row, i) => row.forEach((v, t) => { mlInertia += (v - ml.centroids[ml.clusters[i]][t]) ** 2; }));
  report({ name: 'k-means', segmenta: median(ours.seconds), baseline: 'ml-kmeans 7.0.1 (1 run)', baselineSeconds: mlSeconds, check: `ml-kmeans inertia ${mlInertia.toExponential(6)}, ${ml.iterations} iterations` });

  // (2) Ward
  const treeRows = selectRows(features, Array.from({ length: sizes.treeRows }, (_, i) => i));
  const treePath = writeMatrix(treeRows, 'tree.f64');
  console.log(`Ward on ${sizes.treeRows.toLocaleString('en')}×${D} ...`);
  const ward = await timeRepeated(() => new AgglomerativeClustering({ linkage: 'ward', nClusters: K }).fit(treeRows));
  const skLabelsPath = join(work, 'ward-labels.i32');
  const skWard = sklearn('ward', treePath, treeRows.rows, D, K, repeats, skLabelsPath);
  const skLabels = new Int32Array(readFileSync(skLabelsPath).buffer.slice(0));
  report({ name: 'Ward', segmenta: median(ward.seconds), baseline: `sklearn ${skWard.sklearn}`, baselineSeconds: median(skWard.seconds), check: `ARI vs sklearn labels at k=${K}: ${adjustedRandScore(ward.result.labels!, skLabels).toFixed(6)}` });
  const small = selectRows(features, Array.from({ length: sizes.hclustRows }, (_, i) => i));
  const smallOurs = await timeRepeated(() => new AgglomerativeClustering({ linkage: 'ward' }).fit(small));
  const smallRows = toRows(small);
  collectGarbage();
  const hcStart = performance.now();
  agnes(smallRows, { method: 'ward' });
  report({ name: `Ward n=${sizes.hclustRows.toLocaleString('en')}`, segmenta: median(smallOurs.seconds), baseline: 'ml-hclust 4.0.0 (1 run)', baselineSeconds: (performance.now() - hcStart) / 1000, check: 'baseline row only' });

  // (3) silhouette on the same rows, labelled by the k-means model
  const labels = ours.result.labels.slice(0, sizes.treeRows);
  const labelsPath = join(work, 'labels.i32');
  writeFileSync(labelsPath, Buffer.from(labels.buffer));
  console.log(`silhouette on ${sizes.treeRows.toLocaleString('en')}×${D}, k=${K} ...`);
  const sil = await timeRepeated(() => silhouetteScoreParallel(treeRows, labels));
  const skSil = sklearn('silhouette', treePath, treeRows.rows, D, labelsPath, repeats);
  report({ name: 'silhouette', segmenta: median(sil.seconds), baseline: `sklearn ${skSil.sklearn}`, baselineSeconds: median(skSil.seconds), check: `score ${sil.result.score.toFixed(12)} vs ${(skSil.score as number).toFixed(12)}` });

  console.log(`\nload average at the end: ${load()}`);
  console.log('\n| row | Segmenta | baseline | baseline time | ratio | check |\n| --- | ---: | --- | ---: | ---: | --- |');
  for (const row of table) {
    console.log(`| ${row.name} | ${seconds(row.segmenta)} | ${row.baseline} | ${seconds(row.baselineSeconds)} | ${(row.segmenta / row.baselineSeconds).toFixed(2)}× | ${row.check} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
