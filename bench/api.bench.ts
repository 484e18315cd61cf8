// npm run bench -- api [--quick] [--customers N] [--seconds S] [--keep | --reuse DB]
//
// Seeds a MariaDB database with synthetic customers (default 1,000,000; --quick 100,000) and their
// orders, starts the API in a child process on loopback and drives it open loop at a constant rate
// (latency from each request's due time, helpers/constant-rate.ts):
//   1. Customer(id) with its segment and scores at 200 req/s: the idle baseline;
//   2. the admin list query (country filter, a page of 25 and the total count) at 50 req/s;
//   3. Customer(id) at 200 req/s for as long as a real segmentation of every customer, and the
//      targeting rebuild it queues, runs in a `segmenta worker` process beside the API;
// and prints p50/p99 of each beside the idle baseline measured in the same run.
import crypto from 'node:crypto';
import os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { createApiKey } from '../server/src/modules/auth/index.js';
import { startSegmentation } from '../server/src/modules/segmentation/index.js';
import { constantRate } from './helpers/constant-rate.js';
import { adminConnection, COUNTRIES, lcg, MARIADB_URL, resetReused, seed, seedDerived } from './helpers/api-seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : fallback; };
const QUICK = flag('quick');
const SECONDS = option('seconds', QUICK ? 10 : 60);
const CUSTOMERS = option('customers', QUICK ? 100_000 : 1_000_000);

