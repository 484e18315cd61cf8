import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
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
    const tables = ['customers', 'products', 'orders', 'order_lines', 'events', 'jobs', 'imports', 'import_row_issues', 'import_skipped_lines', 'users', 'sessions', 'api_keys', 'audit_log'];
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

describe.each(TEST_DIALECTS)('natural-key migrations (order_lines, import_row_issues) on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(dialect); });
  afterAll(async () => { await db?.drop(); });

  it('keeps every order line (old id as position) and row issue, and goes down again', async () => {
    const ds = db.dataSource;
    const names = ds.migrations.map((m) => m.name);
    expect(names.indexOf('ImportSkippedLines1764100016000') - names.indexOf('OrderLinesNaturalKey1764100014000')).toBe(2);
    for (let undo = names.length - names.indexOf('OrderLinesNaturalKey1764100014000'); undo > 0; undo--) await ds.undoLastMigration();
    await ds.query(`INSERT INTO products (stock_code, is_merchandise) VALUES ('P1', 1), ('P2', 1)`);
    await ds.query(`INSERT INTO orders (invoice_no, ordered_at, status) VALUES ('536365', '2010-12-01 08:26:00', 'completed')`);
    await ds.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price, amount, is_outlier) VALUES
      (1, 2, 6, 2.55, 15.30, 0), (1, 1, 8, 3.39, 27.12, 1)`);
    await ds.query(`INSERT INTO import_row_issues (import_id, line, column_name, severity, rule, reason) VALUES
      (7, 12, 'CustomerID', 'skipped', 'missing_customer_id', 'no customer id'), (7, 3, NULL, 'rejected', 'wrong_field_count', 'expected 8 fields, got 7')`);
    await ds.runMigrations();
    const issues = await ds.query('SELECT import_id, line, rule, column_name, severity, reason FROM import_row_issues ORDER BY line');
    expect(issues.map((i: Record<string, unknown>) => [Number(i.import_id), Number(i.line), i.rule, i.column_name, i.severity, i.reason])).toEqual([
      [7, 3, 'wrong_field_count', null, 'rejected', 'expected 8 fields, got 7'], [7, 12, 'missing_customer_id', 'CustomerID', 'skipped', 'no customer id']]);

    const lines = await ds.query('SELECT order_id, product_id, quantity, unit_price, amount, is_outlier, position FROM order_lines ORDER BY position');
    expect(lines.map((l: Record<string, unknown>) => [l.product_id, l.quantity, Number(l.unit_price), Number(l.amount), Number(l.is_outlier), l.position].map(Number)))
      .toEqual([[2, 6, 2.55, 15.3, 0, 1], [1, 8, 3.39, 27.12, 1, 2]]);
    // The natural key is the primary key now.
    await expect(ds.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price, amount, is_outlier) VALUES (1, 2, 6, 2.55, 1, 0)`)).rejects.toThrow();

    for (let undo = names.length - names.indexOf('OrderLinesNaturalKey1764100014000'); undo > 0; undo--) await ds.undoLastMigration();
    const back = await ds.query('SELECT id, product_id FROM order_lines ORDER BY id');
    expect(back.map((l: Record<string, unknown>) => [Number(l.id), Number(l.product_id)])).toEqual([[1, 2], [2, 1]]);
    await ds.runMigrations();
  });
});
