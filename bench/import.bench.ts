// npm run bench -- import [--quick]
// 1. The full Online Retail file into a fresh MariaDB database through the import pipeline, timed,
//    beside MariaDB's own LOAD DATA LOCAL INFILE of the same rows into a plain table.
// 2. (skipped by --quick) A generated 5M-row file, imported while sampling peak RSS.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { once } from 'node:events';
import mysql from 'mysql2/promise';
import { createImportRun, executeImport, type ImportReport } from '../server/src/modules/imports/index.js';
import { createTestDatabase, type TestDatabase } from '../test/helpers/db.js';
import { ONLINE_RETAIL_GZ } from '../test/helpers/imports.js';

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

/** mulberry32: a small seeded generator, so the 5M-row file is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Online Retail-shaped rows: 20-line invoices, 2% cancellations, 20% anonymous, a few duplicates. */
async function generate(file: string, rows: number, seed = 42): Promise<void> {
  const random = rng(seed);
  const gzip = zlib.createGzip({ level: 1 });
  const out = gzip.pipe(fs.createWriteStream(file));
  const start = Date.UTC(2009, 11, 1, 8);
  let chunk = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
  let invoice = 0;
  let header = { no: '', customer: '', when: '', country: '' };
  for (let i = 0; i < rows; i++) {
    if (i % 20 === 0) {
      invoice++;
      const cancelled = random() < 0.02;
      const when = new Date(start + Math.floor(random() * 730 * 24 * 60) * 60_000).toISOString();
      header = {
        no: `${cancelled ? 'C' : ''}${1_000_000 + invoice}`, customer: random() < 0.2 ? '' : String(10_000 + Math.floor(random() * 50_000)),
        when: `${when.slice(0, 10)} ${when.slice(11, 19)}`, country: random() < 0.9 ? 'United Kingdom' : 'France',
      };
    }
    const product = Math.floor(random() * 5_000);
    const quantity = (1 + Math.floor(random() * 24)) * (header.no.startsWith('C') ? -1 : 1);
    const price = (0.5 + product % 200 / 10).toFixed(2);
    const line = `${header.no},${20_000 + product},PRODUCT ${product} ,${quantity},${header.when},${price},${header.customer},${header.country}\n`;
    chunk += line;
    if (random() < 0.01) chunk += line; // an exact duplicate
    if (chunk.length > 1 << 20) {
      if (!gzip.write(chunk)) await once(gzip, 'drain');
      chunk = '';
    }
  }
  gzip.end(chunk);
  await once(out, 'finish');
}

try {
  const csvPath = path.join(tmp, 'online_retail.csv');
  fs.writeFileSync(csvPath, zlib.gunzipSync(fs.readFileSync(ONLINE_RETAIL_GZ)));

  const db = await createTestDatabase('mariadb');
  try {
    const pipeline = await timedImport(db, ONLINE_RETAIL_GZ);
    const load = await loadDataInfile(db, csvPath);
    console.log('Online Retail, 541,909 rows, fresh MariaDB database');
    console.log(`  import pipeline (gzip, parse, clean, upsert, issues): ${seconds(pipeline.ms)} s  (${pipeline.report.rowsImported} lines, ${pipeline.report.rowsSkipped} skipped)`);
    console.log(`  LOAD DATA LOCAL INFILE into a plain table:            ${seconds(load.ms)} s  (${load.rows} rows)`);
    console.log(`  ratio: ${(pipeline.ms / load.ms).toFixed(2)}×  (target ≤ 2×; hard limit 20 s)`);
  } finally {
    await db.drop();
  }

  if (!quick) {
    const rows = 5_000_000;
    const big = path.join(tmp, 'generated-5m.csv.gz');
    const genStart = performance.now();
    await generate(big, rows);
    console.log(`\nGenerated ${rows.toLocaleString('en')} rows (seed 42) in ${seconds(performance.now() - genStart)} s, ${(fs.statSync(big).size / 1024 ** 2).toFixed(0)} MiB gzip`);
    (globalThis as { gc?: () => void }).gc?.();
    const db5 = await createTestDatabase('mariadb');
    try {
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
      const result = await timedImport(db5, big, () => { peak = Math.max(peak, process.memoryUsage().rss); });
      clearInterval(sampler);
      console.log(`  import: ${seconds(result.ms)} s, ${Math.round(result.report.rowsRead / (result.ms / 1000)).toLocaleString('en')} rows/s, ${result.report.rowsImported.toLocaleString('en')} lines`);
      console.log(`  peak RSS during the import: ${(peak / 1024 ** 2).toFixed(0)} MB (target ≤ 300 MB); process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    } finally {
      await db5.drop();
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
