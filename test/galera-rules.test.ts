import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { isWriteConflict, withConflictRetry } from '../server/src/db/conflict-retry.js';

/**
 * What a Galera cluster requires of the schema and the write paths, checked on the single
 * development MariaDB: every table has a primary key (Galera replicates rows by key; a table
 * without one is refused or replicated badly), and a transaction that loses a write conflict —
 * a deadlock here, a certification failure at COMMIT on a cluster, the same errno — is run again.
 */
describe('Galera rules', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase('mariadb'); });
  afterAll(async () => { await db?.drop(); });

  it('every table has a primary key after all migrations', async () => {
    const tables: { table_name: string }[] = await db.dataSource.query(`SELECT t.TABLE_NAME AS table_name FROM information_schema.TABLES t
      WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
        AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c
          WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY')`);
    expect(tables.map((t) => t.table_name)).toEqual([]);
    const all: unknown[] = await db.dataSource.query(`SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`);
    expect(all.length).toBeGreaterThan(20);
    // Galera replicates InnoDB only.
    const other: { table_name: string; engine: string }[] = await db.dataSource.query(`SELECT TABLE_NAME AS table_name, ENGINE AS engine FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND ENGINE <> 'InnoDB'`);
    expect(other).toEqual([]);
  });

  it('a deadlocked transaction is recognised and run again until both commit', async () => {
    await db.dataSource.query('CREATE TABLE conflict_probe (id INT PRIMARY KEY, hits INT NOT NULL)');
    await db.dataSource.query('INSERT INTO conflict_probe VALUES (1, 0), (2, 0)');
    // Two transactions take the two rows in opposite orders, each pausing after its first
    // lock until the other holds its own: one of them must be chosen as the deadlock victim.
    let firstLocks = 0;
    const bothHoldOne = () => new Promise<void>((resolve) => {
      const check = () => (firstLocks >= 2 ? resolve() : setTimeout(check, 5));
      check();
    });
    const retries: number[] = [];
    const transfer = (from: number, to: number) => withConflictRetry(() => db.dataSource.transaction(async (m) => {
      await m.query('UPDATE conflict_probe SET hits = hits + 1 WHERE id = ?', [from]);
      firstLocks++;
      await bothHoldOne();
      await m.query('UPDATE conflict_probe SET hits = hits + 1 WHERE id = ?', [to]);
    }), { onRetry: (attempt) => retries.push(attempt) });
    await Promise.all([transfer(1, 2), transfer(2, 1)]);
    const rows: { id: number; hits: number }[] = await db.dataSource.query('SELECT id, hits FROM conflict_probe ORDER BY id');
    expect(rows.map((r) => Number(r.hits))).toEqual([2, 2]);
    expect(retries.length).toBeGreaterThanOrEqual(1);
  });

  it('other errors are not retried, and a conflict that persists is reported after the last try', async () => {
    let calls = 0;
    await expect(withConflictRetry(async () => { calls++; throw new Error('syntax'); })).rejects.toThrow('syntax');
    expect(calls).toBe(1);
    calls = 0;
    const deadlock = Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { errno: 1213, code: 'ER_LOCK_DEADLOCK' });
    await expect(withConflictRetry(async () => { calls++; throw deadlock; }, { attempts: 3, baseDelayMs: 1 })).rejects.toBe(deadlock);
    expect(calls).toBe(3);
    expect(isWriteConflict({ driverError: deadlock })).toBe(true);
    expect(isWriteConflict(new Error('SQLITE_BUSY: database is locked'))).toBe(true);
    expect(isWriteConflict(new Error('ER_DUP_ENTRY'))).toBe(false);
  });
});
