// Files of past campaign outcomes: canonical and aliased headers, flags, money, bad rows with line and column.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CampaignOutcomeEntity } from '../../server/src/modules/models/index.js';
import { ImportRowIssueEntity } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { importFile, tempDir } from '../helpers/imports.js';
import { toCsv } from '../helpers/order-fixtures.js';

const OUTCOMES = [
  ['customer id', 'campaign', 'sent at', 'responded', 'converted', 'revenue'],
  ['17850', 'spring-2011', '2011-06-01 09:00', 'yes', 'no', ''],
  ['12583.0', 'spring-2011', '2011-06-01 09:00', '0', '1', '29.95'], // a conversion is a response too
  ['17850', 'spring-2011', '2011-06-01 09:00', '1', '1', '10'], // same campaign and customer: skipped
  ['13047', 'spring-2011', '2011-06-01 09:00', 'maybe', '0', '0'], // line 5: bad responded
  ['13047', 'autumn-2011', 'yesterday', '1', '0', '0'], // line 6: bad sent at
  ['13047', 'autumn-2011', '2011-10-01 09:00', '1', '1', '12,x'], // line 7: bad revenue
  ['13047', 'autumn-2011', '2011-10-01 09:00', '1', '1', '12.50'],
];

describe.each(TEST_DIALECTS)('campaign outcomes import on %s', (dialect) => {
  let db: TestDatabase;
  const files = tempDir();
  // Each test starts from an empty database: none reads what another one wrote.
  beforeEach(async () => { db = await createTestDatabase(dialect); });
  afterEach(async () => { await db?.drop(); });
  afterAll(() => files.remove());

  it('imports outcomes keyed by (campaign, customer) and names the line and column of each bad row', async () => {
    const report = await importFile(db, { kind: 'outcomes', filePath: files.write('outcomes.csv', toCsv(OUTCOMES)), timezone: 'Europe/London' });
    expect(report).toMatchObject({
      layout: 'canonical', rowsRead: 7, rowsImported: 3, rowsSkipped: 1, rowsRejected: 3,
      skipped: { duplicate_outcome: 1 }, rejected: { bad_value: 1, bad_date: 1, bad_number: 1 }, totals: { outcomes: 3, customers: 3, campaigns: 2 },
    });
    const issues = await db.dataSource.getRepository(ImportRowIssueEntity).find({ where: { importId: report.importId, severity: 'rejected' }, order: { line: 'ASC' } });
    expect(issues.map((i) => [i.line, i.column, i.rule])).toEqual([[5, 'responded', 'bad_value'], [6, 'sent at', 'bad_date'], [7, 'revenue', 'bad_number']]);
    expect(issues[0].reason).toMatch(/maybe/);

    const rows = await db.dataSource.getRepository(CampaignOutcomeEntity).find({ order: { campaignKey: 'ASC', customerId: 'ASC' } });
    const external = new Map<number, string>((await db.dataSource.query('SELECT id, external_id FROM customers')).map((r: Record<string, unknown>) => [Number(r.id), String(r.external_id)]));
    expect(rows.map((r) => [r.campaignKey, external.get(r.customerId), r.sentAt.toISOString(), r.responded, r.converted, r.revenue, r.source]).sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
      ['autumn-2011', '13047', '2011-10-01T08:00:00.000Z', true, true, 12.5, 'import'],
      ['spring-2011', '12583', '2011-06-01T08:00:00.000Z', true, true, 29.95, 'import'],
      ['spring-2011', '17850', '2011-06-01T08:00:00.000Z', true, false, 0, 'import'],
    ]);
  });

  it('replaces the outcome of a campaign when a corrected file is imported again', async () => {
    await importFile(db, { kind: 'outcomes', filePath: files.write('outcomes.csv', toCsv(OUTCOMES)), timezone: 'Europe/London' });
    const fixed = [OUTCOMES[0], ['17850', 'spring-2011', '2011-06-01 09:00', 'no', 'no', '0']];
    const report = await importFile(db, { kind: 'outcomes', filePath: files.write('fixed.csv', toCsv(fixed)), timezone: 'Europe/London' });
    expect(report.rowsImported).toBe(1);
    const [count] = await db.dataSource.query('SELECT COUNT(*) AS n FROM campaign_outcomes');
    expect(Number(count.n)).toBe(3);
    const [row] = await db.dataSource.query(`SELECT o.responded FROM campaign_outcomes o JOIN customers c ON c.id = o.customer_id WHERE c.external_id = '17850'`);
    expect(Number(row.responded)).toBe(0);
  });

  it('says which columns an unrecognised outcomes file lacks', async () => {
    const file = files.write('wrong.csv', toCsv([['customer', 'when'], ['1', '2011-01-01']]));
    await expect(importFile(db, { kind: 'outcomes', filePath: file })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: /campaign_key, sent_at, responded/ });
  });
});
