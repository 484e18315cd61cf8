import type { QueryRunner, TableColumnOptions } from 'typeorm';

// Column builders that produce the same schema on MySQL/MariaDB and SQLite (see docs/operations.md).

export const id = (): TableColumnOptions => ({
  name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment',
});
export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name, type: 'varchar', length: String(length), isNullable: nullable,
});
export const integer = (name: string, opts: { nullable?: boolean; default?: number } = {}): TableColumnOptions => ({
  name, type: 'integer', isNullable: opts.nullable ?? false, default: opts.default,
});
export const bigint = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
export const boolean = (name: string, dflt = false): TableColumnOptions => ({
  name, type: 'boolean', isNullable: false, default: dflt ? 1 : 0,
});
export const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });
export const date = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'date', isNullable: nullable });
export const decimal = (name: string, precision: number, scale: number, opts: { nullable?: boolean; default?: number } = {}): TableColumnOptions => ({
  name, type: 'decimal', precision, scale, isNullable: opts.nullable ?? false, default: opts.default,
});
export const double = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'double', isNullable: nullable });

export function isSqlite(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'better-sqlite3';
}

/** TEXT on SQLite; LONGTEXT on MySQL, whose TEXT stops at 64 KiB (reports, model artefacts). */
export const longText = (queryRunner: QueryRunner, name: string, nullable = true): TableColumnOptions => ({
  name, type: isSqlite(queryRunner) ? 'text' : 'longtext', isNullable: nullable,
});
