import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { dialectOf } from '../db/dialect.js';

const WINDOW_MS = 60_000;
/** Old windows are deleted after this many hits of one process: a statement now and then, not per request. */
const PRUNE_EVERY = 500;

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  /** Seconds to wait before the next request is admitted; 0 when this one was. */
  retryAfter: number;
}

/**
 * Fixed one-minute windows per API key, counted in the database (`rate_limit_windows`), so every
 * API process counts against the same limit. One statement per request increments and reads the
 * count: MySQL/MariaDB hand it back through LAST_INSERT_ID(expr), SQLite through RETURNING.
 */
export class KeyRateLimiter {
  private hits = 0;

  constructor(private readonly dataSource: DataSource, private readonly perMinute: number) {}

  async hit(key: string, now = Date.now()): Promise<RateLimitState> {
    const windowStart = now - (now % WINDOW_MS);
    const count = await this.increment(key, windowStart);
    if (++this.hits % PRUNE_EVERY === 0) {
      this.dataSource.query('DELETE FROM rate_limit_windows WHERE window_start_ms < ?', [windowStart - WINDOW_MS]).catch(() => {});
    }
    const resetSeconds = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
    return { limit: this.perMinute, remaining: Math.max(0, this.perMinute - count), resetSeconds, retryAfter: count > this.perMinute ? resetSeconds : 0 };
  }

  private async increment(key: string, windowStart: number): Promise<number> {
    if (dialectOf(this.dataSource) === 'sqlite') {
      const rows: { hits: number }[] = await this.dataSource.query(
        `INSERT INTO rate_limit_windows (limit_key, window_start_ms, hits) VALUES (?, ?, 1)
         ON CONFLICT (limit_key, window_start_ms) DO UPDATE SET hits = hits + 1 RETURNING hits`, [key, windowStart]);
      return Number(rows[0].hits);
    }
    // A fresh row leaves LAST_INSERT_ID unset (no auto-increment column): insertId 0 means 1 hit.
    const result: { insertId?: number } = await this.dataSource.query(
      `INSERT INTO rate_limit_windows (limit_key, window_start_ms, hits) VALUES (?, ?, 1)
       ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + 1)`, [key, windowStart]);
    return Number(result.insertId) || 1;
  }
}

/** The IETF RateLimit header fields (draft 6), Retry-After when refused. */
export function setRateLimitHeaders(res: Response, state: RateLimitState): void {
  res.set({
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': String(state.resetSeconds),
    'ratelimit-policy': `${state.limit};w=${WINDOW_MS / 1000}`,
  });
  if (state.retryAfter > 0) res.set('retry-after', String(state.retryAfter));
}
