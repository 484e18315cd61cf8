/**
 * Retrying a transaction that lost a write conflict.
 *
 * On a MariaDB Galera cluster two nodes may commit transactions that touch the same row at the
 * same time; the one certified second is rolled back at COMMIT with a deadlock error (errno 1213,
 * ER_LOCK_DEADLOCK), even though no lock was ever waited on. A single server gives the same error
 * for a real deadlock. Either way the transaction had no effect and running it again is the
 * documented remedy. Hot rows — a job claim, a schedule tick, an activation — go through
 * `withConflictRetry` so a user never sees the error; a transaction that keeps losing is reported
 * after `attempts` tries. (Single autocommit statements are retried by Galera itself,
 * `wsrep_retry_autocommit`.)
 *
 * The work must be a whole transaction (begin to commit inside `work`), with no effects outside
 * the database before it commits, so running it again is safe.
 */
export interface ConflictRetryOptions {
  /** Tries in all, the first included (default 5). */
  attempts?: number;
  /** Backoff before the second try, doubled each time, with full jitter (default 20 ms). */
  baseDelayMs?: number;
  /** Called before each retry (logging, tests). */
  onRetry?: (attempt: number, error: unknown) => void;
}

const DEADLOCK_ERRNO = 1213;
/** MySQL group replication's rollback at COMMIT after a conflict (ER_TRANSACTION_ROLLBACK_DURING_COMMIT). */
const GROUP_REPLICATION_ROLLBACK_ERRNO = 3101;
const SQLITE_BUSY = /SQLITE_BUSY|database is locked/;

/** A write conflict the transaction can be run again after: deadlock / certification failure, group replication's rollback, or SQLite busy. */
export function isWriteConflict(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: string; errno?: number; message?: string; cause?: unknown; driverError?: unknown };
    if (e.errno === DEADLOCK_ERRNO || e.errno === GROUP_REPLICATION_ROLLBACK_ERRNO || e.code === 'ER_LOCK_DEADLOCK') return true;
    if (e.code === 'SQLITE_BUSY' || (typeof e.message === 'string' && SQLITE_BUSY.test(e.message))) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

export async function withConflictRetry<T>(work: () => Promise<T>, options: ConflictRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 20;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isWriteConflict(error)) throw error;
      options.onRetry?.(attempt, error);
      const delay = Math.random() * base * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
