// npm run bench -- import [--quick]
// 1. The full Online Retail file into a fresh MariaDB database through the import pipeline, timed,
//    beside MariaDB's own LOAD DATA LOCAL INFILE of the same rows into a plain table, alternating
//    over 3 rounds (2 with --quick); the ratio printed is the median of the rounds' ratios.
// 2. Parsing alone: the importer's CSV splitter beside csv-parse (the package it replaced) on the
//    same decompressed text, chunk by chunk as the importer reads it.
// 3. (skipped by --quick) A generated 5M-row file, imported while sampling peak RSS.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { createImportRun, executeImport, type ImportReport, CsvRecordSplitter } from '../server/src/modules/imports/index.js';
import { createTestDatabase, type TestDatabase } from '../test/helpers/db.js';
import { ONLINE_RETAIL_GZ } from '../test/helpers/imports.js';
import { generateOrdersFile } from './support/order-generator.js';
import { parse as csvParse } from 'csv-parse';

const quick = process.argv.includes('--quick');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-bench-import-'));
const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function timedImport(db: TestDatabase, filePath: string, onTick?: () => void): Promise<{ ms: number; report: ImportReport }> {
  const run = await createImportRun(db.dataSource, { kind: 'orders', filePath, timezone: 'Europe/London' }, db.config);
  const started = performance.now();
  const report = await executeImport(db.dataSource, run.id, { config: { importMaxBytes: 4 * 1024 ** 3 }, onProgress: onTick });
  return { ms: performance.now() - started, report };
}

async function loadDataInfile(db: TestDatabase, csvPath: string): Promise<{ ms: number; rows: number }> {
  const url = new URL(db.config.databaseUrl!);
  const conn = await mysql.createConnection({
    host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password),
    database: url.pathname.slice(1), flags: ['+LOCAL_FILES'], infileStreamFactory: () => fs.createReadStream(csvPath),
  });
  try {
    await conn.query(`CREATE TABLE bench_raw (id INT AUTO_INCREMENT PRIMARY KEY, invoice_no VARCHAR(32), stock_code VARCHAR(32), description VARCHAR(255),
      quantity INT, invoice_date DATETIME, unit_price DECIMAL(12,3), customer_id VARCHAR(64), country VARCHAR(64)) CHARACTER SET utf8mb4`);
    const started = performance.now();
    const [result] = await conn.query(`LOAD DATA LOCAL INFILE 'online_retail.csv' INTO TABLE bench_raw CHARACTER SET utf8mb4
      FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\n' IGNORE 1 LINES
      (invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country)`);
    return { ms: performance.now() - started, rows: (result as { affectedRows: number }).affectedRows };
  } finally {
    await conn.end();
  }
}

/**
 * Runs executeImport from the tsc build in a fresh process: the swc dev runner alone costs ~130 MB of
 * RSS, which production does not pay. Reports the kernel's peak RSS (VmHWM) of that process.
 */
