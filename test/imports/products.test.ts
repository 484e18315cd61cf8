// The products import: a catalogue file sets category, brand, price and active per stock code.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../server/src/modules/features/index.js';
import { ImportRowIssueEntity } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { importFile, tempDir } from '../helpers/imports.js';
import { toCsv } from '../helpers/order-fixtures.js';

const CATALOGUE = [
  ['SKU', 'Description', 'Category Path', 'Brand', 'Price', 'Active'],
  ['85123a', 'White hanging heart', 'Home > Decor > Lights', 'Hearts & Co', '2.55', 'yes'], // line 2: code upper-cased
  ['22423', 'Regency cakestand', ' Home>Kitchen >  Cake stands ', '', '12.75', ''], // line 3: spacing normalised, active by default
  ['', 'No code', 'Home', '', '1', '1'], // line 4: missing code
  ['85123A', 'Again', 'Home', '', '1', '1'], // line 5: duplicate code in the file
  ['21000', 'Negative', 'Toys', '', '-3.00', '1'], // line 6: negative price
  ['21001', 'Bad path', 'Toys >  > Cars', '', '1', '1'], // line 7: empty level
  ['21002', 'Bad flag', 'Toys', '', '1', 'maybe'], // line 8: bad active
  ['21003', 'Bad price', 'Toys', '', 'abc', '1'], // line 9: not a number
  ['POST', 'Postage', '', '', '', 'no'], // line 10: no category, no price, not sold
];

describe.each(TEST_DIALECTS)('products import on %s', (dialect) => {
  let db: TestDatabase;
  const files = tempDir();
  beforeEach(async () => { db = await createTestDatabase(dialect); });
  afterEach(async () => { await db?.drop(); });
  afterAll(() => files.remove());

  const products = async () => (await db.dataSource.query('SELECT stock_code, description, category, category_path, brand, price, active FROM products ORDER BY stock_code'))
    .map((r: Record<string, unknown>) => [r.stock_code, r.description, r.category, r.category_path, r.brand, r.price === null ? null : Number(r.price), Number(r.active)]);

  it('imports good rows, reports each bad one by line and column, and changes nothing when run again', async () => {
    const file = files.write('catalogue.csv', toCsv(CATALOGUE));
    const report = await importFile(db, { kind: 'products', filePath: file });
    expect(report).toMatchObject({
      status: 'succeeded', layout: 'canonical', rowsRead: 9, rowsImported: 3, rowsRejected: 6,
      rejected: { missing_value: 1, duplicate_code: 1, negative_price: 1, bad_value: 2, bad_number: 1 },
      totals: { products: 3, productsCreated: 3, productsUpdated: 0 },
    });
    const expected = [
      ['22423', 'Regency cakestand', 'Home', 'Home > Kitchen > Cake stands', null, 12.75, 1],
      ['85123A', 'White hanging heart', 'Home', 'Home > Decor > Lights', 'Hearts & Co', 2.55, 1],
      ['POST', 'Postage', null, null, null, null, 0],
    ];
    expect(await products()).toEqual(expected);
    const issues = await db.dataSource.getRepository(ImportRowIssueEntity).find({ where: { importId: report.importId }, order: { line: 'ASC' } });
    expect(issues.map((i) => [i.line, i.column, i.rule])).toEqual([
      [4, 'SKU', 'missing_value'], [5, 'SKU', 'duplicate_code'], [6, 'Price', 'negative_price'],
      [7, 'Category Path', 'bad_value'], [8, 'Active', 'bad_value'], [9, 'Price', 'bad_number'],
    ]);
    expect(issues.find((i) => i.line === 5)?.reason).toMatch(/already on line 2/);

    const again = await importFile(db, { kind: 'products', filePath: files.write('catalogue-again.csv', toCsv(CATALOGUE)) });
    expect(again.totals).toMatchObject({ products: 3, productsCreated: 0, productsUpdated: 3 });
    expect(await products()).toEqual(expected);
  });

  it('sets the category of products that orders created, keeping their descriptions, and category features read it', async () => {
    await importFile(db, { kind: 'orders', filePath: files.write('orders.csv', toCsv([
      ['invoice_no', 'stock_code', 'description', 'quantity', 'ordered_at', 'unit_price', 'customer_id', 'country'],
      ['536365', '85123A', 'WHITE HANGING HEART', '6', '2010-12-01 08:26', '2.55', '17850', 'United Kingdom'],
      ['536365', '71053', 'WHITE METAL LANTERN', '6', '2010-12-01 08:26', '3.39', '17850', 'United Kingdom'],
    ])) });
    const before = await db.dataSource.query(`SELECT COUNT(*) AS n FROM products WHERE category IS NOT NULL`);
    expect(Number(before[0].n)).toBe(0);
    await importFile(db, { kind: 'products', filePath: files.write('c.csv', toCsv([['stock_code', 'category'], ['85123A', 'Home > Decor'], ['71053', 'Garden']])) });
    const rows = await db.dataSource.query(`SELECT stock_code, description, category FROM products ORDER BY stock_code`);
    // A catalogue without descriptions keeps the ones the orders gave.
    expect(rows.map((r: Record<string, unknown>) => [r.stock_code, r.description, r.category])).toEqual([['71053', 'WHITE METAL LANTERN', 'Garden'], ['85123A', 'WHITE HANGING HEART', 'Home']]);
    // 6 × 2.55 = 15.30 in Home, 6 × 3.39 = 20.34 in Garden; shares are stored to four places.
    const [features] = await computeFeatures(db.dataSource, new Date('2011-01-01T00:00:00Z'), 0);
    expect(features.topCategory).toBe('Garden');
    expect(features.categoryShares).toEqual({ Garden: expect.closeTo(20.34 / 35.64, 4), Home: expect.closeTo(15.3 / 35.64, 4) });
  });

  it('refuses a file without a stock code column', async () => {
    await expect(importFile(db, { kind: 'products', filePath: files.write('no-code.csv', toCsv([['description'], ['x']])) })).rejects.toThrow(/stock_code/);
  });
});
