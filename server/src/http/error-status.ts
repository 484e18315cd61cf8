import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES } from '@segmenta/shared';

/**
 * The HTTP status of a GraphQL answer that holds no data, only errors that say "wait": so load
 * balancers and clients retry rather than treat it as a success. Busy (a saturated connection
 * pool) and unavailable (the database does not answer) are both 503, each with its own code;
 * a throttled sign-in is 429 (statuses from shared's ERROR_CODES). The Retry-After is the error's, else `unavailableRetryAfter`.
 */
export function waitStatusOf(errors: readonly GraphQLFormattedError[], unavailableRetryAfter: number): { status: number; retryAfter: number } | null {
  for (const code of ['SERVICE_UNAVAILABLE', 'BUSY', 'RATE_LIMITED'] as const) {
    const status = ERROR_CODES[code].http;
    const error = errors.find((e) => e.extensions?.code === code);
    if (!error) continue;
    const given = error.extensions?.retryAfter;
    return { status, retryAfter: typeof given === 'number' ? given : unavailableRetryAfter };
  }
  return null;
}
