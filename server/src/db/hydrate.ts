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
  readonly table: string;
  readonly primaryKey: string;
  fromRow(row: Record<string, unknown>): T;
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
  const reader: EntityReader<T> = {
    select(alias = '') {
      let list = lists.get(alias);
      if (list === undefined) lists.set(alias, (list = names.map((n) => `${alias}.${n}`).join(', ')));
      return list;
    },
    table: driver.escape(metadata.tablePath),
    primaryKey: driver.escape(metadata.primaryColumns[0].databaseName),
    fromRow(row) {
      const entity = metadata.create() as T;
      for (const column of columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
      return entity;
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
