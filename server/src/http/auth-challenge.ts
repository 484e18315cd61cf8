import type { Response } from 'express';

/**
 * Every authentication failure, on /graphql and on the plain routes alike, answers the same way:
 * 401, a `WWW-Authenticate: Bearer` challenge (RFC 6750), and a GraphQL-shaped body,
 * `{ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }`.
 * `invalidToken`: a key was sent but is unknown, revoked or expired (error="invalid_token").
 */
export function authChallenge(invalidToken: boolean): string {
  return invalidToken ? 'Bearer realm="segmenta", error="invalid_token"' : 'Bearer realm="segmenta"';
}

export function sendUnauthenticated(res: Response, message: string, invalidToken: boolean): void {
  res.status(401).set({ 'www-authenticate': authChallenge(invalidToken), 'cache-control': 'no-store' })
    .json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/** The bearer token of an Authorization header: the scheme is case-insensitive (RFC 7235). */
export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return match ? match[1] : null;
}
