// npm run bench -- run-row-writes [--rows N] [--rounds R]
// What the million-row writes of a segmentation cost MariaDB: a feature snapshot's rows
// (customer_features) and a run's memberships (segment_memberships), written the way the product
// writes them (LOAD DATA LOCAL in 20,000-row chunks, one transaction), into a table already holding
// one earlier snapshot or run. Each table with today's indexes (migration 1764100017000) beside the
// same table with the secondary indexes it had before (the baseline), alternating, fresh copies
// each round. Prints wall time and the database server's CPU time (when it runs on the bench's host).
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { bulkInsertRows, type CountedRows } from '../server/src/db/bulk-load.js';
import type { Row } from '../server/src/db/sql-upsert.js';
import { Rng } from '../server/src/ml/rng.js';
import { adminConnection, COUNTRIES, MARIADB_URL } from './helpers/api-seed.js';
import { CustomerFeaturesEntity } from '../server/src/modules/features/index.js';
import { SegmentMembershipEntity } from '../server/src/modules/segmentation/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const ROWS = option('rows', 1_000_000);
const ROUNDS = option('rounds', 2);
const CHUNK = 20_000;

/** The secondary indexes each table had before migration 1764100017000. */
const BEFORE: Record<string, string[]> = {
  customer_features: ['ADD INDEX ix_customer_features_customer (customer_id, snapshot_id)', 'ADD INDEX ix_customer_features_group (snapshot_id, rfm_group)'],
  segment_memberships: ['ADD INDEX ix_segment_memberships_customer (customer_id, run_id)'],
};

const RFM_GROUPS = ['Champions', 'Loyal', 'Potential Loyalist', 'New Customers', 'Promising', 'Need Attention', 'About to Sleep', 'At Risk', "Can't Lose Them", 'Hibernating', 'Lost'];
const CATEGORIES = ['home', 'kitchen', 'gifts', 'stationery', 'garden', 'party', 'toys', 'bags'];

/** Plausible values for each column of the table, by its name and type, from a seeded generator. */
function rowMaker(dataSource: DataSource, entity: typeof CustomerFeaturesEntity | typeof SegmentMembershipEntity, runColumn: string) {
  const columns = dataSource.getMetadata(entity).columns.map((c) => ({ name: c.databaseName, type: String(c.type) }));
  return {
    columns: columns.map((c) => c.name),
    rows(run: number, seed: number): CountedRows {
      const rng = new Rng(seed);
      const value = (name: string, type: string, customer: number): string | number | null => {
        if (name === runColumn) return run;
        if (name === 'customer_id') return customer;
        if (name === 'segment_id') return run * 100 + Math.floor(rng.nextFloat() * 6);
        if (name === 'rfm_group') return RFM_GROUPS[Math.floor(rng.nextFloat() * RFM_GROUPS.length)];
        if (name === 'country') return COUNTRIES[Math.floor(rng.nextFloat() * COUNTRIES.length)];
        if (name === 'age_band') return rng.nextFloat() < 0.3 ? null : `${20 + 10 * Math.floor(rng.nextFloat() * 5)}-${29 + 10 * Math.floor(rng.nextFloat() * 5)}`;
        if (name === 'top_category') return CATEGORIES[Math.floor(rng.nextFloat() * CATEGORIES.length)];
        if (name === 'category_shares') return JSON.stringify(Object.fromEntries(CATEGORIES.slice(0, 1 + Math.floor(rng.nextFloat() * 4)).map((k) => [k, Math.round(rng.nextFloat() * 1000) / 1000])));
        if (type === 'datetime') return `2011-${String(1 + Math.floor(rng.nextFloat() * 12)).padStart(2, '0')}-15 10:30:00`;
        if (type === 'integer' || type === 'int') return Math.floor(rng.nextFloat() * 400);
        return Math.round(rng.nextFloat() * 100_000) / 100;
      };
      return {
        length: ROWS,
        *[Symbol.iterator](): Iterator<Row> {
          for (let customer = 1; customer <= ROWS; customer++) yield columns.map((c) => value(c.name, c.type, customer));
        },
      };
    },
  };
}

