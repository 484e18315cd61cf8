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
    // A request that needs a new connection while the database is unreachable (host down, or a
    // partition that swallows packets) answers 503 within this time rather than hanging.
    connectTimeout: 1_500,
    extra: {
      connectionLimit: 10,
      // Bounded wait queue: when the pool is saturated, fail instead of piling up requests.
      queueLimit: 200,
      // Keep-alive probes after 10 s of silence, so a connection whose peer vanished is detected
      // and dropped by the OS (Node's default delay is the OS's, two hours on Linux).
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
      // Idle connections beyond 5 are closed after 30 s: fewer stale sockets to trip over after
      // an outage or a database failover.
      maxIdle: 5,
      idleTimeout: 30_000,
    },
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
