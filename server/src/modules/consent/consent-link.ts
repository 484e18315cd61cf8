import crypto from 'node:crypto';
import { CHANNELS, type Channel } from '@segmenta/shared';
import { AppError } from '../../errors.js';

/**
 * Signed unsubscribe/preferences links. A token is `<customerId>.<channel>.<expires>.<signature>`:
 * expires in epoch seconds, the signature HMAC-SHA256 (key: SEGMENTA_LINK_SECRET) over
 * `consent-link:v1:<customerId>:<channel>:<expires>`, base64url. Binding the customer, the channel
 * and the expiry into the MAC means none of them can be changed without the secret; the link needs
 * no login and holds no personal data. Changing the secret invalidates every link sent.
 */
export interface ConsentLinkClaims {
  customerId: number;
  channel: Channel;
  /** Epoch seconds. */
  expires: number;
}

export const MIN_LINK_SECRET_LENGTH = 32;
const MAX_TOKEN_LENGTH = 200;

function mac(secret: string, claims: ConsentLinkClaims): Buffer {
  return crypto.createHmac('sha256', secret).update(`consent-link:v1:${claims.customerId}:${claims.channel}:${claims.expires}`).digest();
}

function requireSecret(secret: string | null): string {
  if (!secret) throw new AppError('SERVICE_UNAVAILABLE', 'Preference links are not configured (SEGMENTA_LINK_SECRET is not set)');
  return secret;
}

export function signConsentLink(secret: string | null, claims: ConsentLinkClaims): string {
  const key = requireSecret(secret);
  return `${claims.customerId}.${claims.channel}.${claims.expires}.${mac(key, claims).toString('base64url')}`;
}

/**
 * The claims of a genuine, unexpired token; otherwise an AppError (`BAD_USER_INPUT` for a
 * malformed, forged or altered token, `LINK_EXPIRED` for an expired one). The signature is checked
 * before the expiry, so an expiry edited into the future is a forgery, not an extension.
 */
export function verifyConsentLink(secret: string | null, token: string, now = new Date()): ConsentLinkClaims {
  const key = requireSecret(secret);
  const invalid = () => new AppError('BAD_USER_INPUT', 'This link is not valid');
  if (token.length > MAX_TOKEN_LENGTH) throw invalid();
  const match = /^([1-9]\d{0,11})\.([a-z]{1,8})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw invalid();
  const [, id, channel, expires, signature] = match;
  if (!(CHANNELS as readonly string[]).includes(channel)) throw invalid();
  const claims: ConsentLinkClaims = { customerId: Number(id), channel: channel as Channel, expires: Number(expires) };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, claims);
  if (given.length !== expected.length || given.toString('base64url') !== signature || !crypto.timingSafeEqual(given, expected)) throw invalid();
  if (claims.expires * 1000 <= now.getTime()) throw new AppError('LINK_EXPIRED', 'This link has expired');
  return claims;
}
