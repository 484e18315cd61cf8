import type { Response } from 'express';
import { AppError } from '../errors.js';
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from '../db/pool-wait.js';
import { isStatementTimeout, QUERY_TIMEOUT_MESSAGE } from '../db/statement-timeout.js';

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, IMPORT_INVALID: 400, CONFLICT: 409, SERVICE_UNAVAILABLE: 503,
};

/** An error as a JSON response for plain HTTP routes; unknown errors are masked. */
export function sendRouteError(res: Response, error: unknown): void {
  if (res.headersSent) { res.destroy(error as Error); return; }
  if (isDatabaseBusy(error)) {
    res.status(503).set('retry-after', String(BUSY_RETRY_AFTER_SECONDS)).json({ error: { code: 'BUSY', message: `The database is busy; retry after ${BUSY_RETRY_AFTER_SECONDS} s`, retryAfter: BUSY_RETRY_AFTER_SECONDS } });
    return;
  }
  if (isStatementTimeout(error)) {
    res.status(503).json({ error: { code: 'QUERY_TIMEOUT', message: QUERY_TIMEOUT_MESSAGE } });
    return;
  }
  const code = error instanceof AppError && STATUS[error.code] ? error.code : 'INTERNAL_SERVER_ERROR';
  const status = STATUS[code] ?? 500;
  res.status(status).json({ error: { code, message: status === 500 ? 'Internal error' : (error as Error).message } });
}

/** Writes chunks, waiting for the socket to drain: memory stays flat however long the file. */
export async function writeAll(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
}
