import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

describe('the MariaDB connection pool', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase('mariadb'); });
  afterAll(async () => { await db?.drop(); });

  /** Ten queries at once, each holding its connection for 50 ms: the ids of the connections they ran on. */
  const burst = async () => new Set((await Promise.all(Array.from({ length: 10 }, () => db.dataSource.query('SELECT CONNECTION_ID() AS id, SLEEP(0.05) AS s'))))
    .map(([row]) => Number(row.id)));

  it('keeps idle connections open between bursts instead of reconnecting', async () => {
    const first = await burst();
    expect(first.size).toBe(10);
    // mysql2 with maxIdle below the pool size closes one free connection beyond it every second.
    await new Promise((r) => setTimeout(r, 2_500));
    const second = await burst();
    expect([...second].filter((id) => !first.has(id))).toEqual([]);
  });
});
