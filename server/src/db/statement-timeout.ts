import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A time limit for the statements a request sends (DB_STATEMENT_TIMEOUT_MS), enforced by the
 * database server, which stops the statement and answers an error the API reports as
 * QUERY_TIMEOUT: one expensive read cannot hold a pooled connection (and the clients queued for
 * it) for as long as it likes. Requests run inside `withStatementLimit`; jobs and the CLI do not,
 * so imports and model runs keep their long statements.
 *
 * MariaDB: `SET STATEMENT max_statement_time = s FOR <statement>`. MySQL: the
 * MAX_EXECUTION_TIME optimizer hint (SELECT only). SQLite: better-sqlite3 runs a statement on the
 * event loop's thread and cannot be interrupted, so there the limit does not apply; the reads a
 * request can make expensive are cut into short statements instead.
 */
const limit = new AsyncLocalStorage<number>();

export function withStatementLimit<T>(ms: number, run: () => T): T {
  return ms > 0 ? limit.run(ms, run) : run();
}

const LIMITABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE|REPLACE)\b/i;
const SELECT = /^(\s*)SELECT\b/i;

/** The statement as sent under the current request's limit (unchanged outside a request). */
export function limitedStatement(sql: string, dialect: 'mysql' | 'mariadb'): string {
  const ms = limit.getStore();
  if (!ms || !LIMITABLE.test(sql)) return sql;
  if (dialect === 'mariadb') return `SET STATEMENT max_statement_time = ${(ms / 1000).toFixed(3)} FOR ${sql}`;
  return SELECT.test(sql) ? sql.replace(SELECT, `$1SELECT /*+ MAX_EXECUTION_TIME(${Math.round(ms)}) */`) : sql;
}

/** MariaDB ER_STATEMENT_TIMEOUT (1969), MySQL ER_QUERY_TIMEOUT (3024), wherever in the cause chain. */
export function isStatementTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: string; errno?: number; cause?: unknown; driverError?: unknown };
    if (e.code === 'ER_STATEMENT_TIMEOUT' || e.code === 'ER_QUERY_TIMEOUT' || e.errno === 1969 || e.errno === 3024) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

export const QUERY_TIMEOUT_MESSAGE = 'The query ran past the statement time limit and was stopped; ask for smaller pages or fewer nested fields';
