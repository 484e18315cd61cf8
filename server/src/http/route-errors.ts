import type { Response } from 'express';
import { ERROR_CODES } from '@segmenta/shared';
import { asAppError, isClientError } from '../errors.js';
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from '../db/pool-wait.js';
import { isStatementTimeout, QUERY_TIMEOUT_MESSAGE } from '../db/statement-timeout.js';
import { sendUnauthenticated } from './auth-challenge.js';

/** An error as a JSON response for plain HTTP routes, with the status shared's ERROR_CODES gives; unknown errors are masked. */
export function sendRouteError(res: Response, raw: unknown): void {
  const error = asAppError(raw);
  if (res.headersSent) { res.destroy(error as Error); return; }
  if (isDatabaseBusy(error)) {
    res.status(ERROR_CODES.BUSY.http).set('retry-after', String(BUSY_RETRY_AFTER_SECONDS)).json({ error: { code: 'BUSY', message: `The database is busy; retry after ${BUSY_RETRY_AFTER_SECONDS} s`, retryAfter: BUSY_RETRY_AFTER_SECONDS } });
    return;
  }
  if (isStatementTimeout(error)) {
    res.status(ERROR_CODES.QUERY_TIMEOUT.http).json({ error: { code: 'QUERY_TIMEOUT', message: QUERY_TIMEOUT_MESSAGE } });
    return;
  }
  if (isClientError(error) && error.code === 'UNAUTHENTICATED') {
    sendUnauthenticated(res, error.message, false);
    return;
  }
  if (isClientError(error)) {
    res.status(ERROR_CODES[error.code].http).json({ error: { code: error.code, message: error.message } });
    return;
  }
  res.status(ERROR_CODES.INTERNAL_SERVER_ERROR.http).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' } });
}

/** Writes chunks, waiting for the socket to drain: memory stays flat however long the file. */
export async function writeAll(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
}
