import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, principalFromSession, SessionEntity, sha256 } from '../server/src/modules/auth/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';

const MINUTE = 60_000;

/** Session timeouts with explicit clocks (defaults: idle 60 min, sliding; absolute 12 h). */
describe.each(TEST_DIALECTS)('session timeouts on %s', (dialect) => {
  let db: TestDatabase;
  const t0 = new Date('2026-01-05T08:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await createUser(db.dataSource, { email: 'ann@test.local', name: 'Ann', role: 'analyst', password: 'correct horse battery' });
  });
  afterAll(async () => { await db?.drop(); });

  const signIn = async () => (await login(db.dataSource, db.config, 'ann@test.local', 'correct horse battery', t0)).token;
  const stored = (token: string) => db.dataSource.getRepository(SessionEntity).findOneBy({ tokenHash: sha256(token) });

  it('stores only the hash of the token', async () => {
    const token = await signIn();
    const session = await stored(token);
    expect(session?.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(session)).not.toContain(token);
  });

  it('ends a session idle for longer than the idle timeout, and deletes it', async () => {
    const token = await signIn();
    expect(await principalFromSession(db.dataSource, db.config, token, at(59 * MINUTE))).toMatchObject({ role: 'analyst' });
    // The use at 59 min slid the window; 61 min after that use, the session is over the idle limit.
    expect(await principalFromSession(db.dataSource, db.config, token, at(59 * MINUTE + 61 * MINUTE))).toBeNull();
    expect(await stored(token)).toBeNull();
  });

  it('keeps an active session alive (sliding) but not past the absolute timeout', async () => {
    const token = await signIn();
    let now = 0;
    while (now + 50 * MINUTE < 12 * 60 * MINUTE) {
      now += 50 * MINUTE;
      expect(await principalFromSession(db.dataSource, db.config, token, at(now)), `after ${now / MINUTE} min`).not.toBeNull();
    }
    expect(await principalFromSession(db.dataSource, db.config, token, at(12 * 60 * MINUTE + MINUTE))).toBeNull();
  });
});
