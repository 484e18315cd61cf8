// The whole Online Retail file, once per dialect: figures equal the pandas reference
// (scripts/reference/online_retail_import.py), a second import of the same file changes nothing.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getImportReport, streamRowIssuesCsv, type ImportReport } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { createFeatureSnapshot, defaultAsOf } from '../../server/src/modules/features/index.js';
import { collect, commerceState, importFile, ONLINE_RETAIL_GZ } from '../helpers/imports.js';

const rfmReference = JSON.parse(fs.readFileSync(new URL('../fixtures/reference/online-retail-rfm.json', import.meta.url), 'utf8'));
const reference = JSON.parse(fs.readFileSync(new URL('../fixtures/reference/online-retail-import.json', import.meta.url), 'utf8'));

describe.each(TEST_DIALECTS)('Online Retail full import on %s', (dialect) => {
  let db: TestDatabase;
  let report: ImportReport;
  let progressCalls = 0;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    report = await importFile(db, { kind: 'orders', filePath: ONLINE_RETAIL_GZ, timezone: reference.timezone }, { onProgress: () => { progressCalls++; } });
  }, 180_000);
  afterAll(async () => { await db?.drop(); });

  it('reports the reference counts, and every row is accounted for', () => {
    expect(report.status).toBe('succeeded');
    expect(report.layout).toBe('online_retail');
    expect(report.format).toBe('csv.gz');
    expect(report.rowsRead).toBe(reference.rowsRead);
    expect(report.rowsImported).toBe(reference.rowsImported);
    expect(report.rowsSkipped).toBe(reference.rowsSkipped);
    expect(report.rowsRejected).toBe(0);
    expect(report.rowsImported + report.rowsSkipped + report.rowsRejected).toBe(report.rowsRead);
    expect(report.skipped).toEqual(reference.skipped);
    expect(report.flagged).toEqual(reference.flagged);
    expect(report.totals).toEqual(reference.totals);
    expect(progressCalls).toBeGreaterThan(5);
  });

  it('stores what the reference computes', async () => {
    const state = await commerceState(db.dataSource);
    expect(state).toMatchObject({
      customers: String(reference.totals.customers), products: String(reference.totals.products), orders: String(reference.totals.orders),
      cancelled: String(reference.totals.cancelledOrders), lines: String(reference.totals.orderLines), outliers: String(reference.flagged.outlier),
      lineAmount: reference.totals.revenueNet, orderTotal: reference.totals.revenueNet, itemCount: String(reference.orders.itemCountSum),
      lineCount: String(reference.totals.orderLines),
    });
    // This import's own row issues (the re-import test adds a list of its own).
    const [{ n: issues }] = await db.dataSource.query(`SELECT (SELECT COUNT(*) FROM import_row_issues WHERE import_id = ?)
      + (SELECT COALESCE(SUM(line_count), 0) FROM import_skipped_lines WHERE import_id = ?) AS n`, [report.importId, report.importId]);
    expect(Number(issues)).toBe(reference.rowsSkipped);
    const epoch = dialect === 'sqlite' ? `CAST(strftime('%s', ordered_at) AS INTEGER)` : `UNIX_TIMESTAMP(CONVERT_TZ(ordered_at, '+00:00', @@session.time_zone))`;
    const [row] = await db.dataSource.query(`SELECT MIN(ordered_at) AS first, MAX(ordered_at) AS last, SUM(${epoch}) AS seconds FROM orders`);
    expect(String(row.seconds)).toBe(String(reference.orders.sumOrderedAtEpochSeconds));
    expect(new Date(dialect === 'sqlite' ? `${row.first}Z` : row.first).toISOString().slice(0, 19).replace('T', ' ')).toBe(reference.orders.firstOrderedAtUtc);
  });

  it('computes every customer\'s RFM exactly as the pandas reference (scripts/reference/online_retail_rfm.py)', async () => {
    const asOf = await defaultAsOf(db.dataSource);
    expect(asOf.toISOString()).toBe(rfmReference.asOf);
    const snapshot = await createFeatureSnapshot(db.dataSource, asOf);
    expect(snapshot.customerCount).toBe(rfmReference.customers);
    const rows: Record<string, unknown>[] = await db.dataSource.query(
      `SELECT c.external_id, f.recency_days, f.frequency, f.monetary, f.r_score, f.f_score, f.m_score, f.rfm_group
         FROM customer_features f JOIN customers c ON c.id = f.customer_id WHERE f.snapshot_id = ?`, [snapshot.id]);
    const ours = new Map(rows.map((r) => [String(r.external_id), [Number(r.recency_days), Number(r.frequency), Math.round(Number(r.monetary) * 100), Number(r.r_score), Number(r.f_score), Number(r.m_score), String(r.rfm_group)]]));
    const mismatches: string[] = [];
    for (const [externalId, ...expected] of rfmReference.rows as [string, ...unknown[]][]) {
      const got = ours.get(externalId);
      if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push(`${externalId}: got ${JSON.stringify(got)} expected ${JSON.stringify(expected)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(snapshot.summary.rfmGroups).toEqual(rfmReference.groups);
  });

  it('downloads the row issues as CSV', async () => {
    const csv = await collect(streamRowIssuesCsv(db.dataSource, report.importId));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('line,column,severity,rule,reason');
    expect(lines).toHaveLength(reference.rowsSkipped + 1);
    // Line 47 of the file (header = line 1) is the first POST line.
    expect(lines[1]).toBe('47,StockCode,skipped,non_product_code,"stock code is not merchandise (postage, fee, adjustment, voucher…)"');
    expect(lines).toContain('624,CustomerID,skipped,missing_customer_id,no customer id');
    const lineNumbers = lines.slice(1, 2000).map((text) => Number(text.split(',')[0]));
    expect(lineNumbers).toEqual([...lineNumbers].sort((a, b) => a - b));
  });

  it('imports the same file again without creating anything', async () => {
    const before = await commerceState(db.dataSource);
    const again = await importFile(db, { kind: 'orders', filePath: ONLINE_RETAIL_GZ, timezone: reference.timezone });
    expect({ ...again, importId: 0, durationMs: 0 }).toEqual({ ...report, importId: 0, durationMs: 0 });
    const after = await commerceState(db.dataSource);
    expect({ ...after, issues: before.issues }).toEqual(before);
    expect(Number(after.issues)).toBe(2 * reference.rowsSkipped); // each run keeps its own issue list
    expect((await getImportReport(db.dataSource, again.importId)).status).toBe('succeeded');
  }, 120_000);
});
