import type { ValueTransformer } from 'typeorm';

/** mysql2 returns DECIMAL as strings; money and prices are numbers in the application. */
export const decimalToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** JSON kept in a TEXT column, portable across MySQL, MariaDB and SQLite. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? null : JSON.parse(value)),
};

/**
 * The type of JSON columns. Deliberately loose: TypeORM's partial-entity types reject nested
 * values of a stricter type in insert/update calls.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
