import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * Whole entities read by plain SQL: the column list is built once per entity, and each raw value
 * is converted exactly as TypeORM converts it (the driver's prepareHydratedValue: booleans, dates,
 * column transformers), so the result equals what the repository returns. For hot paths only:
 * a repository's findOneBy builds its query builder, its SQL and its alias map again on every
 * call, which cost more API CPU than the query itself for Customer(id) under load.
 * Entities with relation or embedded columns are refused (their values are not plain columns).
 */
export interface EntityReader<T> {
  /** `col1, col2, …`, escaped for the dialect; with an alias, `a.col1, a.col2, …` (for joins). */
  select(alias?: string): string;
  /**
   * `a.col1 AS p_col1, …`: the columns under names of their own, so that one statement can read
   * several entities whose column names overlap (`id`); read back with fromRow(row, prefix).
   */
  selectAs(alias: string, prefix: string): string;
  readonly table: string;
  readonly primaryKey: string;
  /** The entity from a row; with a prefix, from the columns selectAs named. */
  fromRow(row: Record<string, unknown>, prefix?: string): T;
  /** Whether the row holds this entity (its primary key is not null): false for an outer join that found none. */
  presentIn(row: Record<string, unknown>, prefix?: string): boolean;
}

const readers = new WeakMap<DataSource, Map<unknown, EntityReader<ObjectLiteral>>>();

export function entityReader<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>): EntityReader<T> {
  let byTarget = readers.get(dataSource);
  if (!byTarget) readers.set(dataSource, (byTarget = new Map()));
  const known = byTarget.get(target);
  if (known) return known as EntityReader<T>;
  const metadata = dataSource.getMetadata(target);
  const odd = metadata.columns.filter((c) => c.relationMetadata || c.embeddedMetadata);
  if (odd.length) throw new Error(`${metadata.name}: ${odd.map((c) => c.propertyPath).join(', ')} are relation or embedded columns, which entityReader does not read`);
  if (metadata.primaryColumns.length !== 1) throw new Error(`${metadata.name}: entityReader needs exactly one primary column`);
  const { driver } = dataSource;
  const columns: ColumnMetadata[] = metadata.columns;
  const names = columns.map((c) => driver.escape(c.databaseName));
  const lists = new Map<string, string>([['', names.join(', ')]]);
  const primary = metadata.primaryColumns[0].databaseName;
  const reader: EntityReader<T> = {
    select(alias = '') {
      let list = lists.get(alias);
      if (list === undefined) lists.set(alias, (list = names.map((n) => `${alias}.${n}`).join(', ')));
      return list;
    },
    selectAs(alias, prefix) {
      const key = `${alias} ${prefix}`;
      let list = lists.get(key);
      if (list === undefined) lists.set(key, (list = columns.map((c, i) => `${alias}.${names[i]} AS ${driver.escape(prefix + c.databaseName)}`).join(', ')));
      return list;
    },
    table: driver.escape(metadata.tablePath),
    primaryKey: driver.escape(primary),
    fromRow(row, prefix = '') {
      const entity = metadata.create() as T;
      for (const column of columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[prefix + column.databaseName], column));
      return entity;
    },
    presentIn(row, prefix = '') {
      const key = row[prefix + primary];
      return key !== null && key !== undefined;
    },
  };
  byTarget.set(target, reader as EntityReader<ObjectLiteral>);
  return reader;
}

/** One entity by its primary key, or null: the same object the repository's findOneBy({ id }) gives. */
export async function findById<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, id: number | string): Promise<T | null> {
  const reader = entityReader(dataSource, target);
  const rows: Record<string, unknown>[] = await dataSource.query(`SELECT ${reader.select()} FROM ${reader.table} WHERE ${reader.primaryKey} = ?`, [id]);
  return rows.length ? reader.fromRow(rows[0]) : null;
}
