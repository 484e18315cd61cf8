// npm run bench -- segmentation-run [--quick] [--customers N]
// End-to-end segmentation runs on MariaDB, each beside a scikit-learn baseline measured in the same run:
//  1. UCI Online Retail (4.3k customers): features + k = 2..10 with every metric + profiles, personas, writes.
//  2. N synthetic customers (default 1,000,000; --quick 100,000): the same, with sampled silhouette,
//     in a child process whose peak RSS (VmHWM) is sampled.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import { loadConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { createLogger } from '../server/src/logger.js';
import { createImportRun, executeImport } from '../server/src/modules/imports/index.js';
import { demoFile } from '../server/src/demo.js';
import { loadFeatureTable } from '../server/src/modules/segmentation/index.js';
import { latestSnapshot } from '../server/src/modules/features/index.js';
import { createRng } from '../server/src/ml/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const customersArg = args.indexOf('--customers');
const nSynthetic = customersArg >= 0 ? Number(args[customersArg + 1]) : quick ? 100_000 : 1_000_000;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BASE_URL = process.env.BENCH_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306';

async function admin(sql: string) {
  const url = new URL(BASE_URL);
  const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: url.username, password: url.password });
  try { await conn.query(sql); } finally { await conn.end(); }
}

async function freshDb(tag: string) {
  const name = `segmenta_bench_${tag}_${crypto.randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-bench-'));
  return { name, env: { DATABASE_URL: `${BASE_URL}/${name}`, SEGMENTA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' } };
}

/** Runs `segmenta segment --json` in a child, sampling its peak RSS. */
async function segmentInChild(env: Record<string, string>, extra: string[]) {
  const start = performance.now();
  const child = spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'server/src/cli/index.ts', 'segment', '--json', '--k-min', '2', '--k-max', '10', ...extra], {
    cwd: ROOT, env: { ...process.env, SWC_NODE_PROJECT: 'server/tsconfig.json', ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let peakKb = 0;
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch { /* exited */ }
  }, 100);
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return { seconds: (performance.now() - start) / 1000, peakMb: peakKb / 1024, result: JSON.parse(out.trim().split('\n').pop() ?? '{}') };
}

function sklearnBaseline(raw: { data: Float64Array; cols: number }, nInit: number) {
  const file = path.join(os.tmpdir(), `segmenta-bench-${process.pid}.f64`);
  fs.writeFileSync(file, Buffer.from(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength));
  const res = spawnSync('/usr/bin/python3', [path.join(ROOT, 'bench/segmentation-run-sklearn.py'), file, String(raw.cols), '1,2', String(nInit)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  fs.rmSync(file, { force: true });
  if (res.status !== 0) return null;
  return JSON.parse(res.stdout) as { seconds: number };
}

async function matrixOf(env: Record<string, string>) {
  const config = loadConfig({ ...process.env, ...env });
  const ds = await openDatabase(config);
  try {
    const snapshot = await latestSnapshot(ds);
    return (await loadFeatureTable(ds, snapshot!.id, ['recencyDays', 'frequency', 'monetary'])).raw;
  } finally { await ds.destroy(); }
}

function row(label: string, ours: number, base: number | null, unit = 's') {
  const ratio = base ? `${(ours / base).toFixed(2)}×` : 'n/a';
  console.log(`${label.padEnd(58)} segmenta ${ours.toFixed(2)} ${unit}   baseline ${base === null ? 'n/a' : base.toFixed(2) + ' ' + unit}   ratio ${ratio}`);
}

// 1. Online Retail
{
  const db = await freshDb('retail');
  const config = loadConfig({ ...process.env, ...db.env });
  const ds = await openDatabase(config);
  const run = await createImportRun(ds, { kind: 'orders', filePath: demoFile(), timezone: 'Europe/London' }, config);
  await executeImport(ds, run.id, { config });
  await ds.destroy();
  const ours = await segmentInChild(db.env, ['--seed', '42']);
  const base = sklearnBaseline(await matrixOf(db.env), 10);
  console.log(`Online Retail: ${ours.result.segments?.reduce((s: number, x: { size: number }) => s + x.size, 0)} customers, k=${ours.result.k} (${ours.result.reason})`);
  row('Online Retail run, k=2..10, nInit=10 (command, incl. process start)', ours.seconds, base?.seconds ?? null);
  row('Online Retail run, k=2..10, nInit=10 (the run itself)', ours.result.seconds, base?.seconds ?? null);
  console.log(`   target ≤ 5 s end to end; peak RSS ${ours.peakMb.toFixed(0)} MB (baseline = sklearn transforms + KMeans + 3 metrics on the same features, no database work)`);
  await admin(`DROP DATABASE ${db.name}`);
}

// 2. Synthetic customers
{
  const db = await freshDb('synthetic');
  const config = loadConfig({ ...process.env, ...db.env });
  const ds = await openDatabase(config);
  const rng = createRng(7);
  const seedStart = performance.now();
  const end = Date.UTC(2011, 11, 9);
  const batch = 5000;
  let invoice = 1;
  for (let start = 0; start < nSynthetic; start += batch) {
    const n = Math.min(batch, nSynthetic - start);
    const customers: unknown[] = [];
    for (let i = 0; i < n; i++) customers.push(`S${start + i + 1}`, 'United Kingdom', 1, '2011-01-01 00:00:00', '2011-01-01 00:00:00');
    await ds.query(`INSERT INTO customers (external_id, country, consent_email, created_at, updated_at) VALUES ${new Array(n).fill('(?, ?, ?, ?, ?)').join(',')}`, customers);
    const orders: unknown[] = [];
    let rows = 0;
    for (let i = 0; i < n; i++) {
      const id = start + i + 1;
      const kind = rng.nextFloat();
      const count = kind < 0.5 ? 1 : kind < 0.8 ? 2 + Math.floor(rng.nextFloat() * 3) : 5 + Math.floor(rng.nextFloat() * 10);
      for (let o = 0; o < count; o++) {
        const daysAgo = Math.floor(rng.nextFloat() * (kind < 0.5 ? 360 : 120));
        const at = new Date(end - daysAgo * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
        orders.push(String(invoice++), id, at, 'completed', Math.round(Math.exp(3 + rng.nextFloat() * 2) * 100) / 100);
        rows++;
      }
    }
    await ds.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, total_amount) VALUES ${new Array(rows).fill('(?, ?, ?, ?, ?)').join(',')}`, orders);
  }
  await ds.destroy();
  console.log(`\nSynthetic: ${nSynthetic.toLocaleString('en-GB')} customers, ${(invoice - 1).toLocaleString('en-GB')} orders seeded in ${((performance.now() - seedStart) / 1000).toFixed(0)} s (not timed below)`);
  const ours = await segmentInChild(db.env, ['--seed', '42']);
  const base = sklearnBaseline(await matrixOf(db.env), 1);
  row(`${nSynthetic.toLocaleString('en-GB')} customers, k=2..10 (command, incl. process start)`, ours.seconds, base?.seconds ?? null);
  row(`${nSynthetic.toLocaleString('en-GB')} customers, k=2..10 (features + run + writes)`, ours.result.seconds, base?.seconds ?? null);
  console.log(`   target ≤ 180 s and peak RSS ≤ 2048 MB; peak RSS ${ours.peakMb.toFixed(0)} MB; k=${ours.result.k}`);
  await admin(`DROP DATABASE ${db.name}`);
}
