// Seeding of the API bench's MariaDB database (bench/api.bench.ts): synthetic customers and
// orders, then what production has beside them (stored scores, a live segmentation made by the
// real job), and the reset a reused database gets before each run.
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { loadConfig } from '../../server/src/config/index.js';
import { runJobHere } from '../../server/src/cli/run-job.js';
import { createLogger } from '../../server/src/logger.js';
import { startSegmentation } from '../../server/src/modules/segmentation/index.js';

export const MARIADB_URL = process.env.BENCH_MARIADB_URL || 'mariadb://root@127.0.0.1:3306';
export const COUNTRIES = ['United Kingdom', 'United Kingdom', 'United Kingdom', 'United Kingdom', 'Germany', 'France', 'EIRE', 'Spain', 'Netherlands', 'Belgium', 'Switzerland', 'Portugal', 'Australia', 'Norway', 'Italy'];

/** Deterministic data: the same run seeds the same rows. */
export function lcg(seed: number) {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** mysql2 connection options for MARIADB_URL, on `database` if given. */
export function mariadbOptions(database?: string) {
  const url = new URL(MARIADB_URL);
  return { host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database };
}

export function adminConnection() {
  return mysql.createConnection(mariadbOptions());
}

export async function seed(database: string, customers: number, ordersPerCustomer: number): Promise<void> {
  const conn = await adminConnection();
  await conn.query(`USE \`${database}\``);
  const random = lcg(42);
  const iso = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
  const start = Date.UTC(2021, 0, 1);
  const span = 3 * 365 * 86_400_000;
  const batch = 2_000;
  const began = performance.now();
  for (let from = 1; from <= customers; from += batch) {
    const rows: unknown[][] = [];
    for (let id = from; id < Math.min(from + batch, customers + 1); id++) {
      const created = new Date(start + random() * span);
      rows.push([id, `C${id}`, `customer${id}@example.com`, `Customer ${id}`, COUNTRIES[Math.floor(random() * COUNTRIES.length)], 'Town', random() < 0.5 ? 'f' : 'm',
        '1980-01-01', iso(created), random() < 0.7, random() < 0.3, random() < 0.2, false, false, false, null, null, iso(created), iso(created)]);
    }
    await conn.query(`INSERT INTO customers (id, external_id, email, name, country, city, gender, birth_date, signup_at, consent_email, consent_sms, consent_push,
      opted_out_email, opted_out_sms, opted_out_push, attributes, erased_at, created_at, updated_at) VALUES ?`, [rows]);
  }
  let invoice = 0;
  const orders = customers * ordersPerCustomer;
  for (let from = 0; from < orders; from += batch) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(from + batch, orders); i++) {
      const customer = 1 + Math.floor(random() * customers);
      const cancelled = random() < 0.05;
      const amount = Math.round((cancelled ? -1 : 1) * (5 + random() * 500) * 100) / 100;
      rows.push([`INV${++invoice}`, customer, iso(new Date(start + random() * span)), cancelled ? 'cancelled' : 'completed', 'United Kingdom', amount, 1 + Math.floor(random() * 20), 1 + Math.floor(random() * 8)]);
    }
    await conn.query('INSERT INTO orders (invoice_no, customer_id, ordered_at, status, country, total_amount, item_count, line_count) VALUES ?', [rows]);
  }
  await conn.query('ANALYZE TABLE customers, orders');
  await conn.end();
  console.log(`seeded ${customers.toLocaleString('en')} customers and ${orders.toLocaleString('en')} orders in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

/**
 * Tables of the live segmentation the scenarios start from (the Customer query reads the
 * customer's segment in it). seedDerived copies them to bench_seed_<table> once; resetReused puts
 * them back from there.
 */
const LIVE_SEGMENTATION_TABLES = ['segmentation_runs', 'segmentation_activations', 'live_segmentations', 'segments', 'personas', 'persona_edits', 'segment_memberships'];

/**
 * What a production database has beside customers and orders, and the Customer query reads: stored
 * scores for every customer (synthetic, as a scoring job writes them), and a live segmentation, made
 * by the real job (and its targeting rebuild) in this process. A database seeded by an earlier
 * version of the bench gets them on its first --reuse.
 */
export async function seedDerived(database: string, dataSource: DataSource, config: ReturnType<typeof loadConfig>): Promise<void> {
  const began = performance.now();
  const admin = await adminConnection();
  try {
    await admin.query(`USE \`${database}\``);
    await admin.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of ['customer_features', 'feature_snapshots', 'jobs', 'customer_scores', ...LIVE_SEGMENTATION_TABLES]) await admin.query(`TRUNCATE TABLE \`${table}\``);
    await admin.query(`INSERT INTO customer_scores (customer_id, response_probability, model_versions, scored_at)
      SELECT id, ROUND(RAND(id), 6), 'response:v1', '2024-01-02 00:00:00' FROM customers`);
    const logger = createLogger({ logLevel: 'warn' }, 'bench-seed');
    const { run } = await startSegmentation(dataSource, {}, 'bench');
    const made = await runJobHere(dataSource, config, logger, run.jobId!);
    if (made.status !== 'succeeded') throw new Error(`the seeding segmentation ${made.status}: ${made.error}`);
    for (const job of await dataSource.query("SELECT id FROM jobs WHERE status = 'queued'")) await runJobHere(dataSource, config, logger, Number(job.id));
    for (const table of LIVE_SEGMENTATION_TABLES) {
      await admin.query(`DROP TABLE IF EXISTS \`bench_seed_${table}\``);
      await admin.query(`CREATE TABLE \`bench_seed_${table}\` LIKE \`${table}\``);
      await admin.query(`INSERT INTO \`bench_seed_${table}\` SELECT * FROM \`${table}\``);
    }
  } finally {
    await admin.end();
  }
  console.log(`seeded scores and a live segmentation in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

/**
 * A reused database starts each run as the seeded one did: the snapshots, jobs and runs of earlier
 * runs are removed and the live segmentation put back. Left in place, each run added ~180 MB of
 * features and ~70 MB of memberships, until the tables no longer fitted the buffer pool and every
 * run was slower than the last. The targeting table is left as the last rebuild wrote it: the next
 * run's rebuild rewrites every row.
 */
export async function resetReused(database: string, dataSource: DataSource, config: ReturnType<typeof loadConfig>): Promise<void> {
  const admin = await adminConnection();
  try {
    await admin.query(`USE \`${database}\``);
    const [seeded] = await admin.query("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'bench_seed_segment_memberships'") as unknown as [{ n: number }[]];
    if (!Number(seeded[0].n)) {
      await seedDerived(database, dataSource, config);
      return;
    }
    await admin.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of ['customer_features', 'feature_snapshots', 'jobs']) await admin.query(`TRUNCATE TABLE \`${table}\``);
    for (const table of LIVE_SEGMENTATION_TABLES) {
      await admin.query(`TRUNCATE TABLE \`${table}\``);
      await admin.query(`INSERT INTO \`${table}\` SELECT * FROM \`bench_seed_${table}\``);
    }
  } finally {
    await admin.end();
  }
}
