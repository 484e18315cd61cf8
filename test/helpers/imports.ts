import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { DataSource } from 'typeorm';
import { createImportRun, executeImport, type CreateImportInput, type ExecuteImportOptions, type ImportReport } from '../../server/src/modules/imports/index.js';
import { SHARED_DATA_DIR } from './env.js';
import type { TestDatabase } from './db.js';

export const ONLINE_RETAIL_GZ = path.join(SHARED_DATA_DIR, 'online-retail', 'online_retail.csv.gz');

/** A temp folder for one test file's generated inputs. */
export function tempDir(): { dir: string; write(name: string, content: string | Buffer): string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-import-'));
  return {
    dir,
    write: (name, content) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The header and the first `rows` data lines of Online Retail, as CSV text. */
export function onlineRetailSlice(rows: number): string {
  const text = zlib.gunzipSync(fs.readFileSync(ONLINE_RETAIL_GZ)).toString('utf8');
  let end = 0;
  for (let i = 0; i <= rows; i++) end = text.indexOf('\n', end) + 1;
  return text.slice(0, end);
}

export async function importFile(db: TestDatabase, input: CreateImportInput, exec: Partial<ExecuteImportOptions> = {}): Promise<ImportReport> {
  const run = await createImportRun(db.dataSource, input, db.config);
  return executeImport(db.dataSource, run.id, { config: db.config, ...exec });
}

/** Row counts and sums that define the end state of the commerce tables. */
export async function commerceState(dataSource: DataSource): Promise<Record<string, string>> {
  const one = async (sql: string) => String(Object.values((await dataSource.query(sql))[0])[0] ?? 0);
  return {
    customers: await one('SELECT COUNT(*) FROM customers'),
    products: await one('SELECT COUNT(*) FROM products'),
    orders: await one('SELECT COUNT(*) FROM orders'),
    cancelled: await one(`SELECT COUNT(*) FROM orders WHERE status = 'cancelled'`),
    lines: await one('SELECT COUNT(*) FROM order_lines'),
    outliers: await one('SELECT COUNT(*) FROM order_lines WHERE is_outlier = 1'),
    lineAmount: Number(await one('SELECT SUM(amount) FROM order_lines')).toFixed(2),
    orderTotal: Number(await one('SELECT SUM(total_amount) FROM orders')).toFixed(2),
    itemCount: await one('SELECT SUM(item_count) FROM orders'),
    lineCount: await one('SELECT SUM(line_count) FROM orders'),
    quantity: await one('SELECT SUM(quantity) FROM order_lines'),
    events: await one('SELECT COUNT(*) FROM events'),
    issues: String(Number(await one('SELECT COUNT(*) FROM import_row_issues')) + Number(await one('SELECT COALESCE(SUM(line_count), 0) FROM import_skipped_lines'))),
  };
}

export async function collect(iterable: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of iterable) text += chunk;
  return text;
}
