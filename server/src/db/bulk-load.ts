// Bulk writes: on MySQL/MariaDB a batch's rows travel as one tab-separated stream through LOAD DATA
// LOCAL INFILE instead of multi-row INSERTs (no SQL text to build, escape and parse): plain inserts
// (rejected import rows, feature snapshots, segment memberships) and whole-row upserts by primary key
// (imported order lines). Runs on the caller's
// connection inside its transaction. SQLite, and servers that refuse LOCAL INFILE, take the
// multi-row statement path to the same end state.
import { Readable } from 'node:stream';
import type { QueryRunner } from 'typeorm';
import type { Dialect } from './dialect.js';
import { insertRows, quoteIdentifier, upsertRows, type Row, type UpsertSpec } from './sql-upsert.js';

/** Below this many rows a plain INSERT is as cheap. */
const BULK_MIN_ROWS = 500;

interface LoadResult { affectedRows: number; warningStatus?: number; info?: string }
interface RawConnection {
  promise(): { query(options: { sql: string; infileStreamFactory: () => Readable }): Promise<[LoadResult, unknown]> };
}

/**
 * Rows to stream: an array, or rows made one at a time as they are sent (nothing held per row). Rows
 * may bring their own encoder (`tsv`), which must write the bytes `tsvChunks` would write for them.
 */
export type CountedRows = Iterable<Row> & { readonly length: number; tsv?(): Iterable<Buffer> };

/** A value in LOAD DATA's default text format: `\N` is NULL, and `\`, tab, newline, CR and NUL are escaped. */
function tsvField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r\0]/.test(value)
    ? value.replace(/[\\\t\n\r\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\0'))
    : value;
}

/** The rows in LOAD DATA's default format, in ~64 KB buffers. */
export function* tsvChunks(rows: Iterable<Row>): Generator<Buffer> {
  let chunk = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) chunk += (i === 0 ? '' : '\t') + tsvField(row[i]);
    chunk += '\n';
    if (chunk.length >= 1 << 16) { yield Buffer.from(chunk, 'utf8'); chunk = ''; }
  }
  if (chunk.length > 0) yield Buffer.from(chunk, 'utf8');
}

/**
 * LOAD DATA LOCAL INFILE of `rows` into `table`. With LOCAL the server may turn conversion errors into
 * warnings (it cannot stop the client mid-stream), so any warning, a skipped record, or a record count
 * that differs fails the statement here and the caller's transaction rolls back. `replace` replaces a
 * row whose primary or unique key is taken (delete + insert of that row), which the server reports as
 * "Deleted".
 */
async function loadDataInfile(runner: QueryRunner, table: string, columns: readonly string[], rows: CountedRows, mode: 'insert' | 'replace'): Promise<void> {
  const connection = (await (runner as unknown as { connect(): Promise<RawConnection> }).connect());
  const q = (name: string) => quoteIdentifier('mysql', name);
  // The file name is only a label: the stream factory decides what is sent, and mysql2 refuses any
  // file request of a query that has no factory.
  const [result] = await connection.promise().query({
    sql: `LOAD DATA LOCAL INFILE 'segmenta-batch.tsv' ${mode === 'replace' ? 'REPLACE ' : ''}INTO TABLE ${q(table)} CHARACTER SET utf8mb4 (${columns.map(q).join(', ')})`,
    infileStreamFactory: () => Readable.from(rows.tsv ? rows.tsv() : tsvChunks(rows)),
  });
  const info = /Records:\s*(\d+)\s+Deleted:\s*(\d+)\s+Skipped:\s*(\d+)/.exec(result.info ?? '');
  const records = info ? Number(info[1]) : result.affectedRows;
  const skipped = info ? Number(info[3]) : 0;
  const expectedAffected = mode === 'insert' ? rows.length : null;
  if (records !== rows.length || skipped > 0 || (result.warningStatus ?? 0) > 0 || (expectedAffected !== null && result.affectedRows !== expectedAffected)) {
    const warnings: Array<{ Message: string }> = await runner.query('SHOW WARNINGS LIMIT 3');
    throw new Error(`Bulk load into ${table} stored ${records - skipped} of ${rows.length} rows (${warnings.map((w) => w.Message).join('; ') || 'no warning text'})`);
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

/** LOAD DATA when the dialect and server allow it and the batch is big enough; `statements` otherwise. */
async function loadOr(
  runner: QueryRunner, dialect: Dialect, table: string, columns: readonly string[], rows: CountedRows, mode: 'insert' | 'replace',
  statements: (rows: Row[]) => Promise<void>,
): Promise<void> {
  if (dialect === 'sqlite' || localInfileRefused || rows.length < BULK_MIN_ROWS) return statements(Array.from(rows));
  try {
    await loadDataInfile(runner, table, columns, rows, mode);
  } catch (error) {
    if (!LOCAL_INFILE_REFUSED.has((error as { errno?: number }).errno ?? 0)) throw error;
    localInfileRefused = true;
    await statements(Array.from(rows));
  }
}

/** Plain INSERT of many rows (no conflicts expected: a duplicate key fails the batch). */
export function bulkInsertRows(runner: QueryRunner, dialect: Dialect, table: string, columns: readonly string[], rows: CountedRows): Promise<void> {
  return loadOr(runner, dialect, table, columns, rows, 'insert', (all) => insertRows(runner, dialect, table, columns, all));
}

/**
 * Upsert of whole rows by the table's primary key: a row whose key exists is replaced by the incoming
 * one. Only for tables where that equals `spec` (every non-key column takes the incoming value), that
 * no other table references by a generated id, and that have no triggers: the bulk path is LOAD DATA
 * … REPLACE, which deletes and re-inserts a row whose key is taken.
 */
export function bulkReplaceRows(runner: QueryRunner, dialect: Dialect, spec: UpsertSpec, rows: CountedRows): Promise<void> {
  return loadOr(runner, dialect, spec.table, spec.columns, rows, 'replace', (all) => upsertRows(runner, dialect, spec, all));
}
