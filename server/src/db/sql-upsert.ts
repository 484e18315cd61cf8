// Multi-row INSERT … ON DUPLICATE KEY UPDATE (MySQL/MariaDB) or … ON CONFLICT DO UPDATE (SQLite),
// with bound parameters, split so no statement exceeds the driver's placeholder limit.
import type { QueryRunner } from 'typeorm';
import type { Dialect } from './dialect.js';

/** SQLite's SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32); MySQL's prepared-statement limit (65535). */
const PLACEHOLDER_LIMIT: Record<Dialect, number> = { sqlite: 32_766, mysql: 65_535, mariadb: 65_535 };
/** Larger statements stop paying off and make the server parse megabytes at once. */
const MAX_ROWS_PER_STATEMENT = 5_000;

export type Row = ReadonlyArray<string | number | null>;

/** Builds the SET expression for one column from the existing and the incoming value. */
export type UpdateExpression = (refs: { existing: string; incoming: string }) => string;

export interface UpsertSpec {
  table: string;
  columns: readonly string[];
  /** The unique key that identifies a row (SQLite needs it spelled out). */
  conflict: readonly string[];
  /** Columns to change when the row exists; empty = leave the existing row as it is. */
  update: Record<string, UpdateExpression>;
}

export const replaceWithIncoming: UpdateExpression = ({ incoming }) => incoming;
export const keepExistingUnlessNull: UpdateExpression = ({ existing, incoming }) => `COALESCE(${existing}, ${incoming})`;
export const incomingUnlessNull: UpdateExpression = ({ existing, incoming }) => `COALESCE(${incoming}, ${existing})`;

/** On `customers`: an erased customer (GDPR) keeps what erasure left; others get `update`. */
export const unlessErased = (dialect: Dialect, update: UpdateExpression = replaceWithIncoming): UpdateExpression => (sides) => {
  const erased = dialect === 'sqlite' ? '"customers"."erased_at"' : '`erased_at`';
  return `CASE WHEN ${erased} IS NULL THEN ${update(sides)} ELSE ${sides.existing} END`;
};

export function quoteIdentifier(dialect: Dialect, name: string): string {
  return dialect === 'sqlite' ? `"${name}"` : `\`${name}\``;
}

export function rowsPerStatement(dialect: Dialect, columnCount: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(PLACEHOLDER_LIMIT[dialect] / columnCount)));
}

function conflictClause(dialect: Dialect, spec: UpsertSpec): string {
  const q = (name: string) => quoteIdentifier(dialect, name);
  const entries = Object.entries(spec.update);
  if (dialect === 'sqlite') {
    const target = `ON CONFLICT (${spec.conflict.map(q).join(', ')})`;
    if (entries.length === 0) return `${target} DO NOTHING`;
    const sets = entries.map(([column, expr]) => `${q(column)} = ${expr({ existing: `${q(spec.table)}.${q(column)}`, incoming: `excluded.${q(column)}` })}`);
    return `${target} DO UPDATE SET ${sets.join(', ')}`;
  }
  // A no-op assignment keeps the existing row without INSERT IGNORE, which would also hide real errors.
  if (entries.length === 0) return `ON DUPLICATE KEY UPDATE ${q(spec.conflict[0])} = ${q(spec.conflict[0])}`;
  const sets = entries.map(([column, expr]) => `${q(column)} = ${expr({ existing: q(column), incoming: `VALUES(${q(column)})` })}`);
  return `ON DUPLICATE KEY UPDATE ${sets.join(', ')}`;
}

export async function upsertRows(runner: QueryRunner, dialect: Dialect, spec: UpsertSpec, rows: readonly Row[]): Promise<void> {
  await insertRows(runner, dialect, spec.table, spec.columns, rows, conflictClause(dialect, spec));
}

/** Whether an upsert can hand back the ids of its rows (MariaDB's INSERT … RETURNING, 10.5+). */
export function upsertReturnsIds(dialect: Dialect): boolean {
  return dialect === 'mariadb';
}

/**
 * `upsertRows` that also returns the id of every row it inserted or updated, in input order (MariaDB's
 * INSERT … ON DUPLICATE KEY UPDATE … RETURNING), sparing a SELECT by key afterwards.
 */
export async function upsertRowsReturningIds(runner: QueryRunner, dialect: Dialect, spec: UpsertSpec, rows: readonly Row[]): Promise<number[]> {
  return (await upsertRowsReturning(runner, dialect, spec, rows, 'id')).map((row) => Number(row.id));
}

/** `upsertRowsReturningIds` with more columns: each row as the statement left it (inserted, or updated by `spec.update`). */
export async function upsertRowsReturning(
  runner: QueryRunner, dialect: Dialect, spec: UpsertSpec, rows: readonly Row[], returning: string,
): Promise<Array<Record<string, unknown>>> {
  if (!upsertReturnsIds(dialect)) throw new Error(`${dialect} cannot return rows from an upsert`);
  const all: Array<Record<string, unknown>> = [];
  await insertRows(runner, dialect, spec.table, spec.columns, rows, `${conflictClause(dialect, spec)} RETURNING ${returning}`, (result, chunk) => {
    const returned = result as Array<Record<string, unknown>>;
    if (returned.length !== chunk.length) throw new Error(`Upsert into ${spec.table} returned ${returned.length} rows for ${chunk.length}`);
    for (const row of returned) all.push(row);
  });
  return all;
}

export async function insertRows(
  runner: QueryRunner, dialect: Dialect, table: string, columns: readonly string[], rows: readonly Row[], suffix = '',
  onResult?: (result: unknown, chunk: readonly Row[]) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const q = (name: string) => quoteIdentifier(dialect, name);
  const head = `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const perStatement = rowsPerStatement(dialect, columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: Array<string | number | null> = [];
    for (const row of chunk) for (const value of row) params.push(value);
    const result = await runner.query(`${head}${new Array(chunk.length).fill(tuple).join(', ')} ${suffix}`, params);
    onResult?.(result, chunk);
  }
}

/** How MySQL's utf8mb4_unicode_ci compares keys, closely enough to match a key to the row it hit. */
const collationKey = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Ids of rows by a unique text key, for the keys given; chunked to stay under placeholder limits.
 * On MySQL/MariaDB the key column compares case- and accent-insensitively, so `abc` may have hit the
 * row stored as `ABC`: such keys are matched by their collation key.
 */
export async function selectIds(runner: QueryRunner, dialect: Dialect, table: string, keyColumn: string, keys: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const byCollation = new Map<string, number>();
  const q = (name: string) => quoteIdentifier(dialect, name);
  for (let start = 0; start < keys.length; start += 5_000) {
    const chunk = keys.slice(start, start + 5_000);
    const rows: Array<{ id: number | string; k: string }> = await runner.query(
      `SELECT id, ${q(keyColumn)} AS k FROM ${q(table)} WHERE ${q(keyColumn)} IN (${chunk.map(() => '?').join(', ')})`, chunk,
    );
    for (const row of rows) {
      ids.set(row.k, Number(row.id));
      if (dialect !== 'sqlite') byCollation.set(collationKey(row.k), Number(row.id));
    }
  }
  for (const key of keys) {
    if (ids.has(key)) continue;
    const id = byCollation.get(collationKey(key));
    if (id === undefined) throw new Error(`${table}.${keyColumn} "${key}" was written but cannot be found again`);
    ids.set(key, id);
  }
  return ids;
}
