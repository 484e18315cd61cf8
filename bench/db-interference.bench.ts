// npm run bench -- db-interference [--reuse DB] [--customers N] [--seconds S] [--buffer-pool-mb N]
//
// Which kind of a job's work slows an API's point lookups on the same MariaDB server, and does
// the worker's session matter? A probe runs the per-customer lookups an API request makes (a
// customer by primary key, their latest orders) at 200 per second from this process, latency from
// each lookup's due time, while a load process beside it (SCHED_IDLE, its database session's server
// thread too, as a `segmenta worker` with WORKER_DB_NICE=idle runs) repeats one kind of work back to
// back over 50,000-customer ranges, as the feature computation does (server/src/modules/features/):
//   - none: no load (the baseline; it runs between the others as well, to show the drift);
//   - busy CPUs: two busy loops at SCHED_IDLE, no database work;
//   - aggregated in the server: the orders aggregation, only its sum sent back;
//   - streamed to the client: the same aggregation with every row sent to the load process, as
//     the worker reads it;
//   - streamed, SQL_BUFFER_RESULT: the same, with the result finished in a temporary table first;
//   - written in the server: INSERT … SELECT of the aggregation into a scratch table.
// A load runs in this bench's session (as a worker started from a shell), in a session of its own
// (as a service), or in one of its own with its Linux autogroup lowered to nice 19 (as a `segmenta
// worker` now does there, server/src/autogroup.ts). With autogroups on, SCHED_IDLE ranks a thread
// only against the threads of its own session: a load in a session of its own competes with the
// database server's threads as a group of equal weight unless the group is lowered.
// Without --reuse it seeds a database of its own (default 200,000 customers, 3 orders each) and
// drops it afterwards; --reuse takes a database kept by `npm run bench -- api --keep`.
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { lowerOwnAutogroup } from '../server/src/autogroup.js';
import { setThreadPriority } from '../server/src/cpu-priority.js';
import { loadConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { adminConnection, lcg, MARIADB_URL, mariadbOptions, seed } from './helpers/api-seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const SECONDS = Number(value('seconds') ?? 20);
const RANGE = 50_000;

const AGGREGATE = `SELECT o.customer_id, SUM(CASE WHEN o.status = 'completed' THEN 1 ELSE 0 END) AS frequency, SUM(o.total_amount) AS monetary,
  MIN(o.ordered_at) AS first_at, MAX(o.ordered_at) AS last_at FROM orders o WHERE o.customer_id >= ? AND o.customer_id < ? GROUP BY o.customer_id`;
type Connection = mysql.Connection;
const LOADS: Record<string, { label: string; run: (c: Connection, from: number, seq: number) => Promise<unknown> }> = {
  server: { label: 'aggregated in the server', run: (c, from) => c.query(`SELECT COUNT(*), SUM(monetary) FROM (${AGGREGATE}) t`, [from, from + RANGE]) },
  streamed: { label: 'streamed to the client', run: (c, from) => c.query(AGGREGATE, [from, from + RANGE]) },
  buffered: { label: 'streamed, SQL_BUFFER_RESULT', run: (c, from) => c.query(AGGREGATE.replace('SELECT ', 'SELECT SQL_BUFFER_RESULT '), [from, from + RANGE]) },
  written: { label: 'written in the server', run: (c, from, seq) => c.query(`INSERT INTO bench_interference_scratch (run, customer_id, monetary) SELECT ${seq}, customer_id, monetary FROM (${AGGREGATE}) t`, [from, from + RANGE]) },
};

/** The load process (`--load <kind> --database <db>`): its session's server thread at SCHED_IDLE, statements back to back, a dot per statement. */
async function loadProcess(kind: string, database: string): Promise<never> {
  if (args.includes('--lower-group')) lowerOwnAutogroup(19); // as a `segmenta worker` does in a session of its own
  const c = await mysql.createConnection(mariadbOptions(database));
  const [[{ tid }]] = await c.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()') as unknown as [[{ tid: number }]];
  setThreadPriority(Number(tid), 'idle');
  const [[{ top }]] = await c.query('SELECT MAX(id) AS top FROM customers') as unknown as [[{ top: number }]];
  for (let from = 1, seq = 0; ; from = from + RANGE > top ? 1 : from + RANGE, seq++) {
    await LOADS[kind].run(c, from, seq);
    process.stdout.write('.');
  }
}

/**
 * Where a load runs: in this bench's session (as a worker started from its shell), in a session of
 * its own (setsid, as a service), or in one of its own with its autogroup lowered to nice 19 (as a
 * `segmenta worker` in a session of its own now lowers it).
 */
type Session = 'shared' | 'own' | 'lowered';
const SESSION_LABELS: Record<Session, string> = { shared: 'shared session', own: 'own session', lowered: 'own session, group at nice 19' };

function startLoad(kind: string, database: string, session: Session): { stop: () => void; statements: () => number } {
  const ownSession = session !== 'shared';
  // Two busy loops at SCHED_IDLE and no database work: what busy CPUs alone cost the probe.
  const command = kind === 'spin'
    ? ['sh', '-c', `${session === 'lowered' ? 'echo 19 > /proc/self/autogroup; ' : ''}exec chrt --idle 0 "${process.execPath}" -e 'for (;;);'`]
    : ['chrt', '--idle', '0', process.execPath, '--conditions=source', '--import', '@swc-node/register/esm-register',
      path.join(ROOT, 'bench/db-interference.bench.ts'), '--load', kind, '--database', database, ...(session === 'lowered' ? ['--lower-group'] : [])];
  const children: ChildProcess[] = [];
  let statements = 0;
  for (let i = 0; i < (kind === 'spin' ? 2 : 1); i++) {
    const child = spawn(command[0], command.slice(1), { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'inherit'], detached: ownSession });
    child.stdout!.on('data', (chunk: Buffer) => { statements += chunk.length; });
    children.push(child);
  }
  return { stop: () => { for (const child of children) child.kill('SIGKILL'); }, statements: () => statements };
}

