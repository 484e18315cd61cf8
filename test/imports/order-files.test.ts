// Orders from CSV variants, gzip and xlsx, dates and zones, mappings and overlapping files.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { streamRowIssuesCsv, type ImportReport } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { collect, commerceState, importFile, tempDir } from '../helpers/imports.js';
import { gzipTabVariant, ORDER_EXPECTED, ORDER_HEADER, ORDER_ROWS, semicolonVariant, toCsv, xlsxVariant } from '../helpers/order-fixtures.js';

const counters = (report: ImportReport) => ({
  rowsRead: report.rowsRead, rowsImported: report.rowsImported, rowsSkipped: report.rowsSkipped, rowsRejected: report.rowsRejected,
  skipped: report.skipped, rejected: report.rejected, flagged: report.flagged, totals: report.totals,
});

describe.each(TEST_DIALECTS)('order files on %s', (dialect) => {
  let db: TestDatabase;
  const files = tempDir();
  beforeAll(async () => { db = await createTestDatabase(dialect); });
  afterAll(async () => { await db?.drop(); files.remove(); });
  beforeEach(async () => {
    for (const table of ['order_lines', 'orders', 'products', 'customers', 'events', 'import_row_issues', 'import_skipped_lines', 'imports']) await db.dataSource.query(`DELETE FROM ${table}`);
  });

  const orderTime = async (invoice: string): Promise<string> => {
    const [row] = await db.dataSource.query('SELECT ordered_at AS t FROM orders WHERE invoice_no = ?', [invoice]);
    const value = row.t instanceof Date ? row.t : new Date(`${String(row.t).replace(' ', 'T')}Z`);
    return value.toISOString();
  };

  it('imports a comma CSV, applying every rule and converting UK time to UTC', async () => {
    const file = files.write('orders.csv', toCsv([ORDER_HEADER, ...ORDER_ROWS]));
    const report = await importFile(db, { kind: 'orders', filePath: file, timezone: 'Europe/London' });
    expect(counters(report)).toEqual(ORDER_EXPECTED);
    expect(report).toMatchObject({ format: 'csv', delimiter: ',', layout: 'online_retail', status: 'succeeded' });
    expect(await orderTime('540001')).toBe('2011-06-01T09:00:00.000Z'); // BST
    expect(await orderTime('540004')).toBe('2011-12-01T09:00:00.000Z'); // GMT
    const [order] = await db.dataSource.query(`SELECT total_amount, item_count, line_count, status FROM orders WHERE invoice_no = '540001'`);
    expect([Number(order.total_amount), Number(order.item_count), Number(order.line_count), order.status]).toEqual([35.64, 12, 2, 'completed']);
    const [cancelled] = await db.dataSource.query(`SELECT total_amount, status FROM orders WHERE invoice_no = 'C540002'`);
    expect([Number(cancelled.total_amount), cancelled.status]).toEqual([-5.1, 'cancelled']);
    const [product] = await db.dataSource.query(`SELECT description FROM products WHERE stock_code = '85123A'`);
    expect(product.description).toBe('WHITE HANGING HEART T-LIGHT HOLDER');

    // The quoted newline makes row 2 span lines 3–4: the duplicate starts on line 5.
    const csv = await collect(streamRowIssuesCsv(db.dataSource, report.importId));
    expect(csv.trimEnd().split('\n')).toEqual([
      'line,column,severity,rule,reason',
      '5,InvoiceNo,skipped,duplicate_line,"same invoice, stock code, quantity and price as an earlier line"',
      '8,CustomerID,skipped,missing_customer_id,no customer id',
      '9,StockCode,skipped,non_product_code,"stock code is not merchandise (postage, fee, adjustment, voucher…)"',
      '11,Quantity,rejected,bad_number,"not a whole number: ""two"""',
      '12,InvoiceDate,rejected,bad_date,"not a date: ""2011-13-01 09:00:00"" (expected YYYY-MM-DD HH:MM[:SS] or M/D/YYYY H:MM)"',
    ]);
  });

  it('reads semicolons, BOM, CRLF, decimal commas and M/D/YYYY dates the same way', async () => {
    const report = await importFile(db, { kind: 'orders', filePath: files.write('orders-eu.csv', semicolonVariant()), timezone: 'Europe/London' });
    expect(counters(report)).toEqual(ORDER_EXPECTED);
    expect(report.delimiter).toBe(';');
    expect(await orderTime('540001')).toBe('2011-06-01T09:00:00.000Z');
  });

  it('reads gzip-compressed tab-separated text, detected by its magic bytes', async () => {
    const report = await importFile(db, { kind: 'orders', filePath: files.write('orders.txt', gzipTabVariant()), timezone: 'Europe/London' });
    expect(counters(report)).toEqual(ORDER_EXPECTED);
    expect(report).toMatchObject({ format: 'csv.gz', delimiter: '\t' });
  });

  it('reads .xlsx with Excel dates', async () => {
    const report = await importFile(db, { kind: 'orders', filePath: files.write('orders.xlsx', await xlsxVariant()), timezone: 'Europe/London' });
    expect(counters(report)).toEqual(ORDER_EXPECTED);
    expect(report.format).toBe('xlsx');
    expect(await orderTime('540001')).toBe('2011-06-01T09:00:00.000Z');
    expect(await orderTime('540004')).toBe('2011-12-01T09:00:00.000Z');
  });

  it('gives every variant the same end state', async () => {
    await importFile(db, { kind: 'orders', filePath: files.write('a.csv', toCsv([ORDER_HEADER, ...ORDER_ROWS])), timezone: 'Europe/London' });
    const state = await commerceState(db.dataSource);
    for (const [name, content] of [['b.csv', semicolonVariant()], ['c.gz', gzipTabVariant()], ['d.xlsx', await xlsxVariant()]] as const) {
      await importFile(db, { kind: 'orders', filePath: files.write(name, content), timezone: 'Europe/London' });
      expect({ ...(await commerceState(db.dataSource)), issues: '' }, name).toEqual({ ...state, issues: '' });
    }
  });

  it('reads a declared date format strictly: a value not in it is a row issue naming line and column', async () => {
    const rows = [
      ['540101', '85123A', 'HEART', '6', '01.06.2011 10:00', '2.55', '17850', 'United Kingdom'],
      ['540102', '85123A', 'HEART', '6', '2011-06-01 10:00:00', '2.55', '17850', 'United Kingdom'], // ISO: not the declared format
      ['540103', '85123A', 'HEART', '6', '31.02.2011 10:00', '2.55', '17850', 'United Kingdom'], // no 31 February
      ['540104', '85123A', 'HEART', '6', '06/01/2011 10:00', '2.55', '17850', 'United Kingdom'], // M/D/YYYY: not the declared format
      ['540105', '85123A', 'HEART', '6', '02.12.2011 09:30', '2.55', '17850', 'United Kingdom'],
    ];
    const report = await importFile(db, { kind: 'orders', filePath: files.write('orders-de.csv', toCsv([ORDER_HEADER, ...rows])), timezone: 'Europe/London', dateFormat: 'DD.MM.YYYY HH:mm' });
    expect([report.rowsImported, report.rowsRejected, report.rejected.bad_date, report.dateFormat]).toEqual([2, 3, 3, 'DD.MM.YYYY HH:mm']);
    expect(await orderTime('540101')).toBe('2011-06-01T09:00:00.000Z'); // BST
    expect(await orderTime('540105')).toBe('2011-12-02T09:30:00.000Z'); // GMT
    const csv = await collect(streamRowIssuesCsv(db.dataSource, report.importId));
    expect(csv.trimEnd().split('\n')).toEqual([
      'line,column,severity,rule,reason',
      '3,InvoiceDate,rejected,bad_date,"not a date in the declared format DD.MM.YYYY HH:mm: ""2011-06-01 10:00:00"""',
      '4,InvoiceDate,rejected,bad_date,"not a date in the declared format DD.MM.YYYY HH:mm: ""31.02.2011 10:00"""',
      '5,InvoiceDate,rejected,bad_date,"not a date in the declared format DD.MM.YYYY HH:mm: ""06/01/2011 10:00"""',
    ]);
    // US month-first, date only.
    const us = await importFile(db, { kind: 'orders', filePath: files.write('orders-us.csv', toCsv([ORDER_HEADER, ['540201', '85123A', 'HEART', '6', '12/02/2011', '2.55', '17850', 'United Kingdom']])), dateFormat: 'MM/DD/YYYY' });
    expect(us.rowsImported).toBe(1);
    expect(await orderTime('540201')).toBe('2011-12-02T00:00:00.000Z');
  });

  it('refuses an unusable date format before reading the file', async () => {
    const file = files.write('any.csv', toCsv([ORDER_HEADER, ...ORDER_ROWS]));
    await expect(importFile(db, { kind: 'orders', filePath: file, dateFormat: 'DD.MM' })).rejects.toThrow(/date format "DD.MM" has no year/);
    await expect(importFile(db, { kind: 'orders', filePath: file, dateFormat: 'DD de MM YYYY' })).rejects.toThrow(/" de " is neither a token/);
    expect(Number((await db.dataSource.query('SELECT COUNT(*) AS n FROM imports'))[0].n)).toBe(0);
  });

  it('stores times as given when no zone is declared (UTC)', async () => {
    await importFile(db, { kind: 'orders', filePath: files.write('utc.csv', toCsv([ORDER_HEADER, ...ORDER_ROWS])) });
    expect(await orderTime('540001')).toBe('2011-06-01T10:00:00.000Z');
  });

  it('reads Online Retail II without configuration', async () => {
    const header = ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'];
    const report = await importFile(db, { kind: 'orders', filePath: files.write('ii.csv', toCsv([header, ...ORDER_ROWS])) });
    expect(report.layout).toBe('online_retail_ii');
    expect(counters(report)).toEqual(ORDER_EXPECTED);
  });

  it('imports an unknown layout through a column mapping, ignoring other columns', async () => {
    const header = ['order_ref', 'sku', 'label', 'qty', 'placed', 'each', 'client', 'nation', 'channel'];
    const file = files.write('custom.csv', toCsv([header, ...ORDER_ROWS.map((r) => [...r, 'web'])], { delimiter: '|' }));
    const mapping = { invoice_no: 'order_ref', stock_code: 'sku', description: 'label', quantity: 'qty', ordered_at: 'placed', unit_price: 'each', customer_id: 'client', country: 'nation' };
    const report = await importFile(db, { kind: 'orders', filePath: file, mapping, timezone: 'Europe/London' });
    expect(report.layout).toBe('mapping');
    expect(report.ignoredColumns).toEqual(['channel']);
    expect(counters(report)).toEqual(ORDER_EXPECTED);
  });

  it('upserts an overlapping file: shared lines once, totals recomputed from all lines', async () => {
    const first = ORDER_ROWS.slice(0, 2);
    const second = [ORDER_ROWS[1], ['540001', '22423', 'REGENCY CAKESTAND', '1', '2011-06-01 10:00:00', '12.75', '17850', 'United Kingdom'], ORDER_ROWS[6]];
    await importFile(db, { kind: 'orders', filePath: files.write('first.csv', toCsv([ORDER_HEADER, ...first])) });
    const report = await importFile(db, { kind: 'orders', filePath: files.write('second.csv', toCsv([ORDER_HEADER, ...second])) });
    expect(report.rowsImported).toBe(3);
    const state = await commerceState(db.dataSource);
    expect(state).toMatchObject({ orders: '2', lines: '4', customers: '2', products: '3' });
    const [order] = await db.dataSource.query(`SELECT total_amount, item_count, line_count FROM orders WHERE invoice_no = '540001'`);
    expect([Number(order.total_amount), Number(order.item_count), Number(order.line_count)]).toEqual([48.39, 13, 3]);
  });
});
