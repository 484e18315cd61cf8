import crypto from 'node:crypto';

/**
 * A caller may send its own `x-request-id` to trace a request through its systems and ours. It is
 * echoed in a header, written in logs and in the audit log, so only a short plain token is taken
 * as is; anything else (spaces, newlines, markup, over 64 characters) is replaced by a fresh id.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && SAFE_REQUEST_ID.test(header) ? header : crypto.randomUUID();
}
