import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { CustomerEntity } from '../server/src/modules/customers/customer.entity.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';

describe('toolchain', () => {
  it('keeps decorator metadata (TypeORM and type-graphql depend on it)', () => {
    expect(Reflect.getMetadata('design:type', CustomerEntity.prototype, 'externalId')).toBe(String);
  });
});

describe.each(TEST_DIALECTS)('migrations on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(dialect); });
  afterAll(async () => { await db?.drop(); });

  it('creates every table and records each migration once', async () => {
    const tables = ['customers', 'products', 'orders', 'order_lines', 'events', 'jobs', 'imports', 'import_row_issues', 'users', 'sessions', 'api_keys', 'audit_log'];
    const runner = db.dataSource.createQueryRunner();
    try {
      for (const table of tables) expect(await runner.hasTable(table), table).toBe(true);
    } finally {
      await runner.release();
    }
    expect(await db.dataSource.showMigrations()).toBe(false);
    await db.dataSource.runMigrations();
    const rows = await db.dataSource.query('SELECT COUNT(*) AS n FROM migrations');
    expect(Number(rows[0].n)).toBe(db.dataSource.migrations.length);
  });

  it('round-trips money, dates and booleans', async () => {
    const repo = db.dataSource.getRepository(CustomerEntity);
    const now = new Date('2011-12-09T12:50:00.000Z');
    await repo.save(repo.create({ externalId: 'c-1', email: 'a@example.com', consentEmail: true, createdAt: now, updatedAt: now, attributes: { tier: 'gold' } }));
    const back = await repo.findOneByOrFail({ externalId: 'c-1' });
    expect(back.consentEmail).toBe(true);
    expect(back.optedOutEmail).toBe(false);
    expect(back.createdAt.toISOString()).toBe(now.toISOString());
    expect(back.attributes).toEqual({ tier: 'gold' });
  });
});
