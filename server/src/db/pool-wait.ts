import type mysql2 from 'mysql2';

/**
 * "Busy" is not "down": when every pooled connection is in use, a request waits for one, but for a
 * bounded time and in a bounded queue; past either it gets this error, which the API answers with
 * HTTP 503, GraphQL code BUSY and a Retry-After, distinct from SERVICE_UNAVAILABLE (the database
 * does not answer). SQLite's own "database is locked" after its busy timeout is the same kind.
 */
export class DatabaseBusyError extends Error {
  readonly code = 'DB_BUSY';
  constructor(readonly retryAfterSeconds: number, reason: string) {
    super(`The database is busy (${reason}); retry after ${retryAfterSeconds} s`);
    this.name = 'DatabaseBusyError';
  }
}

/** What a busy answer tells clients to wait: the pool turns over many times a second, so one second. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

export interface PoolWaitOptions {
  /** Longest wait for a free connection. */
  waitMs: number;
}

type Connection = { release(): void };
type Pool = { getConnection(callback: (error: unknown, connection?: Connection) => void): void };

/** True for the pool's own refusal (mysql2's queueLimit), the bounded wait's, and SQLite's lock timeout. */
export function isDatabaseBusy(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: string; message?: string; cause?: unknown; driverError?: unknown };
    if (current instanceof DatabaseBusyError || e.code === 'DB_BUSY' || e.code === 'SQLITE_BUSY') return true;
    if (typeof e.message === 'string' && /^Queue limit reached/.test(e.message)) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/**
 * Wraps mysql2 so a pool's getConnection gives up after `waitMs` with DatabaseBusyError (mysql2
 * waits forever otherwise), and turns its "Queue limit reached" into the same error. A connection
 * that arrives after its caller gave up goes straight back to the pool.
 */
export function boundPoolWait(driver: typeof mysql2, options: PoolWaitOptions): typeof mysql2 {
  const wrapped = Object.create(driver) as typeof mysql2;
  wrapped.createPool = ((poolOptions: unknown) => {
    const pool = driver.createPool(poolOptions as never) as unknown as Pool;
    const getConnection = pool.getConnection.bind(pool);
    pool.getConnection = (callback) => {
      let answered = false;
      const timer = setTimeout(() => {
        answered = true;
        callback(new DatabaseBusyError(BUSY_RETRY_AFTER_SECONDS, `no free connection within ${options.waitMs} ms`));
      }, options.waitMs);
      getConnection((error, connection) => {
        if (answered) {
          connection?.release();
          return;
        }
        answered = true;
        clearTimeout(timer);
        if (error && isDatabaseBusy(error)) callback(new DatabaseBusyError(BUSY_RETRY_AFTER_SECONDS, 'too many requests waiting for a connection'));
        else callback(error, connection);
      });
    };
    return pool as never;
  }) as typeof mysql2.createPool;
  return wrapped;
}
