import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refusedLiteral, type AddressPolicy } from './endpoint-policy.js';

export interface DeliveryAnswer {
  /** HTTP status, or null when no answer came (timeout, refused, connection error). */
  status: number | null;
  /** Seconds the receiver asked to wait (Retry-After), when it said. */
  retryAfterSeconds: number | null;
  latencyMs: number;
  error: string | null;
}

/** Retry-After as seconds: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * One POST of a signed body. Redirects are not followed (a 3xx is a failed attempt): a redirect
 * could otherwise lead a delivery to an address the settings refuse. The address dialled is
 * checked at connect time (guardedLookup), and an IP-literal host before connecting.
 */
export function postWebhook(url: URL, headers: Record<string, string>, body: string, opts: { timeoutMs: number; policy: AddressPolicy }): Promise<DeliveryAnswer> {
  const started = performance.now();
  const done = (status: number | null, error: string | null, retryAfterSeconds: number | null = null): DeliveryAnswer =>
    ({ status, error, retryAfterSeconds, latencyMs: Math.round(performance.now() - started) });
  const refused = refusedLiteral(url, opts.policy);
  if (refused) return Promise.resolve(done(null, `refused: ${refused}`));
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST', lookup: guardedLookup(opts.policy), timeout: opts.timeoutMs, agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Segmenta-Webhooks/1', ...headers },
    }, (response) => {
      // The body is read (and capped) only to free the socket; receivers' answers are not stored.
      let read = 0;
      response.on('data', (chunk: Buffer) => { read += chunk.length; if (read > 64 * 1024) response.destroy(); });
      response.on('close', () => {
        const status = response.statusCode ?? 0;
        const redirect = status >= 300 && status < 400 ? `redirect to ${String(response.headers.location ?? '').slice(0, 120)} not followed` : null;
        resolve(done(status, redirect ?? (status >= 200 && status < 300 ? null : `HTTP ${status}`), parseRetryAfter(response.headers['retry-after'] as string | undefined)));
      });
      response.on('error', (error) => resolve(done(response.statusCode ?? null, error.message)));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    request.on('error', (error) => resolve(done(null, error.message)));
    request.end(body);
  });
}
