/**
 * The one application error. `code` is a stable string; the GraphQL error formatter maps it to
 * `extensions.code` and every code not listed in CLIENT_CODES is masked as INTERNAL_SERVER_ERROR.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Codes a client may see, with the GraphQL extension code each maps to. */
export const CLIENT_CODES: Record<string, string> = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  IMPORT_INVALID: 'BAD_USER_INPUT',
  CONFIG_INVALID: 'BAD_USER_INPUT',
};

export const notFound = (what: string, id: unknown) => new AppError('NOT_FOUND', `${what} ${String(id)} not found`);
export const badInput = (message: string, details?: Record<string, unknown>) => new AppError('BAD_USER_INPUT', message, details);
export const forbidden = (message = 'Not allowed for your role') => new AppError('FORBIDDEN', message);
