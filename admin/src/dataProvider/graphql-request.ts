import { HttpError } from 'react-admin';
import { describeGraphQLError, type GraphQLErrorPayload } from './errors';

/** An API error with the GraphQL code kept beside react-admin's status/body. */
export class GraphQLRequestError extends HttpError {
  constructor(message: string, status: number, readonly code: string, body?: unknown) {
    super(message, status, body);
  }
}

/**
 * One GraphQL request against the same origin (the session cookie travels with it). The JSON
 * content type also satisfies Apollo's CSRF prevention. Throws GraphQLRequestError.
 */
export async function graphqlRequest<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GraphQLRequestError('The server is not reachable; check your connection', 0, 'NETWORK_ERROR');
  }
  const payload = (await response.json().catch(() => null)) as { data?: T; errors?: GraphQLErrorPayload[] } | null;
  if (payload?.errors?.length) {
    const { message, status, code, body } = describeGraphQLError(payload.errors[0], response.status);
    throw new GraphQLRequestError(message, status, code, body);
  }
  if (!response.ok || !payload?.data) {
    throw new GraphQLRequestError(`The server answered HTTP ${response.status}`, response.status, 'HTTP_ERROR');
  }
  return payload.data;
}
