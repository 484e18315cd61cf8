/*
 * Customer-value models at scale and beside scipy, measured in one run.
 *
 *   npm run bench -- customer-value [--quick] [--customers N]
 *   CUSTOMER_VALUE_BENCH_CUSTOMERS=1000000 CUSTOMER_VALUE_BENCH_DB=mariadb npm run bench -- customer-value
 *
 * N defaults to 100,000 (a shared machine); the full 1,000,000 by the env var or --customers.
 *
 * (1) 1,000,000 customers drawn from the BG/NBD process (CDNOW's published parameters, weeks,
 *     T uniform in 13–78 weeks, a 39-week holdout) with Gamma-Gamma spend (the published p, q, γ):
 *     BG/NBD and Gamma-Gamma fits with default options (3 starts; restarts on a 20,000-customer
 *     subsample, the best finished on everyone), true vs fitted parameters with standard errors;
 *     scoring everyone (expected purchases, P(alive), churn risk, next order, expected spend,
 *     365-day CLV with 12 monthly discounting steps, percentile); the holdout forecast; peak RSS.
 * (2) The CDNOW sample: summaries and the three fits (median of 3 runs) beside scipy fitting the
 *     same likelihoods from the same three starting points (scripts/reference/customer_value.py
 *     --bench, run as a /usr/bin/python3 subprocess; only the fits are timed on either side).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END, loadCdnowSample } from '../test/helpers/cdnow.js';
import { BgNbd } from '../server/src/ml/value/bg-nbd.js';
import { holdoutReport } from '../server/src/ml/value/evaluation.js';
import { GammaGamma } from '../server/src/ml/value/gamma-gamma.js';
import { ParetoNbd } from '../server/src/ml/value/pareto-nbd.js';
import { scoreCustomers } from '../server/src/ml/value/scoring.js';
import { summariseTransactions, type CustomerSummaries } from '../server/src/ml/value/summaries.js';
import { simulateBgNbd } from '../server/src/ml/value/synthetic.js';
import type { CustomerScores } from '../server/src/ml/value/scoring.js';
import { loadConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { unpaced } from '../server/src/db/pacing.js';
import { writeValueScores } from '../server/src/modules/customer-value/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const customersArg = args.indexOf('--customers');
const CUSTOMERS = customersArg >= 0 ? Number(args[customersArg + 1]) : Number(process.env.CUSTOMER_VALUE_BENCH_CUSTOMERS ?? 100_000);
/** Where the scores are written (3): sqlite (embedded, default), mariadb, or none. */
const SCORE_DB = process.env.CUSTOMER_VALUE_BENCH_DB ?? 'sqlite';
const CDNOW_RUNS = quick ? 1 : 3;
const TRUE_PURCHASE = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const TRUE_SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../scripts/reference/customer_value.py', import.meta.url));

const seconds = (ms: number): string => (ms < 100 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);
const mb = (bytes: number): string => `${Math.round(bytes / 1048576).toLocaleString('en')} MB`;
/** Wall-clock and CPU time (user + system) of a synchronous call; on a shared machine the CPU time is the steadier figure. */
const timed = <T>(fn: () => T): { value: T; ms: number; cpuMs: number } => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
};
const both = (t: { ms: number; cpuMs: number }): string => `${seconds(t.ms)} (CPU ${seconds(t.cpuMs)})`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function parameterTable(names: string[], truth: Record<string, number>, fitted: Record<string, number>, errors: Record<string, number | null>): void {
  console.log('| parameter | true | fitted | standard error | (fitted − true) / SE |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const name of names) {
    const se = errors[name];
    const z = se ? ((fitted[name] - truth[name]) / se).toFixed(2) : 'n/a';
    console.log(`| ${name} | ${truth[name]} | ${fitted[name].toFixed(4)} | ${se ? se.toFixed(4) : 'n/a'} | ${z} |`);
  }
}

