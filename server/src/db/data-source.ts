import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/index.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';

export type Dialect = 'mysql' | 'mariadb' | 'sqlite';

export function dialectOf(dataSource: DataSource): Dialect {
  const type = dataSource.options.type;
  return type === 'better-sqlite3' ? 'sqlite' : type === 'mariadb' ? 'mariadb' : 'mysql';
}

export function sqlitePath(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'segmenta.sqlite');
}

/** mysql:// → TypeORM "mysql" (MySQL 8), mariadb:// → "mariadb", nothing → embedded SQLite. */
export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (!config.databaseUrl) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: sqlitePath(config),
      enableWAL: true,
      timeout: 10_000,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('synchronous = NORMAL');
      },
    };
  }
  const url = new URL(config.databaseUrl);
  return {
    ...common,
    type: url.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
    host: url.hostname,
    port: Number(url.port || 3306),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    connectTimeout: 3_000,
    // Fail fast when the database is away instead of queueing requests behind a dead pool.
    extra: { connectionLimit: 10, queueLimit: 200, enableKeepAlive: true },
  };
}

export function createDataSource(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>): DataSource {
  return new DataSource(dataSourceOptions(config));
}

export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, opts: { migrate?: boolean } = {}): Promise<DataSource> {
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  if (opts.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
