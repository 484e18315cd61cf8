// Bulk inserts for import_row_issues: on MySQL/MariaDB a batch's rows travel as one tab-separated
// stream through LOAD DATA LOCAL INFILE instead of multi-row INSERTs (no SQL text to build, escape
// and parse). Runs on the caller's connection inside its transaction. SQLite takes the multi-row path.
import { Readable } from 'node:stream';
import type { QueryRunner } from 'typeorm';
import type { Dialect } from '../../db/data-source.js';
import { insertRows, quoteIdentifier, type Row } from './sql-upsert.js';

/** Below this many rows a plain INSERT is as cheap. */
const BULK_MIN_ROWS = 500;

interface LoadResult { affectedRows: number; warningStatus?: number }
interface RawConnection {
  promise(): { query(options: { sql: string; infileStreamFactory: () => Readable }): Promise<[LoadResult, unknown]> };
}

/** A value in LOAD DATA's default text format: `\N` is NULL, and `\`, tab, newline, CR and NUL are escaped. */
function tsvField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r\0]/.test(value)
    ? value.replace(/[\\\t\n\r\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\0'))
    : value;
}

function* tsvChunks(rows: readonly Row[]): Generator<Buffer> {
  let chunk = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) chunk += (i === 0 ? '' : '\t') + tsvField(row[i]);
    chunk += '\n';
    if (chunk.length >= 1 << 16) { yield Buffer.from(chunk, 'utf8'); chunk = ''; }
  }
  if (chunk.length > 0) yield Buffer.from(chunk, 'utf8');
}

/**
 * LOAD DATA LOCAL INFILE of `rows` into `table`. With LOCAL the server turns conversion errors into
 * warnings (it cannot stop the client mid-stream), so any warning, or a row count that differs,
 * fails the statement here and the caller's transaction rolls back.
 */
async function loadDataInfile(runner: QueryRunner, table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> {
  const connection = (await (runner as unknown as { connect(): Promise<RawConnection> }).connect());
  const q = (name: string) => quoteIdentifier('mysql', name);
  // The file name is only a label: the stream factory decides what is sent, and mysql2 refuses any
  // file request of a query that has no factory.
  const [result] = await connection.promise().query({
    sql: `LOAD DATA LOCAL INFILE 'segmenta-batch.tsv' INTO TABLE ${q(table)} CHARACTER SET utf8mb4 (${columns.map(q).join(', ')})`,
    infileStreamFactory: () => Readable.from(tsvChunks(rows)),
  });
  if (result.affectedRows !== rows.length || (result.warningStatus ?? 0) > 0) {
    const warnings: Array<{ Message: string }> = await runner.query('SHOW WARNINGS LIMIT 3');
    throw new Error(`Bulk load into ${table} stored ${result.affectedRows} of ${rows.length} rows (${warnings.map((w) => w.Message).join('; ') || 'no warning text'})`);
  }
}

/**
 * Servers started with local_infile=OFF (MySQL 8's default) refuse LOAD DATA LOCAL: 1148 on MySQL 5.7
 * and older MariaDB, 3948 on MySQL 8, 4166 on MariaDB 10.5+ (also when the client did not ask for
 * LOCAL_FILES). The refused statement changes nothing and leaves the transaction
 * open, so the batch goes on with multi-row INSERTs, and so does every later batch of this process.
 */
const LOCAL_INFILE_REFUSED = new Set([1148, 3948, 4166]);
let localInfileRefused = false;

/** Plain INSERT of many rows (no conflicts expected: a duplicate key fails the batch). */
export async function bulkInsertRows(runner: QueryRunner, dialect: Dialect, table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> {
  if (dialect === 'sqlite' || localInfileRefused || rows.length < BULK_MIN_ROWS) return insertRows(runner, dialect, table, columns, rows);
  try {
    await loadDataInfile(runner, table, columns, rows);
  } catch (error) {
    if (!LOCAL_INFILE_REFUSED.has((error as { errno?: number }).errno ?? 0)) throw error;
    localInfileRefused = true;
    await insertRows(runner, dialect, table, columns, rows);
  }
}