function largeScale(): CustomerScores {
  console.log(`## ${CUSTOMERS.toLocaleString('en')} synthetic customers (BG/NBD + Gamma-Gamma processes, seed 1)\n`);
  const simulated = timed(() => simulateBgNbd({ customers: CUSTOMERS, params: TRUE_PURCHASE, spend: TRUE_SPEND, age: [13, 78], holdoutLength: 39, timeUnit: 'weeks', seed: 1 }));
  const sim = simulated.value;
  const repeaters = sim.frequency.filter((x) => x > 0).length;
  console.log(`simulated in ${seconds(simulated.ms)} (not part of the figures below); ${repeaters.toLocaleString('en')} customers with repeat purchases, ${sim.frequency.reduce((s, x) => s + x, 0).toLocaleString('en')} repeat purchases\n`);
  const summaries: CustomerSummaries = {
    timeUnit: 'weeks', purchasePeriod: 'day', calibrationEnd: Date.UTC(2025, 0, 1),
    customerIds: Float64Array.from({ length: CUSTOMERS }, (_, i) => i + 1), frequency: sim.frequency, recency: sim.recency, age: sim.age,
    monetaryValue: sim.monetaryValue, firstPurchaseAt: new Float64Array(CUSTOMERS), holdoutFrequency: sim.holdoutFrequency, holdoutLength: sim.holdoutLength,
    excludedCustomers: 0,
  };
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;

  const bg = timed(() => new BgNbd({ dataMinimums: false }).fit(summaries));
  const bgModel = bg.value;
  console.log(`BG/NBD fit: ${both(bg)} — converged: ${bgModel.diagnostics.converged} (${bgModel.diagnostics.message}), ${bgModel.diagnostics.evaluations} likelihood evaluations, restarts on ${bgModel.diagnostics.restartSampleSize?.toLocaleString('en') ?? 'all'} customers, LL ${bgModel.logLikelihood.toFixed(1)}\n`);
  parameterTable(['r', 'alpha', 'a', 'b'], TRUE_PURCHASE, bgModel.params as unknown as Record<string, number>, bgModel.state.standardErrors);

  const gg = timed(() => new GammaGamma({ dataMinimums: false }).fit(summaries));
  const ggModel = gg.value;
  console.log(`\nGamma-Gamma fit (${ggModel.state.nCustomers.toLocaleString('en')} repeat customers): ${both(gg)} — converged: ${ggModel.diagnostics.converged}\n`);
  parameterTable(['p', 'q', 'gamma'], TRUE_SPEND, ggModel.params as unknown as Record<string, number>, ggModel.state.standardErrors);

  const scored = timed(() => scoreCustomers(summaries, { purchase: bgModel, spend: ggModel }, { horizonDays: 365, margin: 1, annualDiscountRate: 0.1 }));
  const scores = scored.value;
  let clvTotal = 0;
  let negative = 0;
  for (const v of scores.predictedClv) {
    clvTotal += v;
    if (!(v >= 0)) negative++;
  }
  console.log(`\nScoring ${CUSTOMERS.toLocaleString('en')} customers: ${both(scored)} (${Math.round(CUSTOMERS / (scored.ms / 1000)).toLocaleString('en')} customers/s); mean 365-day CLV ${(clvTotal / CUSTOMERS).toFixed(2)}, ${negative} negative or non-finite`);
  const report = timed(() => holdoutReport(bgModel, summaries));
  console.log(`Holdout (39 weeks): ${report.value.actualTotal.toLocaleString('en')} purchases, forecast ${Math.round(report.value.predictedTotal).toLocaleString('en')} (${(100 * report.value.relativeError).toFixed(2)} %), correlation per customer ${report.value.correlation.toFixed(3)}; report ${seconds(report.ms)}`);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`Memory: RSS ${mb(rssBefore)} with the data loaded, peak RSS of the process ${mb(peak)}\n`);
  return scores;
}

/**
 * (3) The product's write of the scores: writeValueScores (clear, multi-row upserts of the value
 * columns, the targeting copy) in one transaction, on a fresh database with N customers, twice
 * (rows inserted, then updated in place); beside it, the baseline of a plain multi-row INSERT of
 * the same number of score rows into an empty table.
 */
