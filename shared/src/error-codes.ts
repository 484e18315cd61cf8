/**
 * Every error code the server gives, with what each means at every boundary: the GraphQL
 * `extensions.code`, the HTTP status of a plain route, and whether a job that fails with it is
 * tried again. The GraphQL formatter, the HTTP routes and the job worker all read this table.
 */
export interface ErrorCodeRule {
  /** `extensions.code` in a GraphQL answer. */
  graphql: string;
  /** Status of a plain HTTP route's answer (and of a GraphQL answer that only says "wait"). */
  http: number;
  /** Whether a job that fails with this code is retried (while it has attempts left). */
  retry: boolean;
  /** Masked: the client sees "Internal error", never the message. */
  masked?: boolean;
}

export const ERROR_CODES = {
  BAD_USER_INPUT: { graphql: 'BAD_USER_INPUT', http: 400, retry: false },
  /** An import file that cannot be read as asked (see docs/imports.md). */
  IMPORT_INVALID: { graphql: 'BAD_USER_INPUT', http: 400, retry: false },
  /** A setting out of range (config, or a command-line option). */
  CONFIG_INVALID: { graphql: 'BAD_USER_INPUT', http: 400, retry: false },
  /** A schedule that cannot run as written: its cron expression, time zone or target (see docs/operations.md). */
  SCHEDULE_INVALID: { graphql: 'BAD_USER_INPUT', http: 400, retry: false },
  /** A categorisation rule that cannot run: a bad or risky regular expression, an empty pattern or category (see docs/imports.md). */
  CATEGORY_RULE_INVALID: { graphql: 'BAD_USER_INPUT', http: 400, retry: false },
  NOT_FOUND: { graphql: 'NOT_FOUND', http: 404, retry: false },
  /** Too little data for a model (the customer-value data minimums): `details.problems` names what is missing. */
  INSUFFICIENT_DATA: { graphql: 'BAD_USER_INPUT', http: 422, retry: false },
  /** A signed link (consent preferences) past its expiry. */
  LINK_EXPIRED: { graphql: 'BAD_USER_INPUT', http: 410, retry: false },
  UNAUTHENTICATED: { graphql: 'UNAUTHENTICATED', http: 401, retry: true },
  FORBIDDEN: { graphql: 'FORBIDDEN', http: 403, retry: true },
  CONFLICT: { graphql: 'CONFLICT', http: 409, retry: true },
  QUERY_TOO_COMPLEX: { graphql: 'QUERY_TOO_COMPLEX', http: 400, retry: true },
  RATE_LIMITED: { graphql: 'RATE_LIMITED', http: 429, retry: true },
  /** The connection pool is saturated: wait and retry. */
  BUSY: { graphql: 'BUSY', http: 503, retry: true },
  /** The database does not answer. */
  SERVICE_UNAVAILABLE: { graphql: 'SERVICE_UNAVAILABLE', http: 503, retry: true },
  /** A statement ran past DB_STATEMENT_TIMEOUT_MS and the database stopped it. */
  QUERY_TIMEOUT: { graphql: 'QUERY_TIMEOUT', http: 503, retry: true },
  INTERNAL_SERVER_ERROR: { graphql: 'INTERNAL_SERVER_ERROR', http: 500, retry: true, masked: true },
} as const satisfies Record<string, ErrorCodeRule>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** The rule of a code; unknown codes are internal errors. */
export function errorRule(code: unknown): ErrorCodeRule {
  return isErrorCode(code) ? ERROR_CODES[code] : ERROR_CODES.INTERNAL_SERVER_ERROR;
}
