// npm run bench -- tags [--customers N] [--reuse DB]
//
// The integration pull at scale, in process on MariaDB (no HTTP): seeds synthetic customers with
// orders, stored scores and a live segmentation (helpers/api-seed.ts, default 100,000 customers;
// the documented nightly pull is 1,000,000), then prints rows/s of
//   - the baseline: a keyset scan of the customers table alone, pages of 100 and 5,000;
//   - the tags feed (customerTags' query: run, segment, persona, features, scores and model
//     versions joined), pages of 100 (GraphQL) and 5,000 (tags.csv);
//   - the bulk export job (gzipped CSV and NDJSON files), run here.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { runJobHere } from '../server/src/cli/run-job.js';
import { createLogger } from '../server/src/logger.js';
import { pinTags, startTagsExport, tagsPage } from '../server/src/modules/exports/index.js';
import { adminConnection, MARIADB_URL, seed, seedDerived } from './helpers/api-seed.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : fallback; };
const CUSTOMERS = option('customers', 100_000);

async function scan(label: string, pageSize: number, readPage: (after: number) => Promise<{ rows: number; lastId: number | null }>): Promise<void> {
  const began = performance.now();
  let rows = 0;
  for (let after = 0; ;) {
    const page = await readPage(after);
    if (!page.rows || page.lastId === null) break;
    rows += page.rows;
    after = page.lastId;
  }
  const seconds = (performance.now() - began) / 1000;
  console.log(`${label.padEnd(44)} page ${String(pageSize).padStart(5)}  ${rows.toLocaleString('en').padStart(10)} rows  ${seconds.toFixed(1).padStart(6)} s  ${Math.round(rows / seconds).toLocaleString('en').padStart(8)} rows/s`);
}

const customersOnly = (dataSource: DataSource, pageSize: number) => async (after: number) => {
  const rows: { id: number }[] = await dataSource.query('SELECT id, external_id FROM customers WHERE id > ? ORDER BY id LIMIT ?', [after, pageSize]);
  return { rows: rows.length, lastId: rows.length ? Number(rows[rows.length - 1].id) : null };
};

async function main(): Promise<void> {
  const reuse = args.includes('--reuse') ? args[args.indexOf('--reuse') + 1] : null;
  const database = reuse ?? `segmenta_bench_${crypto.randomBytes(4).toString('hex')}`;
  if (!reuse) {
    const admin = await adminConnection();
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  }
  const dataDir = path.join(os.tmpdir(), database);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: `${MARIADB_URL.replace(/\/$/, '')}/${database}`, LOG_LEVEL: 'warn', SEGMENTA_DATA_DIR: dataDir });
  const dataSource = await openDatabase(config);
  try {
    if (!reuse) { await seed(database, CUSTOMERS, 3); await seedDerived(database, dataSource, config); }
    const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM customers');
    console.log(`\nTags pull, in process, MariaDB, ${Number(n).toLocaleString('en')} customers; ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
    const pin = await pinTags(dataSource, null);
    for (const size of [100, 5000]) {
      await scan('baseline: customers table only', size, customersOnly(dataSource, size));
      await scan('tags feed (run, persona, features, scores)', size, async (after) => {
        const { tags, lastId } = await tagsPage(dataSource, pin, after, size);
        return { rows: tags.length, lastId };
      });
    }
    const logger = createLogger({ logLevel: 'warn' }, 'bench-tags');
    for (const format of ['csv', 'ndjson'] as const) {
      const started = await startTagsExport(dataSource, format, null, 'bench');
      const began = performance.now();
      const job = await runJobHere(dataSource, config, logger, started.jobId);
      const seconds = (performance.now() - began) / 1000;
      const result = job.result as { rows: number; bytes: number };
      console.log(`${`bulk export job, gzipped ${format}`.padEnd(44)} page  5000  ${result.rows.toLocaleString('en').padStart(10)} rows  ${seconds.toFixed(1).padStart(6)} s  ${Math.round(result.rows / seconds).toLocaleString('en').padStart(8)} rows/s  (${(result.bytes / 1e6).toFixed(1)} MB)`);
    }
  } finally {
    await dataSource.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!reuse && !args.includes('--keep')) {
      const admin = await adminConnection();
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    }
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
