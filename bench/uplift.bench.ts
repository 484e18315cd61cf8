/**
 * Uplift benchmark: T- and X-learner (and class transformation) training time, held-out figures
 * with bootstrap intervals beside a random ranking and the response model, and the reference
 * definitions (scripts/reference/uplift.py, numpy/pandas) timed on the same predictions.
 *
 *   npm run bench -- uplift                              Hillstrom (64,000 rows) and a 50,000-row planted campaign
 *   UPLIFT_BENCH_ROWS=500000 npm run bench -- uplift     the planted campaign at 500,000 rows (100,000 test rows)
 *   npm run bench -- uplift --quick                      fewer bootstrap replicates: a smoke test
 *
 * 1. Training time on all 64,000 Hillstrom rows (treatment = either e-mail, 2/3 of the rows;
 *    target visit) and on the planted campaign (test/helpers/planted-uplift.ts), on a 2-thread
 *    ForestWorkerPool started and JIT-warmed before timing. Forests: UPLIFT_FOREST_DEFAULTS.
 * 2. Hillstrom figures: each e-mail arm against the No E-Mail control, targets visit and
 *    conversion; 70 % of the rows (stratified by arm × outcome) train the learners and the
 *    response model (a forest on the treated training rows: P(outcome | x, e-mailed)), the other
 *    30 % evaluate them; 1,000 bootstrap replicates.
 * 3. The planted campaign's test rows: the learners must recover the planted effect (Qini
 *    interval above random, persuadables' share within ±0.03, types in planted order); the
 *    benchmark exits 1 if they do not.
 * Python: the same predictions go to the reference script, which recomputes the point metrics
 * (and intervals on fewer replicates); the largest difference from Segmenta's values is printed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selectRows, type FeatureMatrix } from '../server/src/ml/forest/feature-matrix.js';
import { ForestWorkerPool } from '../server/src/ml/forest/parallel-forest.js';
import {
  ClassTransformation, TLearner, UPLIFT_FOREST_DEFAULTS, XLearner, evaluateUplift, randomScores, rankSample, upliftMetrics, upliftOutcomes,
  upliftTrainTestSplit, type Interval, type UpliftEvaluation, type UpliftLearner,
} from '../server/src/ml/uplift/index.js';
import { PLANTED_SHARES, PLANTED_TYPES, plantedCampaign } from '../test/helpers/planted-uplift.js';
import { loadHillstromUplift, type HillstromArm, type HillstromTarget } from '../test/helpers/uplift-hillstrom.js';

const quick = process.argv.includes('--quick');
// The planted campaign's size: UPLIFT_BENCH_ROWS=500000 for the full run; a small default suits a shared machine.
const SYNTHETIC_TRAIN = Number(process.env.UPLIFT_BENCH_ROWS ?? 50_000);
if (!Number.isInteger(SYNTHETIC_TRAIN) || SYNTHETIC_TRAIN < 1000) throw new Error(`UPLIFT_BENCH_ROWS must be an integer ≥ 1000, got ${process.env.UPLIFT_BENCH_ROWS}`);
const SYNTHETIC_TEST = Math.max(20_000, Math.round(SYNTHETIC_TRAIN / 5));
const REPLICATES = quick ? 200 : 1000;
const PYTHON_REPLICATES = quick ? 20 : 100;
const K = [0.1, 0.2, 0.3];
const PYTHON = '/usr/bin/python3';
const SCRIPT = new URL('../scripts/reference/uplift.py', import.meta.url).pathname;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-uplift-bench-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const pool = new ForestWorkerPool({ threads: 2 });
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const fmt = (v: number, digits = 4): string => (Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
const interval = (i: Interval, digits = 4): string => `${fmt(i.estimate, digits)} [${fmt(i.lower, digits)}, ${fmt(i.upper, digits)}]`;

async function timedFit(learner: UpliftLearner, X: FeatureMatrix, treatment: ArrayLike<number>, outcome: ArrayLike<number>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  await learner.fit(X, treatment, outcome, { pool });
  return performance.now() - start;
}

interface PythonResult { pointSeconds: number; bootstrapSeconds?: number; point: Record<string, Record<string, number | null>>; rankings?: Record<string, { metrics: Record<string, [number | null, number | null, number | null]> }> }

/** The reference script on the same predictions; returns its timing and the largest difference from ours. */
function pythonCheck(outcome: Uint8Array, treatment: Uint8Array, rankings: { name: string; scores: Float64Array }[], replicates: number, ours: UpliftEvaluation | null) {
  const file = path.join(tmp, 'predictions.json');
  fs.writeFileSync(file, JSON.stringify({
    outcome: Array.from(outcome), treatment: Array.from(treatment), kFractions: K,
    rankings: Object.fromEntries(rankings.map((r) => [r.name, Array.from(r.scores)])),
    bootstrap: { replicates, seed: 11, confidence: 0.95 },
  }));
  const run = spawnSync(PYTHON, [SCRIPT, '--predictions', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`reference script failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as PythonResult;
  const outcomes = upliftOutcomes(outcome, treatment);
  let largest = 0;
  const compare = (a: number, b: number | null): void => {
    if (b === null) {
      if (!Number.isNaN(a)) largest = Infinity;
    } else largest = Math.max(largest, Math.abs(a - b));
  };
  const start = performance.now();
  for (const ranking of rankings) {
    const values = upliftMetrics(rankSample(outcomes, ranking.scores), K);
    for (const [metric, value] of Object.entries(values)) compare(value, result.point[ranking.name][metric]);
  }
  const pointMs = performance.now() - start;
  if (ours && result.rankings) {
    for (const ranking of ours.rankings) {
      for (const [metric, i] of Object.entries(ranking.metrics)) {
        const [, lower, upper] = result.rankings[ranking.name].metrics[metric];
        compare(i.lower, lower);
        compare(i.upper, upper);
      }
    }
  }
  return { result, largest, pointMs };
}

async function hillstromTraining(): Promise<void> {
  const all = ['womens', 'mens'].map((arm) => loadHillstromUplift(arm as HillstromArm));
  // All 64,000 rows: both e-mail arms as "treated" (the control rows appear in both loads once).
  const womens = all[0];
  const mensOnly = Array.from(all[1].treatment.keys()).filter((r) => all[1].treatment[r] === 1);
  const mens = selectRows(all[1].X, mensOnly);
  const X: FeatureMatrix = { data: Float64Array.from([...womens.X.data, ...mens.data]), nRows: womens.X.nRows + mens.nRows, nFeatures: womens.X.nFeatures };
  const treatment = Uint8Array.from([...womens.treatment, ...mensOnly.map(() => 1)]);
  const visit = Uint8Array.from([...womens.outcomes.visit, ...mensOnly.map((r) => all[1].outcomes.visit[r])]);
  console.log(`## Training on all ${X.nRows.toLocaleString('en')} Hillstrom rows (treated = either e-mail, ${treatment.reduce((a, b) => a + b, 0).toLocaleString('en')}; target visit)\n`);
  console.log('| learner | fit (2 threads) | forests |');
  console.log('| --- | ---: | --- |');
  console.log(`| T-learner | ${seconds(await timedFit(new TLearner(), X, treatment, visit))} | 2 outcome |`);
  console.log(`| X-learner | ${seconds(await timedFit(new XLearner(), X, treatment, visit))} | 2 outcome + 2 effect (rows doubled) |`);
  const ct = new ClassTransformation();
  console.log(`| class transformation | ${seconds(await timedFit(ct, X, treatment, visit))} | 1 (${ct.armBalance.action}) |`);
  console.log(`\nClass transformation's arm check: ${ct.armBalance.message}.\n`);
}

async function hillstromFigures(): Promise<void> {
  console.log(`## Hillstrom: each e-mail arm vs the No E-Mail control, 30 % held out, ${REPLICATES} bootstrap replicates (95 % intervals)\n`);
  for (const arm of ['womens', 'mens'] as HillstromArm[]) {
    const data = loadHillstromUplift(arm);
    for (const target of ['visit', 'conversion'] as HillstromTarget[]) {
      const outcome = data.outcomes[target];
      const { train, test } = upliftTrainTestSplit(data.treatment, outcome, 0.3, 42);
      const Xtrain = selectRows(data.X, train);
      const Xtest = selectRows(data.X, test);
      const pick = (values: Uint8Array, rows: Int32Array) => Uint8Array.from(rows, (r) => values[r]);
      const tTrain = pick(data.treatment, train);
      const yTrain = pick(outcome, train);
      const tTest = pick(data.treatment, test);
      const yTest = pick(outcome, test);
      const learners: [string, UpliftLearner][] = [['tLearner', new TLearner()], ['xLearner', new XLearner()], ['classTransformation', new ClassTransformation()]];
      const rankings: { name: string; scores: Float64Array }[] = [];
      for (const [name, learner] of learners) {
        await learner.fit(Xtrain, tTrain, yTrain, { pool });
        rankings.push({ name, scores: learner.predictUplift(Xtest) });
      }
      const treatedRows = Int32Array.from(Array.from(tTrain.keys()).filter((i) => tTrain[i] === 1));
      const response = await pool.fit({ ...UPLIFT_FOREST_DEFAULTS, seed: 1 }, selectRows(Xtrain, treatedRows), Uint8Array.from(treatedRows, (i) => yTrain[i]));
      rankings.push({ name: 'response', scores: response.predictPositiveProba(Xtest) });
      const start = performance.now();
      const evaluation = evaluateUplift(yTest, tTest, rankings, { kFractions: K, bootstrap: { replicates: REPLICATES, seed: 1 }, baselines: ['response'] });
      const evalMs = performance.now() - start;
      console.log(`### ${arm} e-mail, ${target}: ${test.length.toLocaleString('en')} test rows, treated rate ${fmt(evaluation.treatedRate)} vs control ${fmt(evaluation.controlRate)} (average uplift ${fmt(evaluation.averageUplift)})\n`);
      console.log('| ranking | Qini AUC, scikit-uplift | Qini, causalml | uplift AUC, scikit-uplift | AUUC, causalml | uplift@10 % | uplift@20 % | uplift@30 % |');
      console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const r of evaluation.rankings) {
        const m = r.metrics;
        console.log(`| ${r.name} | ${interval(m.qiniAucScikitUplift)} | ${interval(m.qiniAucCausalml, 3)} | ${interval(m.upliftAucScikitUplift)} | ${interval(m.upliftAucCausalml, 3)} | ${interval(m.upliftAt10)} | ${interval(m.upliftAt20)} | ${interval(m.upliftAt30)} |`);
      }
      console.log('\nPaired differences (same replicates):\n');
      console.log('| ranking − baseline | Qini AUC, scikit-uplift | uplift@10 % | uplift@30 % |');
      console.log('| --- | --- | --- | --- |');
      for (const c of evaluation.comparisons) {
        console.log(`| ${c.ranking} − ${c.baseline} | ${interval(c.differences.qiniAucScikitUplift)} | ${interval(c.differences.upliftAt10)} | ${interval(c.differences.upliftAt30)} |`);
      }
      const first = arm === 'womens' && target === 'visit';
      const checkStart = performance.now();
      const check = evaluateUplift(yTest, tTest, rankings, { kFractions: K, bootstrap: { replicates: PYTHON_REPLICATES, seed: 11 }, baselines: ['response'] });
      const ourCheckMs = performance.now() - checkStart;
      // evaluateUplift's random ranking is randomScores(n, 0); the reference script gets it by name.
      const python = pythonCheck(yTest, tTest, [...rankings, { name: 'random', scores: randomScores(yTest.length, 0) }], first ? PYTHON_REPLICATES : 0, first ? check : null);
      console.log(`\nSegmenta: evaluation with ${REPLICATES} replicates ${seconds(evalMs)}; point metrics of the ${rankings.length + 1} rankings ${python.pointMs.toFixed(0)} ms.`);
      console.log(`Reference definitions (numpy/pandas) on the same predictions: point metrics ${python.result.pointSeconds.toFixed(2)} s` +
        (python.result.bootstrapSeconds !== undefined ? `, ${PYTHON_REPLICATES} replicates ${python.result.bootstrapSeconds.toFixed(1)} s (Segmenta ${seconds(ourCheckMs)})` : '') +
        `; largest difference from Segmenta's values ${python.largest.toExponential(1)}.\n`);
    }
  }
}

async function planted(): Promise<boolean> {
  const train = plantedCampaign(SYNTHETIC_TRAIN, 1);
  const test = plantedCampaign(SYNTHETIC_TEST, 2);
  console.log(`## Planted campaign: ${SYNTHETIC_TRAIN.toLocaleString('en')} training rows, ${SYNTHETIC_TEST.toLocaleString('en')} test rows (persuadables ${PLANTED_SHARES.persuadable * 100} %, sleeping dogs ${PLANTED_SHARES.sleepingDog * 100} %)\n`);
  const rankings: { name: string; scores: Float64Array }[] = [];
  const rows: string[] = [];
  let ok = true;
  for (const [name, learner] of [['tLearner', new TLearner()], ['xLearner', new XLearner()]] as [string, UpliftLearner][]) {
    const fitMs = await timedFit(learner, train.X, train.treatment, train.outcome);
    const start = performance.now();
    const uplift = learner.predictUplift(test.X);
    const predictMs = performance.now() - start;
    rankings.push({ name, scores: uplift });
    const means = PLANTED_TYPES.map((_, k) => {
      let sum = 0;
      let n = 0;
      uplift.forEach((u, i) => {
        if (test.type[i] === k) {
          sum += u;
          n++;
        }
      });
      return sum / n;
    });
    const share = uplift.filter((u) => u > 0.15).length / uplift.length;
    const ordered = means[0] > 0.2 && means[1] < -0.1 && Math.abs(means[2]) < 0.05 && Math.abs(means[3]) < 0.05;
    const shareOk = Math.abs(share - PLANTED_SHARES.persuadable) < 0.03;
    ok &&= ordered && shareOk;
    rows.push(`| ${name} | ${seconds(fitMs)} | ${seconds(predictMs)} | ${means.map((m) => fmt(m, 3)).join(' / ')} | ${fmt(share, 3)} | ${ordered && shareOk ? 'yes' : 'NO'} |`);
  }
  console.log('| learner | fit (2 threads) | predict | mean uplift: persuadable / sleeping dog / sure thing / lost cause (planted +0.30 / −0.25 / 0 / 0) | predicted persuadables (uplift > 0.15; planted 0.20) | recovered |');
  console.log('| --- | ---: | ---: | --- | ---: | --- |');
  rows.forEach((r) => console.log(r));
  rankings.push({ name: 'oracle', scores: test.trueUplift });
  const start = performance.now();
  const evaluation = evaluateUplift(test.outcome, test.treatment, rankings, { kFractions: K, bootstrap: { replicates: quick ? 100 : 200, seed: 1 } });
  const evalMs = performance.now() - start;
  console.log(`\n| ranking | Qini AUC, scikit-uplift | Qini − random | uplift@10 % | uplift@30 % |`);
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of evaluation.rankings) {
    const vsRandom = evaluation.comparisons.find((c) => c.ranking === r.name && c.baseline === 'random');
    console.log(`| ${r.name} | ${interval(r.metrics.qiniAucScikitUplift)} | ${vsRandom ? interval(vsRandom.differences.qiniAucScikitUplift) : '—'} | ${interval(r.metrics.upliftAt10)} | ${interval(r.metrics.upliftAt30)} |`);
    if (vsRandom && r.name !== 'oracle') ok &&= vsRandom.differences.qiniAucScikitUplift.lower > 0;
  }
  const python = pythonCheck(test.outcome, test.treatment, [...rankings, { name: 'random', scores: randomScores(test.outcome.length, 0) }], PYTHON_REPLICATES / 5, null);
  console.log(`\nSegmenta: evaluation of ${rankings.length + 1} rankings with ${evaluation.bootstrap.replicates} replicates ${seconds(evalMs)}; point metrics ${python.pointMs.toFixed(0)} ms.`);
  console.log(`Reference definitions on the same predictions: point metrics ${python.result.pointSeconds.toFixed(2)} s, ${PYTHON_REPLICATES / 5} replicates ${python.result.bootstrapSeconds!.toFixed(1)} s; largest difference from Segmenta's point values ${python.largest.toExponential(1)}.`);
  console.log(`\nPlanted effect recovered by every learner: ${ok ? 'yes' : 'NO'}`);
  return ok;
}

async function main(): Promise<void> {
  console.log(`Uplift benchmark${quick ? ' (--quick)' : ''}: node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`Forests: ${JSON.stringify(UPLIFT_FOREST_DEFAULTS)}, 2 worker threads\n`);
  let start = performance.now();
  await pool.warmUp();
  const warm = plantedCampaign(2_000, 99);
  await new XLearner({ outcomeForest: { nEstimators: 8 }, effectForest: { nEstimators: 8 } }).fit(warm.X, warm.treatment, warm.outcome, { pool });
  console.log(`worker pool start and JIT warm-up ${seconds(performance.now() - start)}\n`);
  start = performance.now();
  await hillstromTraining();
  await hillstromFigures();
  const ok = await planted();
  console.log(`\nload average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; total ${seconds(performance.now() - start)}`);
  await pool.close();
  if (!ok) process.exit(1);
}

await main();
