// How a request finds its API key's principal (server/src/modules/auth/api-key-principals.ts),
// against real MariaDB: concurrent requests share one lookup, a steady integration never waits for
// one, and the once-a-minute `lastUsedAt` write holds no request up. Locks taken by a second
// connection hold the API's statements, and MariaDB's process list shows which are waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_CACHE_MS, API_KEY_REFRESH_MS, principalFromApiKey, createApiKey, revokeApiKey, ApiKeyEntity } from '../server/src/modules/auth/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { createTestDatabase, mariadbObserver, type TestDatabase } from './helpers/db.js';

describe('API key principals on MariaDB', () => {
  let db: TestDatabase;
  let observer: Awaited<ReturnType<typeof mariadbObserver>>;
  let admin: Awaited<ReturnType<typeof mariadbObserver>>['conn'];
  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    observer = await mariadbObserver(db.config);
    admin = observer.conn;
  });
  afterAll(async () => { await observer?.end(); await db?.drop(); });

  /** The statements of this database that wait for a table lock or a row lock, other than the observer's. */
  const waiting = () => observer.waiting({ rowLocks: true });
  const until = async <T>(read: () => Promise<T>, done: (x: T) => boolean): Promise<T> => {
    for (let i = 0; i < 100; i++) { const x = await read(); if (done(x)) return x; await new Promise((r) => setTimeout(r, 50)); }
    return read();
  };
  const settled = (p: Promise<unknown>) => Promise.race([p.then(() => true, () => true), new Promise((r) => setTimeout(() => r(false), 300))]);

  it('sends one lookup for requests that arrive while it runs', async () => {
    const { key, plain } = await createApiKey(db.dataSource, { name: 'many at once' });
    const now = new Date();
    await admin.query('LOCK TABLES api_keys WRITE');
    let results: Promise<unknown>[] = [];
    try {
      results = Array.from({ length: 8 }, () => principalFromApiKey(db.dataSource, plain, now));
      const seen = await until(waiting, (xs) => xs.length > 0);
      await new Promise((r) => setTimeout(r, 200)); // time for any other lookup to reach the server
      expect((await waiting()).filter((sql) => /FROM `api_keys`/i.test(sql))).toHaveLength(1);
      expect(seen.length).toBe(1);
    } finally {
      await admin.query('UNLOCK TABLES');
    }
    const principals = await Promise.all(results) as { id: number }[];
    expect(principals.map((p) => p.id)).toEqual(Array(8).fill(key.id));
  });

  it('answers from the principal it has while it reads the key again, and then sees a revocation', async () => {
    const { key, plain } = await createApiKey(db.dataSource, { name: 'steady' });
    const t = Date.now();
    expect((await principalFromApiKey(db.dataSource, plain, new Date(t)))?.id).toBe(key.id);
    const other = await openDatabase(db.config, { migrate: false }); // as the CLI or another API replica
    try { await revokeApiKey(other, key.id); } finally { await other.destroy(); }
    await admin.query('LOCK TABLES api_keys WRITE');
    try {
      // Due for a refresh: the answer does not wait for it, although its lookup is held by the lock.
      const refreshed = principalFromApiKey(db.dataSource, plain, new Date(t + API_KEY_REFRESH_MS + 1));
      expect(await settled(refreshed)).toBe(true);
      expect((await refreshed)?.id).toBe(key.id);
      expect((await until(waiting, (xs) => xs.length > 0)).some((sql) => /FROM `api_keys`/i.test(sql))).toBe(true);
    } finally {
      await admin.query('UNLOCK TABLES');
    }
    // The refresh read the revocation: the key stops working before API_KEY_CACHE_MS is over.
    const after = await until(() => principalFromApiKey(db.dataSource, plain, new Date(t + API_KEY_REFRESH_MS + 2)), (p) => p === null);
    expect(after).toBeNull();
    expect(await principalFromApiKey(db.dataSource, plain, new Date(t + API_KEY_CACHE_MS + 1))).toBeNull();
  });

  it('answers before its lastUsedAt write commits, and writes it once the row is free', async () => {
    const { key, plain } = await createApiKey(db.dataSource, { name: 'used' });
    await admin.query('BEGIN');
    try {
      await admin.query('SELECT id FROM api_keys WHERE id = ? FOR UPDATE', [key.id]); // the row locked, the table readable
      const principal = principalFromApiKey(db.dataSource, plain);
      expect(await settled(principal)).toBe(true);
      expect((await principal)?.id).toBe(key.id);
      expect((await until(waiting, (xs) => xs.length > 0)).some((sql) => /UPDATE `api_keys`/i.test(sql))).toBe(true);
    } finally {
      await admin.query('COMMIT');
    }
    const row = await until(() => db.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id: key.id }), (k) => k.lastUsedAt !== null);
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('refuses an unknown key, and a key created after it is found', async () => {
    expect(await principalFromApiKey(db.dataSource, 'sgk_not-a-key')).toBeNull();
    const { plain } = await createApiKey(db.dataSource, { name: 'later' });
    expect(await principalFromApiKey(db.dataSource, plain)).not.toBeNull();
  });
});
