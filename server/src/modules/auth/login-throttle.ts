import type { DataSource } from 'typeorm';
import { dialectOf } from '../../db/dialect.js';
import { sqlNumber } from '../../db/sql.js';
import { sha256 } from './password.js';

/**
 * Growing delays after failed sign-ins, per e-mail and per client address, kept in the database
 * (`login_throttles`) so that every API replica enforces the same ones.
 *
 * - Per e-mail (`acct:`): any address, the e-mail known or not, so the answers say nothing about
 *   which e-mails exist. After `freeFailures` failures each further one blocks the e-mail for
 *   twice as long as the one before, up to `maxDelaySeconds`.
 * - Per address (`addr:`): failures from one client address whatever the e-mail (one address
 *   trying many accounts), with a larger allowance for offices behind one NAT.
 * - No permanent lockout: delays are capped, and failures are forgotten `forgetAfterSeconds` after
 *   the last one. An address the account signed in from before (`known:`, kept `knownAddressDays`)
 *   is judged by the failures from that address alone (`pair:`, same rule as per e-mail) instead
 *   of the e-mail's failures from everywhere, so someone guessing from elsewhere cannot keep the
 *   account's owner out, while guesses from the owner's own address are slowed all the same.
 * - Attempts refused while blocked do not count: they were never checked.
 */
export interface LoginThrottlePolicy {
  account: { freeFailures: number; maxDelaySeconds: number };
  address: { freeFailures: number; maxDelaySeconds: number };
  forgetAfterSeconds: number;
  knownAddressDays: number;
}

export const LOGIN_THROTTLE: LoginThrottlePolicy = {
  account: { freeFailures: 5, maxDelaySeconds: 15 * 60 },
  address: { freeFailures: 20, maxDelaySeconds: 15 * 60 },
  forgetAfterSeconds: 60 * 60,
  knownAddressDays: 30,
};

/** Seconds a key is blocked after its n-th failure in a row: 0 while free, then 1, 2, 4, … up to the cap. */
export function delayAfterFailures(failures: number, rule: { freeFailures: number; maxDelaySeconds: number }): number {
  const over = failures - rule.freeFailures;
  if (over <= 0) return 0;
  return Math.min(rule.maxDelaySeconds, 2 ** Math.min(over - 1, 30));
}

interface Keys { account: string; address: string | null; pair: string | null; known: string | null }

function keysOf(email: string, ip: string | null): Keys {
  const normalized = email.trim().toLowerCase();
  return {
    // Hashed: the table holds no readable e-mail, including the mistyped and made-up ones.
    account: `acct:${sha256(normalized)}`,
    address: ip ? `addr:${ip}` : null,
    pair: ip ? `pair:${sha256(`${normalized}\n${ip}`)}` : null,
    known: ip ? `known:${sha256(`${normalized}\n${ip}`)}` : null,
  };
}

/** Seconds until this e-mail may be tried from this address; 0 when it may be tried now. */
export async function loginWaitSeconds(dataSource: DataSource, email: string, ip: string | null, now: Date): Promise<number> {
  const keys = keysOf(email, ip);
  const wanted = [keys.account, keys.address, keys.pair, keys.known].filter((k): k is string => k !== null);
  const rows: { throttle_key: string; blocked_until_ms: unknown; expires_ms: unknown }[] = await dataSource.query(
    `SELECT throttle_key, blocked_until_ms, expires_ms FROM login_throttles WHERE throttle_key IN (${wanted.map(() => '?').join(', ')})`, wanted,
  );
  const nowMs = now.getTime();
  const byKey = new Map(rows.map((row) => [row.throttle_key, row]));
  const knownRow = keys.known ? byKey.get(keys.known) : undefined;
  const knownAddress = knownRow !== undefined && sqlNumber(knownRow.expires_ms) > nowMs;
  let until = 0;
  for (const key of [knownAddress ? keys.pair : keys.account, keys.address]) {
    const row = key ? byKey.get(key) : undefined;
    if (row && row.blocked_until_ms !== null) until = Math.max(until, sqlNumber(row.blocked_until_ms));
  }
  return until > nowMs ? Math.ceil((until - nowMs) / 1000) : 0;
}

