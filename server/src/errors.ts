import { ERROR_CODES, type ErrorCode } from '@segmenta/shared';
import { MlInputError } from './ml/errors.js';

/**
 * The one application error. `code` is one of shared's ERROR_CODES: that table says what the
 * GraphQL formatter, the HTTP routes and the job worker make of it.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** An error as the boundary sees it: the numeric core's input errors become BAD_USER_INPUT. */
export function asAppError(error: unknown): unknown {
  return error instanceof MlInputError ? new AppError('BAD_USER_INPUT', error.message, error.details) : error;
}

/** Whether a client may see this AppError's message (the table does not mask its code). */
export function isClientError(error: unknown): error is AppError {
  return error instanceof AppError && !('masked' in ERROR_CODES[error.code]);
}

export const notFound = (what: string, id: unknown) => new AppError('NOT_FOUND', `${what} ${String(id)} not found`);
export const badInput = (message: string, details?: Record<string, unknown>) => new AppError('BAD_USER_INPUT', message, details);
export const forbidden = (message = 'Not allowed for your role') => new AppError('FORBIDDEN', message);