function spawnTs(file: string, env: NodeJS.ProcessEnv, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', path.join(ROOT, file), ...extra], {
    cwd: ROOT, env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'server/tsconfig.json'), ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => { seen += chunk; const match = pattern.exec(seen); if (match) resolve(match); });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing ${pattern}`)));
  });
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

interface ApiStats { loopP99: number; loopMax: number; cpuMs: number }
/** The API child's event-loop delay and CPU time since the last call (helpers/serve-child.ts). */
function apiStats(server: ChildProcess): Promise<ApiStats> {
  return new Promise((resolve) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk;
      const match = /stats (\{.*\})\n/.exec(buffer);
      if (match) { server.stdout!.off('data', onData); resolve(JSON.parse(match[1])); }
    };
    server.stdout!.on('data', onData);
    server.kill('SIGUSR2');
  });
}

interface Figures { rate: number; p50: number; p99: number; errors: number; requests: number; api: ApiStats; errorSamples: string[] }

const customerQuery = 'query($id: ID!) { Customer(id: $id) { id externalId country createdAt segment { id label } scores { responseProbability modelVersions scoredAt } } }';
const listQuery = `query($page: Int, $perPage: Int, $filter: CustomerFilter) {
  items: allCustomers(page: $page, perPage: $perPage, sortField: "id", sortOrder: "DESC", filter: $filter) { id externalId country createdAt }
  total: _allCustomersMeta(filter: $filter) { count } }`;
const pick = lcg(7);
const customerBody = () => JSON.stringify({ query: customerQuery, variables: { id: String(1 + Math.floor(pick() * CUSTOMERS)) } });
const listBody = () => JSON.stringify({ query: listQuery, variables: { page: Math.floor(pick() * 20), perPage: 25, filter: { country: COUNTRIES[Math.floor(pick() * COUNTRIES.length)] } } });

async function steady(server: ChildProcess, url: string, apiKey: string, rate: number, seconds: number, body: () => string, stop?: () => boolean): Promise<Figures> {
  await apiStats(server); // starts the API's figures afresh
  const r = await constantRate({
    url, rate, seconds, connections: 10, path: '/graphql', body, stop,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    isError: (status, text) => status === 200 && text.includes('"errors"'),
  });
  return { rate: r.rate, p50: r.p50, p99: r.p99, errors: r.errors + (r.sent - r.completed), requests: r.completed, api: await apiStats(server), errorSamples: r.errorSamples };
}

function row(label: string, m: Figures, baseline: string): void {
  console.log(`${label.padEnd(44)} ${m.rate.toFixed(0).padStart(5)}/s ${`${m.p50} ms`.padStart(9)} ${`${m.p99} ms`.padStart(10)} ${String(m.errors).padStart(7)}   ${baseline}`);
  console.log(`${''.padEnd(46)}API: event-loop delay p99 ${m.api.loopP99} ms, max ${m.api.loopMax} ms; CPU ${m.requests ? (m.api.cpuMs / m.requests).toFixed(2) : '?'} ms per request`);
  for (const sample of m.errorSamples) console.log(`${''.padEnd(46)}error: ${sample}`);
}

const jobStatus = async (dataSource: DataSource, jobId: number) => String((await dataSource.query('SELECT status FROM jobs WHERE id = ?', [jobId]))[0]?.status);

/** Customer(id) at 200 req/s while a worker process segments every customer and rebuilds the targeting table. */
async function besideSegmentation(server: ChildProcess, url: string, apiKey: string, dataSource: DataSource, env: NodeJS.ProcessEnv) {
  const worker = spawnTs('server/src/cli/index.ts', { ...env, WORKER_POLL_MS: '100' }, ['worker', '--types', 'segmentation,targeting-rebuild']);
  try {
    const { run } = await startSegmentation(dataSource, {}, 'bench');
    const first = run.jobId!;
    let busy = true;
    const poll = setInterval(() => {
      void dataSource.query("SELECT COUNT(*) AS n FROM jobs WHERE id >= ? AND status IN ('queued', 'running')", [first]).then((rows) => { busy = Number(rows[0].n) > 0; });
    }, 250);
    const started = performance.now();
    const measured = await steady(server, url, apiKey, 200, QUICK ? 180 : 900, customerBody, () => !busy);
    clearInterval(poll);
    const jobs: { type: string; status: string }[] = await dataSource.query('SELECT type, status FROM jobs WHERE id >= ? ORDER BY id', [first]);
    return { measured, seconds: (performance.now() - started) / 1000, jobs: jobs.map((j) => `${j.type} ${j.status}`), finished: await jobStatus(dataSource, first) === 'succeeded' };
  } finally {
    await stopChild(worker);
  }
}

async function main(): Promise<void> {
  const reuse = args.includes('--reuse') ? args[args.indexOf('--reuse') + 1] : null;
  const database = reuse ?? `segmenta_bench_${crypto.randomBytes(4).toString('hex')}`;
  if (!reuse) {
    const admin = await adminConnection();
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  }
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', DATABASE_URL: `${MARIADB_URL.replace(/\/$/, '')}/${database}`, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000', SEGMENTA_DATA_DIR: path.join(os.tmpdir(), database) };
  const config = loadConfig(env);
  const dataSource = await openDatabase(config); // migrates
  let server: ChildProcess | null = null;
  try {
    if (reuse) await resetReused(database, dataSource, config);
    else { await seed(database, CUSTOMERS, 3); await seedDerived(database, dataSource, config); }
    const { plain: apiKey } = await createApiKey(dataSource, { name: 'bench' });
    server = spawnTs('bench/helpers/serve-child.ts', env);
    const url = (await waitFor(server, /listening (\S+)/))[1];
    console.log(`\nSegmenta API under load: ${SECONDS} s per scenario, 10 connections, loopback, MariaDB, ${CUSTOMERS.toLocaleString('en')} customers`);
    console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} before the run`);
    await steady(server, url, apiKey, 100, QUICK ? 3 : 15, customerBody); // warm-up: caches and the buffer pool
    const idle = await steady(server, url, apiKey, 200, SECONDS, customerBody);
    const list = await steady(server, url, apiKey, 50, SECONDS, listBody);
    const busy = await besideSegmentation(server, url, apiKey, dataSource, env);
    const after = await steady(server, url, apiKey, 200, Math.min(SECONDS, 30), customerBody);

    console.log(`\n${'scenario'.padEnd(44)} ${'rate'.padStart(7)} ${'p50'.padStart(9)} ${'p99'.padStart(10)} ${'errors'.padStart(7)}   baseline`);
    row('Customer(id) + segment + scores, idle', idle, '(the baseline)');
    row('list: country filter + page + count', list, `Customer(id) idle p99 ${idle.p99} ms`);
    const baseline = (idle.p99 + after.p99) / 2;
    row(`Customer(id) beside a ${CUSTOMERS.toLocaleString('en')}-customer segmentation`, busy.measured,
      `idle p99 ${idle.p99} ms before, ${after.p99} ms after: ${(busy.measured.p99 / Math.max(1, baseline)).toFixed(2)}× their mean`);
    console.log(`${''.padEnd(46)}${busy.seconds.toFixed(0)} s: ${busy.jobs.join(', ')}${busy.finished ? '' : ' (the segmentation did not finish in the window)'}`);
    row('Customer(id) idle again, after it', after, '(second baseline)');
  } finally {
    await stopChild(server);
    await dataSource.destroy();
    if (!flag('keep') && !reuse) {
      const conn = await adminConnection();
      await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await conn.end();
    } else {
      console.log(`kept database ${database}`);
    }
  }
}

await main();
