import crypto from 'node:crypto';
import { AppError } from '../../errors.js';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the receiver gets
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated
 * list of `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per secret in use (two while a
 * secret is being rotated). Secrets are `whsec_` + base64 of the key bytes.
 */
export const SECRET_PREFIX = 'whsec_';
/** The spec asks for keys of 24 to 64 bytes. */
export const MIN_SECRET_BYTES = 24;
export const MAX_SECRET_BYTES = 64;

export function generateSecret(): string {
  return SECRET_PREFIX + crypto.randomBytes(32).toString('base64');
}

/** The key bytes of a `whsec_` secret; a clear error when it is not one or is too short. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new AppError('BAD_USER_INPUT', `secret must start with "${SECRET_PREFIX}" (a Standard Webhooks secret)`);
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new AppError('BAD_USER_INPUT', `secret must be "${SECRET_PREFIX}" followed by base64`);
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_SECRET_BYTES) throw new AppError('BAD_USER_INPUT', `secret is too short: ${key.length} bytes, at least ${MIN_SECRET_BYTES} needed`);
  if (key.length > MAX_SECRET_BYTES) throw new AppError('BAD_USER_INPUT', `secret is too long: ${key.length} bytes, at most ${MAX_SECRET_BYTES}`);
  return key;
}

/** One `v1,<base64>` signature of a message. */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = crypto.createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three headers of a delivery, signed with every secret given (current first). */
export function webhookHeaders(secrets: string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signature(s, id, timestampSeconds, body)).join(' '),
  };
}

/**
 * What a receiver does (also used by the tests' receivers): true when any `v1` signature in the
 * header matches and the timestamp is within `toleranceSeconds` of now.
 */
export function verifyWebhook(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, headers.id, timestamp, body));
  return headers.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
}
