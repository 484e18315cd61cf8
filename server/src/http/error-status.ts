import type { GraphQLFormattedError } from 'graphql';

/**
 * The HTTP status of a GraphQL answer that holds no data, only errors that say "wait": so load
 * balancers and clients retry rather than treat it as a success. Busy (a saturated connection
 * pool) and unavailable (the database does not answer) are both 503, each with its own code;
 * a throttled sign-in is 429. The Retry-After is the error's, else `unavailableRetryAfter`.
 */
export function waitStatusOf(errors: readonly GraphQLFormattedError[], unavailableRetryAfter: number): { status: number; retryAfter: number } | null {
  for (const [code, status] of [['SERVICE_UNAVAILABLE', 503], ['BUSY', 503], ['RATE_LIMITED', 429]] as const) {
    const error = errors.find((e) => e.extensions?.code === code);
    if (!error) continue;
    const given = error.extensions?.retryAfter;
    return { status, retryAfter: typeof given === 'number' ? given : unavailableRetryAfter };
  }
  return null;
}
