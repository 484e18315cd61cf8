/**
 * Maps a GraphQL error from the Segmenta API to what react-admin understands: an HTTP-like
 * status (401 makes the auth provider sign out) and, for validation errors, the body shape
 * `{ errors: { field: message } }` that puts each message under its form input.
 * Pure: no React, no fetch, so it is unit-tested directly.
 */
export interface GraphQLErrorPayload {
  message: string;
  extensions?: { code?: string; fields?: { field: string; problems?: string[] }[]; [key: string]: unknown };
}

export interface DescribedError {
  status: number;
  code: string;
  message: string;
  body?: { errors: Record<string, unknown> };
}

export const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  QUERY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

export function describeGraphQLError(error: GraphQLErrorPayload, httpStatus = 200): DescribedError {
  const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  const status = STATUS_BY_CODE[code] ?? (httpStatus >= 400 ? httpStatus : 500);
  const fields = error.extensions?.fields;
  if (code !== 'BAD_USER_INPUT' || !fields?.length) return { status, code, message: error.message };
  const errors: Record<string, unknown> = {};
  for (const { field, problems } of fields) errors[field] = problems?.length ? problems.join('; ') : 'Invalid value';
  // react-admin shows root.serverError as the notification while the fields carry the details.
  errors.root = { serverError: 'Some values are not valid; see the highlighted fields.' };
  return { status, code, message: error.message, body: { errors } };
}