/** The probe: 200 lookups per second for SECONDS, 10 connections; latency percentiles in ms. */
async function probe(pool: mysql.Pool, customers: number) {
  const pick = lcg(11);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < SECONDS * 200; i++) {
    const due = start + i * 5;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const id = 1 + Math.floor(pick() * customers);
    pending.push((async () => {
      await pool.query('SELECT * FROM customers WHERE id = ?', [id]);
      await pool.query('SELECT id, ordered_at, total_amount FROM orders WHERE customer_id = ? ORDER BY ordered_at DESC LIMIT 5', [id]);
      latencies.push(performance.now() - due);
    })());
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: latencies[latencies.length - 1] };
}

async function main(): Promise<void> {
  const reuse = value('reuse');
  const database = reuse ?? `segmenta_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = await adminConnection();
  const [[{ size: poolBefore }]] = await admin.query('SELECT @@innodb_buffer_pool_size AS size') as unknown as [[{ size: number }]];
  await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${Number(value('buffer-pool-mb') ?? 1024) * 1024 * 1024}`);
  let pool: mysql.Pool | null = null;
  try {
    if (!reuse) {
      await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      const dataSource = await openDatabase(loadConfig({ DATABASE_URL: `${MARIADB_URL.replace(/\/$/, '')}/${database}`, LOG_LEVEL: 'warn' })); // migrates
      await dataSource.destroy();
      await seed(database, Number(value('customers') ?? 200_000), 3);
    }
    await admin.query(`USE \`${database}\``);
    await admin.query('CREATE TABLE IF NOT EXISTS bench_interference_scratch (run INT NOT NULL, customer_id INT NOT NULL, monetary DOUBLE, PRIMARY KEY (run, customer_id))');
    // Warm the buffer pool with what the probe and the loads read.
    for (const sql of ['SELECT COUNT(*) FROM customers FORCE INDEX (PRIMARY)', 'SELECT COUNT(*), SUM(total_amount) FROM orders',
      'SELECT COUNT(*) FROM orders FORCE INDEX (ix_orders_customer_totals) WHERE customer_id > 0']) await admin.query(sql);
    const [[{ customers }]] = await admin.query('SELECT COUNT(*) AS customers FROM customers') as unknown as [[{ customers: number }]];
    pool = mysql.createPool({ ...mariadbOptions(database), connectionLimit: 10 });
    await probe(pool, Number(customers)); // warm-up
    console.log(`\nAPI-like point lookups (a customer, their latest orders) at 200/s for ${SECONDS} s beside a SCHED_IDLE load, ${Number(customers).toLocaleString('en')} customers`);
    console.log(`${'load'.padEnd(60)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'p99.9'.padStart(8)} ${'max'.padStart(8)}  statements  p99 / baseline`);
    // The busy loops and the streamed aggregation in each kind of session (see Session); the other
    // loads as a `segmenta worker` in a session of its own now runs.
    const order: [string, Session][] = [['none', 'shared'], ['spin', 'shared'], ['spin', 'own'], ['spin', 'lowered'], ['streamed', 'shared'], ['streamed', 'own'],
      ['streamed', 'lowered'], ['none', 'shared'], ['server', 'lowered'], ['buffered', 'lowered'], ['written', 'lowered'], ['none', 'shared']];
    const baselines: number[] = [];
    for (const [kind, session] of order) {
      const load = kind === 'none' ? null : startLoad(kind, database, session);
      try {
        await new Promise((r) => setTimeout(r, load ? 1_000 : 0));
        const m = await probe(pool, Number(customers));
        if (!load) baselines.push(m.p99);
        const base = baselines.reduce((a, b) => a + b, 0) / baselines.length;
        const label = kind === 'none' ? 'none (baseline)' : `${kind === 'spin' ? 'busy CPUs, no database work' : LOADS[kind].label}, ${SESSION_LABELS[session]}`;
        const ms = (x: number) => `${x.toFixed(2)}`.padStart(8);
        console.log(`${label.padEnd(60)} ${ms(m.p50)} ${ms(m.p99)} ${ms(m.p999)} ${ms(m.max)}  ${String(load && kind !== 'spin' ? load.statements() : '').padStart(10)}  ${load ? `${(m.p99 / base).toFixed(2)}×` : ''}`);
      } finally {
        load?.stop();
      }
    }
  } finally {
    await pool?.end();
    await admin.query('DROP TABLE IF EXISTS bench_interference_scratch').catch(() => undefined);
    if (!reuse) await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${poolBefore}`);
    await admin.end();
  }
}

if (args.includes('--load')) await loadProcess(value('load')!, value('database')!);
else await main();
