import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../server/src/db/data-source.js';
import { AppError } from '../server/src/errors.js';
import { createUser, login, delayAfterFailures, LOGIN_THROTTLE, pruneLoginThrottles } from '../server/src/modules/auth/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { PASSWORD, startTestServer, type TestServer } from './helpers/server.js';

const SECOND = 1000;
const { freeFailures } = LOGIN_THROTTLE.account;

interface Outcome { code: string; message: string; retryAfter: number | null }

describe('delayAfterFailures', () => {
  it('is free, then doubles from 1 s, and never exceeds the cap', () => {
    const rule = { freeFailures: 5, maxDelaySeconds: 900 };
    expect([1, 5, 6, 7, 8, 9, 10, 15, 16].map((n) => delayAfterFailures(n, rule))).toEqual([0, 0, 1, 2, 4, 8, 16, 512, 900]);
    expect(delayAfterFailures(10_000, rule)).toBe(900);
  });
});

/** Sign-in throttling with explicit clocks: growing delays per e-mail and per address, no lockout. */
describe.each(TEST_DIALECTS)('login throttling on %s', (dialect) => {
  let db: TestDatabase;
  let t0 = Date.parse('2026-02-02T09:00:00Z');
  /** Each test starts an hour and a half after the last, past every delay and the forgetting time. */
  const nextEpoch = () => (t0 += 90 * 60 * SECOND);

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    for (const name of ['ann', 'bob', 'cyd', 'dee']) await createUser(db.dataSource, { email: `${name}@test.local`, name, role: 'analyst', password: PASSWORD });
  });
  afterAll(async () => { await db?.drop(); });

  const attempt = async (email: string, password: string, atMs: number, ip: string | null, on: DataSource = db.dataSource): Promise<Outcome> => {
    try {
      await login(on, db.config, email, password, new Date(atMs), ip);
      return { code: 'OK', message: '', retryAfter: null };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { code: error.code, message: error.message, retryAfter: (error.details?.retryAfter as number | undefined) ?? null };
    }
  };

  it('refuses even the right password once the wrong ones pile up, with delays that grow and end', async () => {
    const start = nextEpoch();
    for (let i = 0; i < freeFailures; i++) expect((await attempt('ann@test.local', 'wrong', start, '10.0.0.1')).code).toBe('UNAUTHENTICATED');
    // The next failure blocks the e-mail for 1 s, the one after for 2 s, then 4, 8, 16.
    const waits: number[] = [];
    let now = start;
    for (let i = 0; i < 5; i++) {
      expect((await attempt('ann@test.local', 'wrong', now, '10.0.0.1')).code).toBe('UNAUTHENTICATED');
      const refused = await attempt('ann@test.local', PASSWORD, now, '10.0.0.1');
      expect(refused.code).toBe('RATE_LIMITED');
      waits.push(refused.retryAfter!);
      now += refused.retryAfter! * SECOND;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
    // Half-way through a wait the right password is still refused; once it has passed, it works.
    expect((await attempt('ann@test.local', 'wrong', now, '10.0.0.1')).code).toBe('UNAUTHENTICATED');
    expect(await attempt('ann@test.local', PASSWORD, now + 16 * SECOND, '10.0.0.1')).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 16 });
    expect((await attempt('ann@test.local', PASSWORD, now + 32 * SECOND, '10.0.0.1')).code).toBe('OK');
  });

  it('caps the delay, and forgets failures an hour after the last one', async () => {
    let now = nextEpoch();
    let lastWait = 0;
    // 2^10 s is past the cap: eleven failures over the free ones reach it.
    for (let i = 0; i < freeFailures + 11; i++) {
      expect((await attempt('bob@test.local', 'wrong', now, null)).code).toBe('UNAUTHENTICATED');
      if (i + 1 <= freeFailures) continue;
      const refused = await attempt('bob@test.local', PASSWORD, now, null);
      expect(refused.code).toBe('RATE_LIMITED');
      expect(refused.retryAfter).toBeLessThanOrEqual(LOGIN_THROTTLE.account.maxDelaySeconds);
      lastWait = refused.retryAfter!;
      now += lastWait * SECOND;
    }
    expect(lastWait).toBe(LOGIN_THROTTLE.account.maxDelaySeconds);
    // An hour of quiet after the last failure (and its block): the count starts again from zero.
    const later = now + (LOGIN_THROTTLE.forgetAfterSeconds + LOGIN_THROTTLE.account.maxDelaySeconds) * SECOND + SECOND;
    for (let i = 0; i < freeFailures; i++) expect((await attempt('bob@test.local', 'wrong', later, null)).code).toBe('UNAUTHENTICATED');
    expect((await attempt('bob@test.local', PASSWORD, later, null)).code).toBe('OK');
  });

  it('answers an unknown e-mail exactly as a known one, in what it says and in how long it takes', async () => {
    const start = nextEpoch();
    const run = async (email: string) => {
      const outcomes: Outcome[] = [];
      for (let i = 0; i < freeFailures + 3; i++) outcomes.push(await attempt(email, 'wrong', start, null));
      return outcomes;
    };
    const known = await run('cyd@test.local');
    const unknown = await run('nobody@test.local');
    expect(unknown).toEqual(known);
    expect(known.map((o) => o.code)).toEqual([...Array(freeFailures + 1).fill('UNAUTHENTICATED'), 'RATE_LIMITED', 'RATE_LIMITED']);

    // Timing: a wrong password for a real user and any password for an unknown e-mail both cost one
    // scrypt comparison. Fresh e-mails and clocks keep every attempt within the free failures.
    const took = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 6; i++) {
      const at = nextEpoch();
      for (const [kind, email] of [['known', 'dee@test.local'], ['unknown', `ghost${i}@test.local`]] as const) {
        const started = performance.now();
        expect((await attempt(email, 'wrong', at, null)).code).toBe('UNAUTHENTICATED');
        took[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const ratio = median(took.unknown) / median(took.known);
    expect(ratio, `unknown ${median(took.unknown).toFixed(1)} ms, known ${median(took.known).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('does not let guesses from another address keep the owner out of the account', async () => {
    const start = nextEpoch();
    expect((await attempt('dee@test.local', PASSWORD, start, '10.0.1.1')).code).toBe('OK');
    for (let i = 0; i < freeFailures + 5; i++) await attempt('dee@test.local', 'wrong', start + i, '10.0.1.66');
    // The e-mail is blocked for the guesser and for any address it never signed in from...
    expect((await attempt('dee@test.local', PASSWORD, start + SECOND, '10.0.1.66')).code).toBe('RATE_LIMITED');
    expect((await attempt('dee@test.local', PASSWORD, start + SECOND, '10.0.1.77')).code).toBe('RATE_LIMITED');
    // ...but not for the address the owner signs in from,
    expect((await attempt('dee@test.local', PASSWORD, start + SECOND, '10.0.1.1')).code).toBe('OK');
    // where wrong passwords are counted on their own, by the same rule.
    for (let i = 0; i <= freeFailures; i++) expect((await attempt('dee@test.local', 'wrong', start + 2 * SECOND, '10.0.1.1')).code).toBe('UNAUTHENTICATED');
    expect(await attempt('dee@test.local', PASSWORD, start + 2 * SECOND, '10.0.1.1')).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
  });

  it('slows one address that tries many e-mails', async () => {
    const start = nextEpoch();
    const { freeFailures: perAddress } = LOGIN_THROTTLE.address;
    for (let i = 0; i <= perAddress; i++) expect((await attempt(`user${i}@test.local`, 'wrong', start, '10.0.2.9')).code).toBe('UNAUTHENTICATED');
    expect(await attempt('ann@test.local', PASSWORD, start, '10.0.2.9')).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
    expect((await attempt('ann@test.local', PASSWORD, start, '10.0.2.10')).code).toBe('OK');
  });

  it('keeps its state in the database, so a second API process enforces the same delays', async () => {
    const replica = await openDatabase(db.config, { migrate: false });
    try {
      const start = nextEpoch();
      for (let i = 0; i <= freeFailures; i++) await attempt('bob@test.local', 'wrong', start, null, i % 2 ? replica : db.dataSource);
      expect((await attempt('bob@test.local', PASSWORD, start, null, replica)).code).toBe('RATE_LIMITED');
      expect((await attempt('bob@test.local', PASSWORD, start, null, db.dataSource)).code).toBe('RATE_LIMITED');
    } finally {
      await replica.destroy();
    }
  });

  it('prunes rows nothing reads any more', async () => {
    const before = Number((await db.dataSource.query('SELECT COUNT(*) AS n FROM login_throttles'))[0].n);
    expect(before).toBeGreaterThan(0);
    await pruneLoginThrottles(db.dataSource, new Date(t0 + 365 * 24 * 3600 * SECOND));
    expect(Number((await db.dataSource.query('SELECT COUNT(*) AS n FROM login_throttles'))[0].n)).toBe(0);
  });
});

describe('login throttling over HTTP (MariaDB)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('mariadb'); });
  afterAll(async () => { await server?.stop(); });

  it('answers known and unknown e-mails alike, and refuses the right password after twenty wrong ones, with 429 and Retry-After', async () => {
    const post = (email: string, password: string) => fetch(`${server.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }', variables: { e: email, p: password } }),
    });
    const answers = async (email: string, n: number) => {
      const seen: string[] = [];
      for (let i = 0; i < n; i++) {
        const res = await post(email, `guess-${i}`);
        const body = await res.json() as { errors: { extensions: { code: string } }[] };
        seen.push(`${res.status} ${body.errors[0].extensions.code}`);
      }
      return seen;
    };
    // The sixth failure blocks the e-mail for a second: the seventh attempt, at once, is refused.
    // A failed sign-in is an authentication failure like any other: 401 (docs/api.md).
    const expected = [...Array(freeFailures + 1).fill('401 UNAUTHENTICATED'), '429 RATE_LIMITED'];
    expect(await answers('no-one@test.local', freeFailures + 2)).toEqual(expected);
    expect(await answers('marketer@test.local', freeFailures + 2)).toEqual(expected);
    await answers('marketer@test.local', 20 - (freeFailures + 2));
    const right = await post('marketer@test.local', PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await right.json() as { data: unknown; errors: { message: string; extensions: { code: string; retryAfter: number } }[] };
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: Number(right.headers.get('retry-after')) });
    expect(body.errors[0].message).toMatch(/Too many failed sign-ins; try again in \d+ s/);
  });
});
