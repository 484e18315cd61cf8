// Files the import cannot use: a clear IMPORT_INVALID error, and nothing written.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/src/errors.js';
import { createImportRun, executeImport, getImportReport, type CreateImportInput } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { commerceState, importFile, tempDir } from '../helpers/imports.js';
import { ORDER_HEADER, ORDER_ROWS, toCsv } from '../helpers/order-fixtures.js';

const goodCsv = () => toCsv([ORDER_HEADER, ...ORDER_ROWS]);

describe.each(TEST_DIALECTS)('bad files on %s', (dialect) => {
  let db: TestDatabase;
  let emptyState: Record<string, string>;
  const files = tempDir();
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    emptyState = await commerceState(db.dataSource);
  });
  afterAll(async () => { await db?.drop(); files.remove(); });

  /** The run fails with IMPORT_INVALID matching `message`, and the commerce tables stay as they were. */
  async function expectRejected(input: CreateImportInput, message: RegExp): Promise<void> {
    const run = await createImportRun(db.dataSource, input, db.config);
    const failure = await executeImport(db.dataSource, run.id, { config: db.config }).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('IMPORT_INVALID');
    expect((failure as AppError).message).toMatch(message);
    const report = await getImportReport(db.dataSource, run.id);
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(message);
    expect(await commerceState(db.dataSource)).toEqual(emptyState);
  }

  it('refuses an empty file before creating a run', async () => {
    const file = files.write('empty.csv', '');
    await expect(createImportRun(db.dataSource, { kind: 'orders', filePath: file }, db.config)).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: /empty/ });
    await expectRejected({ kind: 'orders', filePath: files.write('blank.csv', '\n \r\n\n') }, /empty/);
  });

  it('refuses a missing file and a file over the size limit', async () => {
    await expect(createImportRun(db.dataSource, { kind: 'orders', filePath: files.write('x', 'x') + '.missing' }, db.config)).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: /not found/ });
    const file = files.write('big.csv', goodCsv());
    await expect(createImportRun(db.dataSource, { kind: 'orders', filePath: file }, { importMaxBytes: 100 })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: /over the import limit of 100/ });
    const run = await createImportRun(db.dataSource, { kind: 'orders', filePath: file }, db.config);
    await expect(executeImport(db.dataSource, run.id, { config: { importMaxBytes: 100 } })).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    expect(await commerceState(db.dataSource)).toEqual(emptyState);
  });

  it('refuses a header without rows', async () => {
    await expectRejected({ kind: 'orders', filePath: files.write('header.csv', ORDER_HEADER.join(',') + '\r\n\r\n') }, /header but no data rows/);
  });

  it('refuses an unknown layout without a mapping, naming the columns', async () => {
    await expectRejected({ kind: 'orders', filePath: files.write('unknown.csv', 'a,b,c\n1,2,3\n') }, /Unrecognised orders file layout: columns a, b, c/);
  });

  it('refuses binary junk', async () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    await expectRejected({ kind: 'orders', filePath: files.write('junk.bin', junk) }, /binary content/);
    await expectRejected({ kind: 'orders', filePath: files.write('utf16.csv', Buffer.from('\uFEFFInvoiceNo,StockCode\n', 'utf16le')) }, /UTF-16/);
    await expectRejected({ kind: 'orders', filePath: files.write('fake.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), junk])) }, /xlsx workbook cannot be read/);
  });

  it('refuses invalid UTF-8 naming the line, and reads the same file as latin1 when told', async () => {
    const rows = [ORDER_HEADER, ...ORDER_ROWS.slice(0, 1), ['540010', '21000', 'GIFT VOUCHER £10', '1', '2011-06-01 10:00:00', '10', '17850', 'United Kingdom']];
    const latin1 = Buffer.from(toCsv(rows), 'latin1');
    const file = files.write('latin1.csv', latin1);
    await expectRejected({ kind: 'orders', filePath: file }, /not valid UTF-8: invalid byte sequence on line 3\b/);
    const report = await importFile(db, { kind: 'orders', filePath: file, encoding: 'latin1' });
    expect(report.rowsImported).toBe(2);
    const [product] = await db.dataSource.query(`SELECT description FROM products WHERE stock_code = '21000'`);
    expect(product.description).toBe('GIFT VOUCHER £10');
    for (const table of ['order_lines', 'orders', 'products', 'customers']) await db.dataSource.query(`DELETE FROM ${table}`);
    for (const table of ['import_row_issues', 'import_skipped_lines']) await db.dataSource.query(`DELETE FROM ${table}`);
  });

  it('refuses truncated gzip data', async () => {
    const gz = zlib.gzipSync(goodCsv().repeat(50));
    await expectRejected({ kind: 'orders', filePath: files.write('cut.csv.gz', gz.subarray(0, gz.length - 40)) }, /gzip data is corrupt or truncated/);
  });

  it('refuses bad options before creating a run', async () => {
    const file = files.write('ok.csv', goodCsv());
    await expect(createImportRun(db.dataSource, { kind: 'orders', filePath: file, timezone: 'Mars/Olympus' }, db.config)).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: /time zone/ });
    await expect(createImportRun(db.dataSource, { kind: 'refunds' as 'orders', filePath: file }, db.config)).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    await expect(createImportRun(db.dataSource, { kind: 'orders', filePath: file, delimiter: ';;' }, db.config)).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    await expectRejected({ kind: 'orders', filePath: file, mapping: { invoice_no: 'Nope' } }, /Mapped column\(s\) not in the file: Nope/);
  });
});