/** Counts one failure on the key and blocks it for the delay its count has reached. */
async function countFailure(dataSource: DataSource, key: string, rule: LoginThrottlePolicy['account'], nowMs: number, policy: LoginThrottlePolicy): Promise<void> {
  const forgetBefore = nowMs - policy.forgetAfterSeconds * 1000;
  const expires = nowMs + (policy.forgetAfterSeconds + rule.maxDelaySeconds) * 1000;
  // One statement, so failures from two replicas at once are both counted.
  const restart = 'last_failure_ms IS NULL OR last_failure_ms < ?';
  if (dialectOf(dataSource) === 'sqlite') {
    await dataSource.query(
      `INSERT INTO login_throttles (throttle_key, failures, last_failure_ms, blocked_until_ms, expires_ms) VALUES (?, 1, ?, NULL, ?)
       ON CONFLICT (throttle_key) DO UPDATE SET failures = CASE WHEN ${restart} THEN 1 ELSE failures + 1 END,
         last_failure_ms = excluded.last_failure_ms, expires_ms = excluded.expires_ms`,
      [key, nowMs, expires, forgetBefore],
    );
  } else {
    // MySQL evaluates the assignments in order: failures reads the previous last_failure_ms.
    await dataSource.query(
      `INSERT INTO login_throttles (throttle_key, failures, last_failure_ms, blocked_until_ms, expires_ms) VALUES (?, 1, ?, NULL, ?)
       ON DUPLICATE KEY UPDATE failures = CASE WHEN ${restart} THEN 1 ELSE failures + 1 END,
         last_failure_ms = VALUES(last_failure_ms), expires_ms = VALUES(expires_ms)`,
      [key, nowMs, expires, forgetBefore],
    );
  }
  const [row] = await dataSource.query('SELECT failures FROM login_throttles WHERE throttle_key = ?', [key]);
  const failures = sqlNumber(row?.failures);
  const delay = delayAfterFailures(failures, rule);
  if (delay === 0) return;
  // Only the writer of the newest count sets the block; a slower one does not shorten it.
  await dataSource.query('UPDATE login_throttles SET blocked_until_ms = ? WHERE throttle_key = ? AND failures = ?', [nowMs + delay * 1000, key, failures]);
}

export async function recordLoginFailure(dataSource: DataSource, email: string, ip: string | null, now: Date, policy = LOGIN_THROTTLE): Promise<void> {
  const keys = keysOf(email, ip);
  await countFailure(dataSource, keys.account, policy.account, now.getTime(), policy);
  if (keys.pair) await countFailure(dataSource, keys.pair, policy.account, now.getTime(), policy);
  if (keys.address) await countFailure(dataSource, keys.address, policy.address, now.getTime(), policy);
}

/**
 * A correct password: the e-mail's failures are forgotten (from everywhere and from this address)
 * and the address becomes one the account signs in from. The address's own failures stay (they may be guesses at other accounts).
 */
export async function recordLoginSuccess(dataSource: DataSource, email: string, ip: string | null, now: Date, policy = LOGIN_THROTTLE): Promise<void> {
  const keys = keysOf(email, ip);
  await dataSource.query('DELETE FROM login_throttles WHERE throttle_key = ?', [keys.account]);
  if (!keys.known || !keys.pair) return;
  await dataSource.query('DELETE FROM login_throttles WHERE throttle_key = ?', [keys.pair]);
  const expires = now.getTime() + policy.knownAddressDays * 24 * 3600_000;
  const upsert = dialectOf(dataSource) === 'sqlite'
    ? 'ON CONFLICT (throttle_key) DO UPDATE SET expires_ms = excluded.expires_ms'
    : 'ON DUPLICATE KEY UPDATE expires_ms = VALUES(expires_ms)';
  await dataSource.query(`INSERT INTO login_throttles (throttle_key, failures, expires_ms) VALUES (?, 0, ?) ${upsert}`, [keys.known, expires]);
}

/** Deletes rows nothing reads any more (forgotten failures, known addresses not seen for weeks). */
export async function pruneLoginThrottles(dataSource: DataSource, now: Date): Promise<void> {
  await dataSource.query('DELETE FROM login_throttles WHERE expires_ms < ?', [now.getTime()]);
}