function compiledChildImport(db: TestDatabase, importId: number): { ms: number; rowsRead: number; rowsImported: number; peakMb: number; startMb: number } {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'server'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('tsc -b server failed');
  const script = `
    import 'reflect-metadata';
    import fs from 'node:fs';
    const { loadConfig } = await import('./server/dist/server/src/config/index.js');
    const { openDatabase } = await import('./server/dist/server/src/db/data-source.js');
    const { executeImport } = await import('./server/dist/server/src/modules/imports/index.js');
    const startMb = Math.round(process.memoryUsage().rss / 1048576);
    const config = loadConfig(process.env);
    const ds = await openDatabase(config, { migrate: false });
    const t = performance.now();
    const report = await executeImport(ds, ${importId}, { config: { importMaxBytes: 4 * 1024 ** 3 } });
    const ms = performance.now() - t;
    const peakMb = Math.round(Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
    await ds.destroy();
    console.log(JSON.stringify({ ms, rowsRead: report.rowsRead, rowsImported: report.rowsImported, peakMb, startMb }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 20,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir },
  });
  if (child.status !== 0) throw new Error(`import child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

try {
  const csvPath = path.join(tmp, 'online_retail.csv');
  fs.writeFileSync(csvPath, zlib.gunzipSync(fs.readFileSync(ONLINE_RETAIL_GZ)));

  // Rounds alternate the two, each into a fresh database, so both see the same machine; the ratio is
  // the median of the rounds' ratios (on a shared machine one pair alone can move by ±15 %).
  const rounds = quick ? 2 : 3;
  console.log(`Online Retail, 541,909 rows, fresh MariaDB database each time; ${rounds} alternating rounds`);
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const db = await createTestDatabase('mariadb');
    try {
      const pipeline = await timedImport(db, ONLINE_RETAIL_GZ);
      const load = await loadDataInfile(db, csvPath);
      ratios.push(pipeline.ms / load.ms);
      console.log(`  round ${round}: import pipeline (gzip, parse, clean, upsert, issues) ${seconds(pipeline.ms)} s (${pipeline.report.rowsImported} lines, ${pipeline.report.rowsSkipped} skipped);`
        + ` LOAD DATA LOCAL INFILE into a plain table ${seconds(load.ms)} s (${load.rows} rows); ratio ${(pipeline.ms / load.ms).toFixed(2)}×`);
    } finally {
      await db.drop();
    }
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  console.log(`  ratio, median of rounds: ${median.toFixed(2)}×  (range ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}; target ≤ 2×; hard limit 20 s)`);

  {
    const text = fs.readFileSync(csvPath, 'utf8');
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 1 << 16) chunks.push(text.slice(i, i + (1 << 16)));
    const timeSplitter = () => {
      const started = performance.now();
      const splitter = new CsvRecordSplitter(',');
      let records = 0;
      for (const chunk of chunks) records += splitter.push(chunk).length;
      records += splitter.end().length;
      return { ms: performance.now() - started, records };
    };
    const timeCsvParse = () => new Promise<{ ms: number; records: number }>((resolve, reject) => {
      const started = performance.now();
      let records = 0;
      const parser = csvParse({ relax_quotes: true, relax_column_count: true });
      parser.on('readable', () => { while (parser.read() !== null) records++; });
      parser.on('error', reject);
      parser.on('end', () => resolve({ ms: performance.now() - started, records }));
      for (const chunk of chunks) parser.write(chunk);
      parser.end();
    });
    // Alternate, twice each, so both see the same machine.
    const ours: number[] = [], theirs: number[] = [];
    let counts = [0, 0];
    for (let round = 0; round < 2; round++) {
      const a = timeSplitter(); ours.push(a.ms);
      const b = await timeCsvParse(); theirs.push(b.ms);
      counts = [a.records, b.records];
    }
    if (counts[0] !== counts[1]) throw new Error(`the splitter found ${counts[0]} records, csv-parse ${counts[1]}`);
    const best = (xs: number[]) => Math.min(...xs);
    console.log(`\nCSV parsing alone, ${counts[0].toLocaleString('en')} records (best of 2, alternating)`);
    console.log(`  importer's CsvRecordSplitter: ${seconds(best(ours))} s`);
    console.log(`  baseline csv-parse 7:         ${seconds(best(theirs))} s  → ratio ${(best(ours) / best(theirs)).toFixed(2)}×`);
  }

  if (!quick) {
    const rows = 5_000_000;
    const big = path.join(tmp, 'generated-5m.csv.gz');
    const genStart = performance.now();
    await generateOrdersFile(big, rows);
    console.log(`\nGenerated ${rows.toLocaleString('en')} rows (seed 42) in ${seconds(performance.now() - genStart)} s, ${(fs.statSync(big).size / 1024 ** 2).toFixed(0)} MiB gzip`);
    const db5 = await createTestDatabase('mariadb');
    try {
      const run = await createImportRun(db5.dataSource, { kind: 'orders', filePath: big, timezone: 'Europe/London' }, { importMaxBytes: 4 * 1024 ** 3 });
      const result = compiledChildImport(db5, run.id);
      console.log(`  import (compiled JS in a child process, as in production): ${seconds(result.ms)} s, ${Math.round(result.rowsRead / (result.ms / 1000)).toLocaleString('en')} rows/s, ${result.rowsImported.toLocaleString('en')} lines`);
      console.log(`  peak RSS of that process (VmHWM): ${result.peakMb} MB (target ≤ 300 MB); at start ${result.startMb} MB`);
    } finally {
      await db5.drop();
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
