// What one import may cost: attribute keys and bytes per customer, gzip expansion, and how long uploads stay.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateParam } from '../../server/src/db/sql.js';
import { createImportRun, executeImport, sweepUploads, saveUpload } from '../../server/src/modules/imports/index.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../server/src/config/import-limits.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/imports.js';

describe.each(TEST_DIALECTS)('import input limits on %s', (dialect) => {
  let db: TestDatabase;
  const files = tempDir();
  beforeAll(async () => { db = await createTestDatabase(dialect); });
  afterAll(async () => { await db?.drop(); files.remove(); });

  const run = async (file: string, limits: Partial<ImportLimits> = {}) => {
    const created = await createImportRun(db.dataSource, { kind: 'customers', filePath: file }, db.config);
    const config = { importMaxBytes: db.config.importMaxBytes, importLimits: { ...DEFAULT_IMPORT_LIMITS, ...limits } };
    return { id: created.id, result: executeImport(db.dataSource, created.id, { config }) };
  };
  const issues = (importId: number) => db.dataSource.query('SELECT line, column_name, rule, reason FROM import_row_issues WHERE import_id = ? ORDER BY line', [importId]);
  const customers = async () => Number((await db.dataSource.query('SELECT COUNT(*) AS n FROM customers'))[0].n);

  it('rejects a customer row with too many attribute keys or bytes, naming row and column', async () => {
    const extra = Array.from({ length: 1000 }, (_, i) => `attr_${i}`);
    const lines = [
      ['external_id', 'email', ...extra].join(','),
      ['wide-1', 'wide1@example.com', ...extra.map(() => '1')].join(','),                                 // 1000 keys: over 50
      ['narrow-2', 'narrow2@example.com', ...extra.map((_, i) => (i < 3 ? 'x'.repeat(400) : ''))].join(','), // 3 keys, ~1240 bytes: over 1024
      ['fine-3', 'fine3@example.com', ...extra.map((_, i) => (i < 5 ? `ok${i}` : ''))].join(','),
    ];
    const { id, result } = await run(files.write('wide.csv', lines.join('\n') + '\n'), { maxAttributes: 50, maxAttributeBytes: 1024 });
    const report = await result;
    expect(report).toMatchObject({ rowsRead: 3, rowsImported: 1, rowsRejected: 2, rejected: { too_many_attributes: 1, attributes_too_large: 1 } });
    expect(await issues(id)).toEqual([
      { line: 2, column_name: 'attr_50', rule: 'too_many_attributes', reason: 'more than 50 attribute columns with a value (SEGMENTA_IMPORT_MAX_ATTRIBUTES)' },
      { line: 3, column_name: 'attr_2', rule: 'attributes_too_large', reason: 'attributes over 1024 bytes from this column on (SEGMENTA_IMPORT_MAX_ATTRIBUTE_BYTES)' },
    ]);
    const [fine] = await db.dataSource.query(`SELECT attributes FROM customers WHERE external_id = 'fine-3'`);
    expect(JSON.parse(fine.attributes)).toEqual({ attr_0: 'ok0', attr_1: 'ok1', attr_2: 'ok2', attr_3: 'ok3', attr_4: 'ok4' });
    expect(await db.dataSource.query(`SELECT external_id FROM customers WHERE external_id IN ('wide-1', 'narrow-2')`)).toEqual([]);
  });

  it('caps the default attributes too: a row of a thousand values is rejected', async () => {
    const extra = Array.from({ length: 1000 }, (_, i) => `col${i}`);
    const { id, result } = await run(files.write('thousand.csv', `external_id,${extra.join(',')}\nt-1,${extra.map(() => 'v').join(',')}\n`));
    // Its only row rejected, the import fails (nothing imported) and keeps the row issue that says why.
    await expect(result).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: /^Every row was rejected \(1 of 1\)/ });
    const [stored] = await db.dataSource.query('SELECT status, rows_rejected FROM imports WHERE id = ?', [id]);
    expect([stored.status, Number(stored.rows_rejected)]).toEqual(['failed', 1]);
    expect((await issues(id)).map((issue: { rule: string }) => issue.rule)).toEqual(['too_many_attributes']);
  });

  it('refuses a gzip file that expands more than the ratio allows, before writing anything', async () => {
    const before = await customers();
    // 1.6 MB of identical rows compress about 1000 times.
    const text = 'external_id,tier\n' + 'bomb,gold\n'.repeat(160_000);
    const gz = zlib.gzipSync(text, { level: 9 });
    expect(text.length / gz.length).toBeGreaterThan(100);
    const { id, result } = await run(files.write('bomb.csv.gz', gz));
    await expect(result).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: /expands more than 100 times its size/ });
    const [stored] = await db.dataSource.query('SELECT status, error FROM imports WHERE id = ?', [id]);
    expect(stored.status).toBe('failed');
    expect(stored.error).toMatch(/decompression bomb/);
    expect(await customers()).toBe(before);
  });

  it('refuses a gzip file whose text passes the total, whatever its ratio', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => `t-${i},${(i * 7919) % 10007}@example.com`);
    const gz = zlib.gzipSync(`external_id,email\n${rows.join('\n')}\n`);
    const { result } = await run(files.write('total.csv.gz', gz), { maxDecompressedBytes: 64 * 1024 });
    await expect(result).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: /expands to more than 65536 bytes/ });
    // Within both limits the same file imports.
    const { result: ok } = await run(files.write('total-ok.csv.gz', gz));
    expect((await ok).rowsImported).toBe(5_000);
  });

  it('removes uploads past their retention once their imports are done, and keeps the rest', async () => {
    const config = { ...db.config, dataDir: files.dir, uploadRetentionHours: 24 };
    const upload = async () => (await saveUpload(config, Readable.from([Buffer.from('external_id\nr-1\n')]))).uploadId;
    const [done, failedRecently, waiting, orphanOld, orphanNew] = [await upload(), await upload(), await upload(), await upload(), await upload()];
    const pathOf = (id: string) => path.resolve(files.dir, 'uploads', id);
    const now = new Date();
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
    for (const [id, status, finishedAt] of [[done, 'succeeded', hoursAgo(25)], [failedRecently, 'failed', hoursAgo(2)], [waiting, 'pending', null]] as const) {
      const created = await createImportRun(db.dataSource, { kind: 'customers', filePath: pathOf(id) }, db.config);
      await db.dataSource.query('UPDATE imports SET status = ?, finished_at = ? WHERE id = ?', [status, finishedAt && dateParam(db.dataSource, finishedAt), created.id]);
    }
    // The pending import's file is old too: it is kept while the import waits for it.
    for (const id of [orphanOld, waiting]) fs.utimesSync(pathOf(id), hoursAgo(30), hoursAgo(30));
    const removed = await sweepUploads(db.dataSource, config, now);
    expect(removed.sort()).toEqual([done, orphanOld].sort());
    expect(fs.readdirSync(path.join(files.dir, 'uploads')).sort()).toEqual([failedRecently, waiting, orphanNew].sort());
    // A day later the failed import's upload goes too.
    expect(await sweepUploads(db.dataSource, config, new Date(now.getTime() + 23 * 3600_000))).toEqual([failedRecently]);
  });
});
