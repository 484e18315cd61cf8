// npm run bench -- serve-worker [--lines N] [--dialect sqlite|mariadb]
//
// How long /health/live waits while `serve --with-worker` runs the largest segmentation the input
// limits allow (kMin 2, kMax 30, nInit 50) on the first N lines of Online Retail (default 120,000:
// about 1,900 customers). The API runs in a child process (helpers/serve-worker-child.ts) and is
// polled every 25 ms from here, for the whole run, once with the worker on the API's own event loop
// (the internal `workerOnMainThread` option) and once on its worker thread (the product), on
// SQLite and MariaDB; prints p50/p99/max of the polls and the share of the run the API was deaf
// (waits beyond 100 ms) side by side, with the API thread's own event-loop delay (p99, max in ms,
// measured in the server: what the host's CPU scheduling adds to a poll is not in it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { createImportRun, executeImport } from '../server/src/modules/imports/index.js';
import { startSegmentation } from '../server/src/modules/segmentation/index.js';
import { adminConnection, MARIADB_URL } from './helpers/api-seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const LINES = Number(option('lines') ?? 120_000);
const DIALECTS = option('dialect') ? [option('dialect') as 'sqlite' | 'mariadb'] : (['sqlite', 'mariadb'] as const);
const PARAMS = { kMin: 2, kMax: 30, nInit: 50, seed: 7 };
const POLL_EVERY_MS = 25;

function onlineRetailSlice(lines: number): string {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(ROOT, 'datasets/online-retail/online_retail.csv.gz'))).toString('utf8');
  let end = 0;
  for (let i = 0; i <= lines; i++) end = text.indexOf('\n', end) + 1;
  return text.slice(0, end);
}

function startChild(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', path.join(ROOT, 'bench/helpers/serve-worker-child.ts')], {
    cwd: ROOT, env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'server/tsconfig.json'), LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => { seen += chunk; const match = /listening (\S+)/.exec(seen); if (match) resolve({ child, url: match[1] }); });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * `stalled`: share of the run's wall time spent waiting on polls beyond 100 ms each. A blocked loop
 * answers few polls (so their percentiles say little); this share shows how long it was deaf.
 */
interface Figures { polls: number; runS: number; p50: number; p99: number; max: number; stalledPct: number; loopP99: number; loopMax: number }

/** Polls /health/live every 25 ms while one segmentation runs in the server's in-process worker. */
async function measure(dataSource: DataSource, config: AppConfig, onMainThread: boolean): Promise<Figures> {
  const { child, url } = await startChild({ DATABASE_URL: config.databaseUrl ?? '', SEGMENTA_DATA_DIR: config.dataDir, WORKER_POLL_MS: '50', WORKER_ON_MAIN_THREAD: onMainThread ? '1' : '0' });
  try {
    // The thread's worker starts a moment after the server: let it, so the polls cover only the run.
    await new Promise((r) => setTimeout(r, 5_000));
    const { run } = await startSegmentation(dataSource, PARAMS, 'bench');
    let status = 'queued';
    const watcher = setInterval(() => {
      void dataSource.query('SELECT status FROM segmentation_runs WHERE id = ?', [run.id]).then(([row]) => { status = row.status; });
    }, 250);
    const waits: number[] = [];
    child.kill('SIGUSR1');
    const began = performance.now();
    try {
      while (!['succeeded', 'failed', 'cancelled'].includes(status)) {
        const sent = performance.now();
        await (await fetch(`${url}/health/live`)).arrayBuffer();
        waits.push(performance.now() - sent);
        await new Promise((r) => setTimeout(r, Math.max(0, POLL_EVERY_MS - (performance.now() - sent))));
      }
    } finally {
      clearInterval(watcher);
    }
    if (status !== 'succeeded') throw new Error(`run ${run.id} ${status}`);
    const runMs = performance.now() - began;
    const loop = await new Promise<{ p99: number; max: number }>((resolve) => {
      const onData = (chunk: Buffer) => {
        const match = /loop (\{.*\})/.exec(String(chunk));
        if (match) { child.stdout!.off('data', onData); resolve(JSON.parse(match[1])); }
      };
      child.stdout!.on('data', onData);
      child.kill('SIGUSR2');
    });
    const stalledMs = waits.reduce((sum, wait) => sum + Math.max(0, wait - 100), 0);
    waits.sort((a, b) => a - b);
    const at = (q: number) => Math.round(waits[Math.floor(q * (waits.length - 1))]);
    return { polls: waits.length, runS: Math.round(runMs / 100) / 10, p50: at(0.5), p99: at(0.99), max: at(1), stalledPct: Math.round((1000 * stalledMs) / runMs) / 10, loopP99: loop.p99, loopMax: loop.max };
  } finally {
    await stopChild(child);
  }
}

const sliceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-bench-serve-worker-'));
const slice = path.join(sliceDir, 'slice.csv');
fs.writeFileSync(slice, onlineRetailSlice(LINES));
const rows: { dialect: string; mode: string; figures: Figures }[] = [];
try {
  for (const dialect of DIALECTS) {
    const name = `segmenta_bench_sw_${crypto.randomBytes(3).toString('hex')}`;
    const dataDir = path.join(sliceDir, dialect);
    if (dialect === 'mariadb') { const conn = await adminConnection(); await conn.query(`CREATE DATABASE \`${name}\``); await conn.end(); }
    const config = loadConfig({ NODE_ENV: 'production', SEGMENTA_DATA_DIR: dataDir, DATABASE_URL: dialect === 'mariadb' ? `${MARIADB_URL.replace(/\/$/, '')}/${name}` : '' });
    const dataSource = await openDatabase(config);
    try {
      const importRun = await createImportRun(dataSource, { kind: 'orders', filePath: slice, timezone: 'Europe/London' }, config);
      const report = await executeImport(dataSource, importRun.id, { config });
      const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM customers');
      process.stderr.write(`${dialect}: imported ${LINES} lines (${report.status}), ${n} customers\n`);
      for (const [mode, onMainThread] of [['API thread (old)', true], ['worker thread', false]] as const) {
        const figures = await measure(dataSource, config, onMainThread);
        process.stderr.write(`${dialect} / ${mode}: ${JSON.stringify(figures)}\n`);
        rows.push({ dialect, mode, figures });
      }
    } finally {
      await dataSource.destroy();
      if (dialect === 'mariadb') { const conn = await adminConnection(); await conn.query(`DROP DATABASE IF EXISTS \`${name}\``); await conn.end(); }
    }
  }
} finally {
  fs.rmSync(sliceDir, { recursive: true, force: true });
}

console.log(`\n/health/live every ${POLL_EVERY_MS} ms during a segmentation (kMin ${PARAMS.kMin}, kMax ${PARAMS.kMax}, nInit ${PARAMS.nInit}) of ${LINES} Online Retail lines; ${os.cpus().length} cores`);
console.log(`${'database'.padEnd(10)}${'job worker on'.padEnd(20)}${'run s'.padStart(8)}${'polls'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'stalled %'.padStart(11)}${'loop p99'.padStart(10)}${'loop max'.padStart(10)}`);
for (const { dialect, mode, figures: f } of rows) {
  console.log(`${dialect.padEnd(10)}${mode.padEnd(20)}${String(f.runS).padStart(8)}${String(f.polls).padStart(8)}${String(f.p50).padStart(9)}${String(f.p99).padStart(9)}${String(f.max).padStart(9)}${String(f.stalledPct).padStart(11)}${String(f.loopP99).padStart(10)}${String(f.loopMax).padStart(10)}`);
}
