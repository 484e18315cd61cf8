import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { Logger } from 'pino';
import { ERROR_CODES } from '@segmenta/shared';
import { AppError, asAppError, isClientError } from '../errors.js';
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from '../db/pool-wait.js';
import { describeValidationErrors } from './validation-errors.js';
import { isStatementTimeout, QUERY_TIMEOUT_MESSAGE } from '../db/statement-timeout.js';

const DB_UNAVAILABLE = new Set([
  'ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT', 'ECONNRESET', 'ER_CON_COUNT_ERROR', 'EPIPE', 'POOL_CLOSED', 'ENOTFOUND',
  'PROTOCOL_SEQUENCE_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
]);

/** True when an error means "the database is not reachable", not "the query is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: string; message?: string; cause?: unknown; driverError?: unknown };
    if (e.code && DB_UNAVAILABLE.has(e.code)) return true;
    if (typeof e.message === 'string' && /connect ECONNREFUSED|Connection lost|Pool is closed|Can't add new command when connection is in closed state|connect ETIMEDOUT/i.test(e.message)) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/**
 * Errors about the request itself, raised by GraphQL or Apollo before or around execution: parse
 * errors (token limit included), validation (introspection off included), variable coercion,
 * query limits. Apollo wraps graphql-js's error in its own, so the original is a GraphQL error
 * that has no cause of its own; an error thrown by resolver code always has one.
 */
export function isRequestError(error: unknown): boolean {
  const original = (error as { originalError?: unknown })?.originalError;
  if (!original) return true;
  const inner = original as { extensions?: unknown; locations?: unknown; originalError?: unknown };
  return original instanceof Error && inner.extensions !== undefined && 'locations' in inner && !inner.originalError && !(original instanceof AppError);
}

/** True when the formatter will mask the error: the plugin logs these with the request id. */
export function isInternalError(error: unknown): boolean {
  const original = asAppError((error as { originalError?: unknown })?.originalError ?? error);
  if (isClientError(original)) return false;
  return !(original instanceof ArgumentValidationError) && !isStatementTimeout(original) && !isDatabaseUnavailable(original) && !isDatabaseBusy(original) && !isRequestError(error);
}

/**
 * Map every error to a code. AppErrors with a client code keep their message; validation errors
 * become BAD_USER_INPUT with the fields; GraphQL's own parse/validation errors pass through;
 * everything else is masked as INTERNAL_SERVER_ERROR with the request id (logged with its stack).
 */
export function makeFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = asAppError((error as { originalError?: unknown })?.originalError ?? error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (isClientError(original)) {
      const code = ERROR_CODES[original.code].graphql;
      // A wait (throttled sign-in) and the fields at fault are also given at the top, where BUSY
      // and validation errors carry them (the admin UI puts `fields` on the form's inputs).
      const top = Object.fromEntries(['retryAfter', 'fields'].filter((key) => original.details && Object.hasOwn(original.details, key)).map((key) => [key, original.details![key]]));
      return { ...base, message: original.message, extensions: { code, ...top, ...(original.details ? { details: original.details } : {}) } };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = describeValidationErrors(original.extensions.validationErrors ?? []);
      return { ...base, message: 'Invalid input: ' + fields.map((f) => `${f.field} (${f.problems.join('; ')})`).join(', '), extensions: { code: 'BAD_USER_INPUT', fields } };
    }
    if (isStatementTimeout(original)) {
      return { ...base, message: QUERY_TIMEOUT_MESSAGE, extensions: { code: 'QUERY_TIMEOUT' } };
    }
    if (isDatabaseBusy(original)) {
      return { ...base, message: `The database is busy; retry after ${BUSY_RETRY_AFTER_SECONDS} s`, extensions: { code: 'BUSY', retryAfter: BUSY_RETRY_AFTER_SECONDS } };
    }
    if (isDatabaseUnavailable(original)) {
      return { ...base, message: 'The database is not reachable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    // Errors raised by GraphQL or Apollo themselves (parse, validation, variable coercion, limits)
    // describe the request, so they keep their message and code.
    if (isRequestError(error)) {
      const code = (formatted.extensions?.code as string | undefined) ?? 'BAD_USER_INPUT';
      return { ...base, extensions: { code: code === 'INTERNAL_SERVER_ERROR' ? 'BAD_USER_INPUT' : code } };
    }
    // Logged with the request id by the plugin in http/app.ts, which also adds the id to the response.
    logger.debug({ err: original }, 'masked internal error');
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