async function scoreWrites(scores: CustomerScores): Promise<void> {
  if (SCORE_DB === 'none') return;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-value-bench-'));
  const mariadb = SCORE_DB === 'mariadb';
  const base = process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306';
  const name = `segmenta_value_bench_${crypto.randomBytes(3).toString('hex')}`;
  const admin = mariadb ? await (await import('mysql2/promise')).default.createConnection(base.replace(/^mariadb:/, 'mysql:')) : null;
  if (admin) await admin.query(`CREATE DATABASE \`${name}\``);
  const config = loadConfig({ NODE_ENV: 'production', SEGMENTA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(mariadb ? { DATABASE_URL: `${base.replace(/\/$/, '')}/${name}` } : {}) });
  const db = await openDatabase(config);
  try {
    const n = scores.customerIds.length;
    const now = '2025-01-01 00:00:00';
    for (let start = 0; start < n; start += 5_000) {
      const rows = Math.min(5_000, n - start);
      await db.query(`INSERT INTO customers (external_id, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at)
        VALUES ${Array.from({ length: rows }, () => "(?, 1, 0, 0, 0, 0, 0, ?, ?)").join(', ')}`, Array.from({ length: rows }, (_, i) => [`c${start + i + 1}`, now, now]).flat());
    }
    const baseline = process.hrtime.bigint();
    await db.transaction(async (m) => {
      for (let start = 0; start < n; start += 2_000) {
        const rows = Math.min(2_000, n - start);
        await m.query(`INSERT INTO customer_scores (customer_id, response_probability, scored_at) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')}`,
          Array.from({ length: rows }, (_, i) => [start + i + 1, scores.churnRisk[start + i], now]).flat());
      }
    });
    const baselineMs = Number(process.hrtime.bigint() - baseline) / 1e6;
    await db.query('DELETE FROM customer_scores');
    const asOf = new Date(scores.asOf + 86_400_000);
    const write = async () => {
      const t = process.hrtime.bigint();
      await db.transaction((m) => writeValueScores(m, scores, 1, asOf, unpaced));
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const inserted = await write();
    const updated = await write();
    console.log(`## Writing ${n.toLocaleString('en')} customers' value scores (${mariadb ? 'MariaDB' : 'SQLite'})\n`);
    console.log('| step | time |');
    console.log('| --- | ---: |');
    console.log(`| baseline: plain multi-row INSERT of ${n.toLocaleString('en')} score rows (2,000 a statement), one transaction | ${seconds(baselineMs)} |`);
    console.log(`| writeValueScores, rows new (clear, upserts, customer_targeting copy) | ${seconds(inserted)} |`);
    console.log(`| writeValueScores, rows replaced | ${seconds(updated)} |\n`);
  } finally {
    await db.destroy();
    if (admin) { await admin.query(`DROP DATABASE IF EXISTS \`${name}\``); await admin.end(); }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface ScipyFit { seconds: number; cpuSeconds: number; logLikelihood: number }

interface ScipyTimings {
  scipy: string;
  starts: Record<string, number>;
  bgnbd: Record<string, ScipyFit>;
  paretoNbd: Record<string, ScipyFit>;
  gammaGamma: Record<string, ScipyFit>;
}

function cdnow(): void {
  console.log(`## CDNOW sample (2,357 customers, weeks, 39-week calibration): fit times, median of ${CDNOW_RUNS}\n`);
  const orders = loadCdnowSample();
  const summarised = timed(() => summariseTransactions(orders, { calibrationEnd: CDNOW_CALIBRATION_END, holdoutEnd: CDNOW_HOLDOUT_END, timeUnit: 'weeks' }));
  const summaries = summarised.value;
  console.log(`summaries from ${orders.customerIds.length.toLocaleString('en')} orders: ${(summarised.ms).toFixed(1)} ms\n`);
  const fits: Record<string, () => { logLikelihood: number }> = {
    bgnbd: () => new BgNbd().fit(summaries),
    paretoNbd: () => new ParetoNbd().fit(summaries),
    gammaGamma: () => new GammaGamma().fit(summaries),
  };
  const ours: Record<string, { ms: number; cpuMs: number; ll: number }> = {};
  // One untimed fit each first, as Python's imports are not timed either.
  for (const [name, fit] of Object.entries(fits)) {
    fit();
    const runs = Array.from({ length: CDNOW_RUNS }, () => timed(fit));
    ours[name] = { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), ll: runs[0].value.logLikelihood };
  }
  const python = spawnSync(PYTHON, [SCRIPT, '--bench'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (python.status !== 0) throw new Error(`scipy baseline failed: ${python.stderr}`);
  const scipy = JSON.parse(python.stdout.trim().split('\n').pop()!) as ScipyTimings;
  console.log(`| model | Segmenta (3 starts, BFGS) | LL | scipy ${scipy.scipy} BFGS, 3 starts | LL | scipy Nelder–Mead + BFGS, 3 starts | CPU-time ratio to scipy BFGS |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const scipyTime = (fit: ScipyFit): string => both({ ms: fit.seconds * 1000, cpuMs: fit.cpuSeconds * 1000 });
  for (const [name, label] of [['bgnbd', 'BG/NBD'], ['paretoNbd', 'Pareto/NBD'], ['gammaGamma', 'Gamma-Gamma']] as const) {
    const s = scipy[name];
    const ratio = ours[name].cpuMs / 1000 / s.bfgs.cpuSeconds;
    console.log(`| ${label} | ${both(ours[name])} | ${ours[name].ll.toFixed(4)} | ${scipyTime(s.bfgs)} | ${s.bfgs.logLikelihood.toFixed(4)} | ${scipyTime(s['nelder-mead+bfgs'])} | ${ratio.toFixed(2)}× |`);
  }
}

console.log(`Customer-value benchmark${quick ? ' (--quick)' : ''}: node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}\n`);
const largeScores = largeScale();
await scoreWrites(largeScores);
cdnow();
