// Skipped rows are stored as blocks of varint-coded line numbers (import_skipped_lines); the issues
// CSV merges them with rejected rows, and with skips written one row each before that table existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamRowIssuesCsv, decodeSkippedLines, SkippedLines, SkippedLinesBlock } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { collect, importFile, tempDir } from '../helpers/imports.js';

describe('skipped-lines blocks', () => {
  it('decode to the lines they were given, for gaps from 1 to 2^31', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let round = 0; round < 50; round++) {
      const block = new SkippedLinesBlock('r', null, 'why');
      const lines: number[] = [];
      let line = 1 + Math.floor(random() * 1000);
      for (let i = 0; i < 500; i++) {
        lines.push(line);
        block.add(line);
        const bits = Math.floor(random() * 32);
        line += 1 + Math.floor(random() * 2 ** bits);
      }
      expect([...decodeSkippedLines(block.firstLine, block.encoded())]).toEqual(lines);
      expect([block.count, block.lastLine]).toEqual([lines.length, lines[lines.length - 1]]);
    }
  });

  it('refuses lines out of order, and a truncated blob', () => {
    const block = new SkippedLinesBlock('r', null, 'why');
    block.add(10);
    expect(() => block.add(10)).toThrow(/must increase/);
    block.add(300);
    expect(() => [...decodeSkippedLines(10, block.encoded().subarray(0, 1))]).toThrow(/truncated/);
  });

  it('groups a batch by rule, column and reason', () => {
    const skipped = new SkippedLines();
    skipped.add(2, 'a', 'X', 'because');
    skipped.add(3, 'b', 'Y', 'since');
    skipped.add(5, 'a', 'X', 'because');
    skipped.add(6, 'a', null, 'because');
    expect(skipped.blocks.map((b) => [b.rule, b.column, b.firstLine, b.count])).toEqual([['a', 'X', 2, 2], ['b', 'Y', 3, 1], ['a', null, 6, 1]]);
    expect(skipped.length).toBe(4);
  });
});

describe.each(TEST_DIALECTS)('row issues CSV from blocks and rows on %s', (dialect) => {
  let db: TestDatabase;
  const files = tempDir();
  beforeAll(async () => { db = await createTestDatabase(dialect); });
  afterAll(async () => { await db?.drop(); files.remove(); });

  it('lists every skipped and rejected line in line order, across batches whose blocks overlap', async () => {
    const rows: string[] = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
    const expected: string[] = [];
    for (let i = 0; i < 60; i++) {
      const line = i + 2;
      const invoice = String(540000 + Math.floor(i / 5));
      switch (i % 5) {
        case 0: rows.push(`${invoice},85123A,HEART,6,2011-06-01 10:00,2.55,17850,United Kingdom`); break;
        case 1: rows.push(`${invoice},85123A,HEART,6,2011-06-01 10:00,2.55,17850,United Kingdom`);
          expected.push(`${line},InvoiceNo,skipped,duplicate_line,"same invoice, stock code, quantity and price as an earlier line"`); break;
        case 2: rows.push(`${invoice},22423,CAKESTAND,2,2011-06-01 10:00,12.75,,United Kingdom`);
          expected.push(`${line},CustomerID,skipped,missing_customer_id,no customer id`); break;
        case 3: rows.push(`${invoice},POST,POSTAGE,1,2011-06-01 10:00,18.00,17850,United Kingdom`);
          expected.push(`${line},StockCode,skipped,non_product_code,"stock code is not merchandise (postage, fee, adjustment, voucher…)"`); break;
        case 4: rows.push(`${invoice},22423,CAKESTAND,x${i},2011-06-01 10:00,12.75,17850,United Kingdom`);
          expected.push(`${line},Quantity,rejected,bad_number,"not a whole number: ""x${i}"""`); break;
      }
    }
    const file = files.write('issues.csv', rows.join('\n') + '\n');
    // Batches of 7 rows: every batch holds several rules, and blocks of one batch interleave.
    const report = await importFile(db, { kind: 'orders', filePath: file, timezone: 'Europe/London' }, { batchRows: 7 });
    expect([report.rowsImported, report.rowsSkipped, report.rowsRejected]).toEqual([12, 36, 12]);
    const [{ blocks }] = await db.dataSource.query('SELECT COUNT(*) AS blocks FROM import_skipped_lines WHERE import_id = ?', [report.importId]);
    expect(Number(blocks)).toBeGreaterThan(9 * 2); // about 3 rules in each of 9 batches

    // A skip recorded one row each, as before import_skipped_lines: merged in its place.
    await db.dataSource.query(`INSERT INTO import_row_issues (import_id, line, column_name, severity, rule, reason) VALUES (?, 2, 'CustomerID', 'skipped', 'missing_customer_id', 'no customer id')`, [report.importId]);
    expected.unshift('2,CustomerID,skipped,missing_customer_id,no customer id');

    const csv = await collect(streamRowIssuesCsv(db.dataSource, report.importId));
    expect(csv).toBe(['line,column,severity,rule,reason', ...expected].join('\n') + '\n');
  });
});