/** User + system CPU seconds of the local mariadbd/mysqld, or null when the server is elsewhere. */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
function serverPid(): number | null {
  for (const name of ['mariadbd', 'mysqld']) {
    try { return Number(execFileSync('pidof', [name]).toString().trim().split(/\s+/)[0]); } catch { /* not here */ }
  }
  return null;
}
function serverCpuSeconds(pid: number | null): number | null {
  if (!pid) return null;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** One chunked, transactional write of `rows` into `table`, as the product writes a snapshot or run. */
async function write(dataSource: DataSource, table: string, columns: string[], rows: CountedRows): Promise<void> {
  await dataSource.transaction(async (manager) => {
    let chunk: Row[] = [];
    for (const row of rows) {
      chunk.push(row);
      if (chunk.length === CHUNK) { await bulkInsertRows(manager.queryRunner!, 'mysql', table, columns, chunk); chunk = []; }
    }
    if (chunk.length) await bulkInsertRows(manager.queryRunner!, 'mysql', table, columns, chunk);
  });
}

async function main(): Promise<void> {
  const database = `segmenta_bench_writes_${crypto.randomBytes(3).toString('hex')}`;
  const admin = await adminConnection();
  await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const config = loadConfig({ DATABASE_URL: `${MARIADB_URL.replace(/\/$/, '')}/${database}`, LOG_LEVEL: 'warn', SEGMENTA_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-bench-')) });
  const dataSource = await openDatabase(config);
  const pid = serverPid();
  try {
    const [[{ pool }]] = await admin.query('SELECT @@innodb_buffer_pool_size AS pool') as unknown as [[{ pool: number }]];
    console.log(`\nA run's row writes on MariaDB: ${ROWS.toLocaleString('en')} rows into a table holding one earlier run's ${ROWS.toLocaleString('en')}, ${ROUNDS} rounds, buffer pool ${Math.round(Number(pool) / 1048576)} MiB${pid ? '' : ' (server not local: no CPU figures)'}`);
    const tables = [
      { table: 'customer_features', maker: rowMaker(dataSource, CustomerFeaturesEntity, 'snapshot_id') },
      { table: 'segment_memberships', maker: rowMaker(dataSource, SegmentMembershipEntity, 'run_id') },
    ];
    const results: { table: string; schema: string; wall: number; cpu: number | null }[] = [];
    for (const { table, maker } of tables) {
      await write(dataSource, table, maker.columns, maker.rows(1, 1));
      for (let round = 0; round < ROUNDS; round++) {
        for (const schema of round % 2 === 0 ? ['today', 'before'] : ['before', 'today']) {
          await dataSource.query('DROP TABLE IF EXISTS bench_copy');
          await dataSource.query(`CREATE TABLE bench_copy LIKE ${table}`);
          await dataSource.query(`INSERT INTO bench_copy SELECT * FROM ${table}`);
          if (schema === 'before') await dataSource.query(`ALTER TABLE bench_copy ${BEFORE[table].join(', ')}`);
          await new Promise((resolve) => setTimeout(resolve, 3000)); // let the copy's flushing settle
          const cpu0 = serverCpuSeconds(pid);
          const t0 = performance.now();
          await write(dataSource, 'bench_copy', maker.columns, maker.rows(2, 2 + round));
          const wall = (performance.now() - t0) / 1000;
          const cpu1 = serverCpuSeconds(pid);
          results.push({ table, schema, wall, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 });
        }
      }
      await dataSource.query('DROP TABLE IF EXISTS bench_copy');
    }
    console.log(`\n${'table'.padEnd(22)}${'indexes'.padEnd(44)}${'wall'.padStart(16)}${'server CPU'.padStart(22)}`);
    for (const { table } of tables) {
      for (const schema of ['today', 'before']) {
        const mine = results.filter((r) => r.table === table && r.schema === schema);
        const label = schema === 'today' ? 'today (migration 1764100017000)' : `baseline: + ${BEFORE[table].length} as before`;
        const list = (xs: (number | null)[]) => xs.map((x) => (x === null ? '–' : `${x.toFixed(2)} s`)).join(', ');
        console.log(`${table.padEnd(22)}${label.padEnd(44)}${list(mine.map((r) => r.wall)).padStart(16)}${list(mine.map((r) => r.cpu)).padStart(22)}`);
      }
      const mean = (schema: string, key: 'wall' | 'cpu') => {
        const xs = results.filter((r) => r.table === table && r.schema === schema).map((r) => r[key] ?? NaN);
        return xs.reduce((a, b) => a + b, 0) / xs.length;
      };
      const cpuRatio = mean('today', 'cpu') / mean('before', 'cpu');
      console.log(`${''.padEnd(22)}today / baseline: wall ${(mean('today', 'wall') / mean('before', 'wall')).toFixed(2)}×${Number.isFinite(cpuRatio) ? `, server CPU ${cpuRatio.toFixed(2)}×` : ''}`);
    }
  } finally {
    await dataSource.destroy();
    await admin.query(`DROP DATABASE ${database}`);
    await admin.end();
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
