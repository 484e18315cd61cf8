import fs from 'node:fs';
import path from 'node:path';
import mysql2 from 'mysql2';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/index.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';
import { boundPoolWait } from './pool-wait.js';
import { limitedStatement } from './statement-timeout.js';

export { dialectOf, type Dialect } from './dialect.js';

export function sqlitePath(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'segmenta.sqlite');
}

export interface DatabaseOptions {
  /**
   * MySQL/MariaDB only: a query with no answer for this long fails (PROTOCOL_SEQUENCE_TIMEOUT,
   * reported as SERVICE_UNAVAILABLE) and its connection is destroyed, so a connection whose peer
   * went silent mid-query (a partition, a frozen server) cannot hang requests or poison the pool.
   * 0 = no limit: migrations and heavy jobs may legitimately run for minutes.
   */
  queryTimeoutMs?: number;
  /**
   * MySQL/MariaDB pool: connections (default 10), requests allowed to wait for one (default 200)
   * and for how long (default: no limit). With `waitMs`, a request that waits longer or finds the
   * queue full fails with DatabaseBusyError (db/pool-wait.ts) rather than hanging or being called
   * "unreachable". The API process sets all three from its config.
   */
  pool?: { size?: number; queueLimit?: number; waitMs?: number };
}

type PooledConnection = { destroy(): void; query(...args: unknown[]): { onResult?: (error: unknown, ...rest: unknown[]) => unknown } };
type Pool = { getConnection(callback: (error: unknown, connection?: PooledConnection) => void): void; on(event: string, listener: (...args: never[]) => void): unknown };
const PATCHED = Symbol('segmenta.dropOnTimeout');

/**
 * mysql2 leaves a timed-out query pending on its connection and hands the connection back to the
 * pool, where every later query queues behind the dead one. This wraps the driver so such a
 * connection is destroyed instead (the pool then opens a fresh one).
 */
function dropConnectionsOnQueryTimeout(driver: typeof mysql2, dialect: 'mysql' | 'mariadb'): typeof mysql2 {
  const wrapped = Object.create(driver) as typeof mysql2;
  wrapped.createPool = ((options: unknown) => {
    const pool = driver.createPool(options as never) as unknown as Pool;
    const getConnection = pool.getConnection.bind(pool);
    pool.getConnection = (callback) => getConnection((error, connection) => {
      const marked = connection as (PooledConnection & { [PATCHED]?: true }) | undefined;
      if (marked && !marked[PATCHED]) {
        marked[PATCHED] = true;
        const query = marked.query.bind(marked);
        marked.query = (...args: unknown[]) => {
          // A request's statements carry its time limit (db/statement-timeout.ts).
          const first = args[0] as string | { sql?: string };
          if (typeof first === 'string') args[0] = limitedStatement(first, dialect);
          else if (first && typeof first.sql === 'string') args[0] = { ...first, sql: limitedStatement(first.sql, dialect) };
          const command = query(...args);
          const onResult = command.onResult;
          if (onResult) {
            command.onResult = (err: unknown, ...rest: unknown[]) => {
              if ((err as { code?: string } | null)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') marked.destroy();
              return onResult(err, ...rest);
            };
          }
          return command;
        };
      }
      callback(error, connection);
    });
    return pool as never;
  }) as typeof mysql2.createPool;
  return wrapped;
}

/** Connections per pool (each process: the API, a worker). */
const POOL_SIZE = 10;

const QUIET_TYPEORM_LOGGER = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };

/** mysql:// → TypeORM "mysql" (MySQL 8), mariadb:// → "mariadb", nothing → embedded SQLite. */
export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, options: DatabaseOptions = {}): DataSourceOptions {
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
  const dialect = url.protocol === 'mariadb:' ? 'mariadb' : 'mysql';
  return {
    ...common,
    type: dialect,
    host: url.hostname,
    port: Number(url.port || 3306),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
    driver: options.pool?.waitMs ? boundPoolWait(dropConnectionsOnQueryTimeout(mysql2, dialect), { waitMs: options.pool.waitMs }) : dropConnectionsOnQueryTimeout(mysql2, dialect),
    // TypeORM reuses the timeout as its "slow query" threshold and prints those to stdout whatever
    // `logging` says; the timeout error itself is what callers see, so that printer is muted.
    ...(options.queryTimeoutMs ? { enableQueryTimeout: true, maxQueryExecutionTime: options.queryTimeoutMs, logger: QUIET_TYPEORM_LOGGER } : {}),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    // mysql2 otherwise captures a stack trace on every query, for its error messages: ~33 µs per
    // query, a tenth of the API's own CPU per Customer(id) request. Errors still carry code and SQL state.
    trace: false,
    // A request that needs a new connection while the database is unreachable (host down, or a
    // partition that swallows packets) answers 503 within this time rather than hanging.
    connectTimeout: 1_500,
    // Imports stream batches with LOAD DATA LOCAL INFILE (db/bulk-load.ts). Safe to allow:
    // mysql2 sends only what a query's own stream factory produces, never a file the server names.
    flags: ['+LOCAL_FILES'],
    extra: {
      connectionLimit: options.pool?.size ?? POOL_SIZE,
      // Bounded wait queue: when the pool is saturated, fail instead of piling up requests.
      queueLimit: options.pool?.queueLimit ?? 200,
      // Keep-alive probes after 10 s of silence, so a connection whose peer vanished is detected
      // and dropped by the OS (Node's default delay is the OS's, two hours on Linux).
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
      // Every connection stays open while idle. With a maxIdle below the pool size, mysql2 closes a
      // free connection beyond that number every second whatever its idle time, so under load each
      // burst above it is followed by closes and reconnects (with 5: about 3 new connections a
      // second at 200 requests/s, each a handshake in a request's path and half a megabyte of
      // garbage that outlives the young generation; test/db-pool.test.ts checks that connections
      // are kept). A connection the server or the network ends is dropped from the pool by its
      // error or end event, or by the keep-alive probes above.
      maxIdle: options.pool?.size ?? POOL_SIZE,
      // mysql2 gives each connection a cache for prepared statements, allocated up front for
      // 16,000 by default (half a megabyte); Segmenta sends text queries only.
      maxPreparedStatements: 16,
    },
  };
}

export function createDataSource(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, options: DatabaseOptions = {}): DataSource {
  return new DataSource(dataSourceOptions(config, options));
}

export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, opts: { migrate?: boolean } & DatabaseOptions = {}): Promise<DataSource> {
  const dataSource = createDataSource(config, opts);
  await dataSource.initialize();
  if (opts.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
