import type { DataSource } from 'typeorm';

/** The SQL dialect a data source speaks. Apart from data-source.ts, so that code which only asks does not load every entity. */
export type Dialect = 'mysql' | 'mariadb' | 'sqlite';

export function dialectOf(dataSource: DataSource): Dialect {
  const type = dataSource.options.type;
  return type === 'better-sqlite3' ? 'sqlite' : type === 'mariadb' ? 'mariadb' : 'mysql';
}
