/**
 * Random-forest benchmark: Segmenta's forest beside scikit-learn 1.2.1 (n_jobs=2, run as a
 * /usr/bin/python3 subprocess on the same bytes) and ml-random-forest 2.1.0, all measured in
 * this run.
 *
 *   npm run bench -- forest            10k / 50k / 200k rows × 15 features, 1M-row scoring
 *   npm run bench -- forest --quick    small sizes, for a smoke test
 *
 * Training: 100 trees, maxDepth 12, sqrt features per split, bootstrap. Wall-clock time of
 * fit only (data already in memory in both languages); Segmenta uses a 2-thread worker pool
 * that was started (and JIT-warmed on a tiny fit) before timing, as Python's imports are not
 * timed either; the pool's cold start is printed separately. AUC is on a 20k-row test set.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RandomForestClassifier as MlRandomForest } from 'ml-random-forest';
import { rocAuc } from '../server/src/ml/evaluation/ranking-metrics.js';
import type { FeatureMatrix } from '../server/src/ml/forest/feature-matrix.js';
import { ForestWorkerPool } from '../server/src/ml/forest/parallel-forest.js';
import type { RandomForestClassifier } from '../server/src/ml/forest/random-forest.js';
import { syntheticClassification } from './synthetic-data.js';

const quick = process.argv.includes('--quick');
const N_FEATURES = 15;
const TRAIN_SIZES = quick ? [2_000, 5_000] : [10_000, 50_000, 200_000];
const TEST_ROWS = quick ? 5_000 : 20_000;
const SCORE_ROWS = quick ? 100_000 : 1_000_000;
const ML_RF_ROWS = quick ? 2_000 : 10_000;
const ML_RF_TREES = quick ? 5 : 10;
const FOREST = { nEstimators: 100, maxDepth: 12, maxFeatures: 'sqrt', seed: 1 } as const;
const SKLEARN = { n_estimators: 100, max_depth: 12, max_features: 'sqrt', n_jobs: 2, random_state: 1 };
const PYTHON = '/usr/bin/python3';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-forest-bench-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

function writeFloat64(name: string, values: Float64Array): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  return file;
}

interface SklearnResult { fitSeconds: number; rocAuc: number; scoreSeconds?: number; rowLatencyP50Ms?: number; rowLatencyP99Ms?: number }

function runSklearn(train: { X: FeatureMatrix; y: Float64Array }, test: { X: FeatureMatrix; y: Float64Array }, score?: FeatureMatrix): SklearnResult {
  const params = {
    nFeatures: N_FEATURES,
    trainX: writeFloat64('train-x.f64', train.X.data as Float64Array),
    trainY: writeFloat64('train-y.f64', train.y),
    testX: writeFloat64('test-x.f64', test.X.data as Float64Array),
    testY: writeFloat64('test-y.f64', test.y),
    scoreX: score ? writeFloat64('score-x.f64', score.data as Float64Array) : null,
    sklearn: SKLEARN,
  };
  const paramsFile = path.join(tmp, 'params.json');
  fs.writeFileSync(paramsFile, JSON.stringify(params));
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'forest-sklearn.py');
  const run = spawnSync(PYTHON, [script, paramsFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`scikit-learn baseline failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as SklearnResult;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ratio = (ours: number, theirs: number): string => `${(ours / theirs).toFixed(2)}×`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

async function main(): Promise<void> {
  console.log(`Random forest benchmark${quick ? ' (--quick)' : ''}: ${N_FEATURES} features, node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'})`);
  console.log(`Segmenta ${JSON.stringify(FOREST)}, 2 worker threads | scikit-learn ${JSON.stringify(SKLEARN)}\n`);

  const pool = new ForestWorkerPool({ threads: 2 });
  let start = performance.now();
  await pool.warmUp();
  const coldStartMs = performance.now() - start;
  const warm = syntheticClassification(2_000, N_FEATURES, 99);
  start = performance.now();
  await pool.fit({ ...FOREST, nEstimators: 8 }, warm.X, warm.y);
  console.log(`worker pool cold start ${seconds(coldStartMs)} (TypeScript sources via swc); JIT warm-up fit ${seconds(performance.now() - start)}\n`);

  const test = syntheticClassification(TEST_ROWS, N_FEATURES, 2);
  console.log('| rows | Segmenta fit | sklearn fit | time ratio | Segmenta AUC | sklearn AUC | AUC diff |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  let largest: RandomForestClassifier | null = null;
  let largestSk: SklearnResult | null = null;
  const score = syntheticClassification(SCORE_ROWS, N_FEATURES, 3).X;
  for (const n of TRAIN_SIZES) {
    const train = syntheticClassification(n, N_FEATURES, 1000 + n);
    (globalThis as { gc?: () => void }).gc?.();
    start = performance.now();
    const model = await pool.fit(FOREST, train.X, train.y);
    const fitMs = performance.now() - start;
    const auc = rocAuc(test.y, model.predictPositiveProba(test.X));
    const isLargest = n === TRAIN_SIZES[TRAIN_SIZES.length - 1];
    const sk = runSklearn(train, test, isLargest ? score : undefined);
    console.log(`| ${n.toLocaleString('en')} | ${seconds(fitMs)} | ${sk.fitSeconds.toFixed(2)} s | ${ratio(fitMs / 1000, sk.fitSeconds)} | ${auc.toFixed(4)} | ${sk.rocAuc.toFixed(4)} | ${(auc - sk.rocAuc >= 0 ? '+' : '') + (auc - sk.rocAuc).toFixed(4)} |`);
    if (isLargest) {
      largest = model;
      largestSk = sk;
    }
  }

  // ml-random-forest: per-tree feature bagging, number[][] input; far slower, so fewer trees.
  const small = syntheticClassification(ML_RF_ROWS, N_FEATURES, 1000 + ML_RF_ROWS);
  const rows = Array.from({ length: small.X.nRows }, (_, r) => Array.from(small.X.data.subarray(r * N_FEATURES, (r + 1) * N_FEATURES)));
  const ml = new MlRandomForest({ nEstimators: ML_RF_TREES, maxFeatures: Math.floor(Math.sqrt(N_FEATURES)) / N_FEATURES, replacement: false, useSampleBagging: true, seed: 1, noOOB: true, treeOptions: { maxDepth: 12 } });
  start = performance.now();
  ml.train(rows, Array.from(small.y));
  const mlFitMs = performance.now() - start;
  const testRows = Array.from({ length: test.X.nRows }, (_, r) => Array.from(test.X.data.subarray(r * N_FEATURES, (r + 1) * N_FEATURES)));
  const mlAuc = rocAuc(test.y, ml.predictProbability(testRows, 1));
  start = performance.now();
  const ours = await pool.fit({ ...FOREST, nEstimators: ML_RF_TREES }, small.X, small.y);
  const oursFitMs = performance.now() - start;
  const oursAuc = rocAuc(test.y, ours.predictPositiveProba(test.X));
  console.log(`\nml-random-forest 2.1.0 baseline (${ML_RF_ROWS.toLocaleString('en')} rows, ${ML_RF_TREES} trees only, single thread): fit ${seconds(mlFitMs)}, AUC ${mlAuc.toFixed(4)}`);
  console.log(`Segmenta on the same ${ML_RF_ROWS.toLocaleString('en')} rows, ${ML_RF_TREES} trees (2 threads): fit ${seconds(oursFitMs)}, AUC ${oursAuc.toFixed(4)} → ${(mlFitMs / oursFitMs).toFixed(0)}× faster than ml-random-forest`);

  // Scoring with the model trained on the largest size.
  const model = largest!;
  // Warm both paths' JIT on the test rows first (the pool's workers have only trained so far).
  model.predictProba(test.X);
  await pool.predictProba(model, test.X);
  (globalThis as { gc?: () => void }).gc?.();
  start = performance.now();
  model.predictProba(score);
  const singleMs = performance.now() - start;
  start = performance.now();
  await pool.predictProba(model, score);
  const pooledMs = performance.now() - start;
  console.log(`\nScoring ${SCORE_ROWS.toLocaleString('en')} rows (model from ${TRAIN_SIZES[TRAIN_SIZES.length - 1].toLocaleString('en')} rows, ${model.trees.reduce((s, t) => s + t.nNodes, 0).toLocaleString('en')} nodes):`);
  console.log(`  Segmenta 1 thread ${seconds(singleMs)} (${Math.round(SCORE_ROWS / (singleMs / 1000)).toLocaleString('en')} rows/s), 2 workers ${seconds(pooledMs)} (${Math.round(SCORE_ROWS / (pooledMs / 1000)).toLocaleString('en')} rows/s)`);
  console.log(`  scikit-learn predict_proba (n_jobs=2) ${largestSk!.scoreSeconds!.toFixed(2)} s → Segmenta 2 workers at ${ratio(pooledMs / 1000, largestSk!.scoreSeconds!)}`);

  const latencies: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const row = test.X.data.subarray((i % test.X.nRows) * N_FEATURES, (i % test.X.nRows + 1) * N_FEATURES);
    const t = performance.now();
    model.predictRowProba(row);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  console.log(`\nSingle-row predict latency (100 trees, 2,000 calls): Segmenta p50 ${(percentile(latencies, 0.5) * 1000).toFixed(1)} µs, p99 ${(percentile(latencies, 0.99) * 1000).toFixed(1)} µs`);
  console.log(`  scikit-learn predict_proba on one row (200 calls): p50 ${largestSk!.rowLatencyP50Ms!.toFixed(2)} ms, p99 ${largestSk!.rowLatencyP99Ms!.toFixed(2)} ms`);
  await pool.close();
}

await main();
