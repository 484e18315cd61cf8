// Customer and event files: canonical headers, attributes, flags, duplicates, re-imports, erasure.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { importFile, tempDir } from '../helpers/imports.js';
import { toCsv } from '../helpers/order-fixtures.js';

const CUSTOMERS = [
  ['customer_id', 'email', 'name', 'country', 'city', 'gender', 'birth_date', 'signup_date', 'consent_email', 'opted_out_sms', 'loyalty_tier'],
  ['17850', 'ann@example.com', 'Ann Smith', 'United Kingdom', 'London', 'F', '1980-02-29', '2010-07-01 09:30', 'yes', '0', 'gold'],
  ['12583.0', '', 'Jean Dupont', 'France', 'Paris', 'M', '3/15/1975', '', 'no', '1', ''],
  ['13047', 'not-an-email', 'Bad Mail', 'United Kingdom', '', '', '', '', '', '', ''],
  ['17850', 'again@example.com', 'Ann Again', '', '', '', '', '', '', '', ''],
  ['14000', 'x@example.com', 'Bad Flag', '', '', '', '', '', 'perhaps', '', ''],
];

const EVENTS = [
  ['event_id', 'customer_id', 'session_id', 'type', 'product', 'category', 'occurred_at'],
  ['e-1', '17850', 's1', 'page_view', '', 'home', '2011-06-01 10:00:00'],
  ['e-2', '17850', 's1', 'product_view', '85123a', 'lights', '2011-06-01 10:01:00'],
  ['', '99999', 's2', 'add_to_cart', '22423', 'kitchen', '6/1/2011 10:02'],
  ['', '99999', 's2', 'add_to_cart', '22423', 'kitchen', '6/1/2011 10:02'], // same content: duplicate
  ['', '', 's3', 'search', '', '', '2011-06-01 10:03:00'],
  ['e-1', '17850', 's1', 'page_view', '', 'home', '2011-06-01 10:00:00'], // same id: duplicate
  ['e-9', '17850', 's1', 'teleport', '', '', '2011-06-01 10:04:00'], // bad type
  ['e-10', '', '', 'page_view', '', '', '2011-06-01 10:05:00'], // no customer nor session
];

describe.each(TEST_DIALECTS)('customers and events on %s', (dialect) => {
  let db: TestDatabase;
  const files = tempDir();
  // Each test starts from an empty database: none reads what another one wrote.
  beforeEach(async () => { db = await createTestDatabase(dialect); });
  afterEach(async () => { await db?.drop(); });
  afterAll(() => files.remove());

  it('imports customers with flags, dates and attributes; rejects bad values; skips repeats', async () => {
    const file = files.write('customers.csv', toCsv(CUSTOMERS));
    const report = await importFile(db, { kind: 'customers', filePath: file, timezone: 'Europe/London' });
    expect(report).toMatchObject({
      layout: 'canonical', rowsRead: 5, rowsImported: 2, rowsSkipped: 1, rowsRejected: 2,
      skipped: { duplicate_customer: 1 }, rejected: { bad_value: 2 }, totals: { customers: 2 },
    });
    const rows = await db.dataSource.query('SELECT external_id, email, name, birth_date, signup_at, consent_email, opted_out_sms, attributes FROM customers ORDER BY external_id');
    expect(rows.map((r: Record<string, unknown>) => r.external_id)).toEqual(['12583', '17850']);
    const ann = rows[1];
    expect([ann.email, ann.name, Number(ann.consent_email), Number(ann.opted_out_sms), JSON.parse(ann.attributes)]).toEqual(['ann@example.com', 'Ann Smith', 1, 0, { loyalty_tier: 'gold' }]);
    expect(String(ann.birth_date instanceof Date ? ann.birth_date.toISOString().slice(0, 10) : ann.birth_date).slice(0, 10)).toBe('1980-02-29');
    const signup = ann.signup_at instanceof Date ? ann.signup_at : new Date(`${String(ann.signup_at).replace(' ', 'T')}Z`);
    expect(signup.toISOString()).toBe('2010-07-01T08:30:00.000Z');
    expect([rows[0].email, Number(rows[0].opted_out_sms), rows[0].attributes]).toEqual([null, 1, null]);
  });

  it('re-imports without creating anything, and never restores an erased customer', async () => {
    await importFile(db, { kind: 'customers', filePath: files.write('customers.csv', toCsv(CUSTOMERS)), timezone: 'Europe/London' });
    await db.dataSource.query(`UPDATE customers SET email = NULL, name = NULL, attributes = NULL, erased_at = created_at WHERE external_id = '17850'`);
    const report = await importFile(db, { kind: 'customers', filePath: files.write('again.csv', toCsv(CUSTOMERS)) });
    expect(report.rowsImported).toBe(2);
    const [count] = await db.dataSource.query('SELECT COUNT(*) AS n FROM customers');
    expect(Number(count.n)).toBe(2);
    const [ann] = await db.dataSource.query(`SELECT email, name, attributes FROM customers WHERE external_id = '17850'`);
    expect(ann).toEqual({ email: null, name: null, attributes: null });
  });

  it('imports events, keyed by id or content, creating bare customers and products they name', async () => {
    const file = files.write('events.csv', toCsv(EVENTS));
    const report = await importFile(db, { kind: 'events', filePath: file, timezone: 'Europe/London' });
    expect(report).toMatchObject({
      rowsRead: 8, rowsImported: 4, rowsSkipped: 2, rowsRejected: 2,
      skipped: { duplicate_event: 2 }, rejected: { bad_value: 1, missing_value: 1 }, totals: { events: 4, customers: 2, products: 2 },
    });
    const events = await db.dataSource.query(
      `SELECT e.event_key, e.type, c.external_id AS customer, p.stock_code AS product, e.occurred_at FROM events e
         LEFT JOIN customers c ON c.id = e.customer_id LEFT JOIN products p ON p.id = e.product_id ORDER BY e.occurred_at`);
    expect(events.map((e: Record<string, unknown>) => [e.type, e.customer, e.product])).toEqual([
      ['page_view', '17850', null], ['product_view', '17850', '85123A'], ['add_to_cart', '99999', '22423'], ['search', null, null],
    ]);
    expect(events[0].event_key).toBe('e-1');
    expect(events[2].event_key).toMatch(/^[0-9a-f]{64}$/);

    const again = await importFile(db, { kind: 'events', filePath: file, timezone: 'Europe/London' });
    expect(again.rowsImported).toBe(4);
    const [count] = await db.dataSource.query('SELECT COUNT(*) AS n FROM events');
    expect(Number(count.n)).toBe(4);
  });
});
