// Outcomes files with a treatment column: each row's arm is stored; bad and empty arms are row errors.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CampaignOutcomeEntity, responseExamples } from '../../server/src/modules/models/index.js';
import { ImportRowIssueEntity } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { importFile, tempDir } from '../helpers/imports.js';
import { toCsv } from '../helpers/order-fixtures.js';

const OUTCOMES = [
  ['customer_id', 'campaign_key', 'sent_at', 'responded', 'converted', 'revenue', 'treatment'],
  ['c1', 'spring', '2011-06-01 09:00', 'yes', 'no', '', 'treatment'],
  ['c2', 'spring', '2011-06-01 09:00', 'no', 'no', '', 'control'],
  ['c3', 'spring', '2011-06-01 09:00', 'yes', 'no', '', 'Control'],
  ['c4', 'spring', '2011-06-01 09:00', 'no', 'no', '', '1'],
  ['c5', 'spring', '2011-06-01 09:00', 'no', 'no', '', 'maybe'], // line 6: not an arm
  ['c6', 'spring', '2011-06-01 09:00', 'no', 'no', '', ''], // line 7: empty arm
  ['c7', 'spring', '2011-06-01 09:00', 'no', 'no', '', '0'],
];

describe.each(TEST_DIALECTS)('outcomes with a treatment column on %s', (dialect) => {
  let db: TestDatabase;
  const files = tempDir();
  beforeEach(async () => { db = await createTestDatabase(dialect); });
  afterEach(async () => { await db?.drop(); });
  afterAll(() => files.remove());

  it('stores each row\'s arm, rejects bad arms with line and column, and keeps control rows out of the response model', async () => {
    const report = await importFile(db, { kind: 'outcomes', filePath: files.write('arms.csv', toCsv(OUTCOMES)), timezone: 'UTC' });
    expect(report).toMatchObject({ rowsRead: 7, rowsImported: 5, rowsRejected: 2, rejected: { bad_value: 1, missing_value: 1 } });
    const issues = await db.dataSource.getRepository(ImportRowIssueEntity).find({ where: { importId: report.importId, severity: 'rejected' }, order: { line: 'ASC' } });
    expect(issues.map((i) => [i.line, i.column, i.rule])).toEqual([[6, 'treatment', 'bad_value'], [7, 'treatment', 'missing_value']]);
    expect(issues[0].reason).toMatch(/maybe/);

    const external = new Map<number, string>((await db.dataSource.query('SELECT id, external_id FROM customers')).map((r: Record<string, unknown>) => [Number(r.id), String(r.external_id)]));
    const rows = await db.dataSource.getRepository(CampaignOutcomeEntity).find();
    expect(Object.fromEntries(rows.map((r) => [external.get(r.customerId), r.treated]))).toEqual({ c1: true, c2: false, c3: false, c4: true, c7: false });

    // The response model learns from contacted customers only; an uplift model from both arms.
    expect((await responseExamples(db.dataSource)).map((e) => external.get(e.customerId)).sort()).toEqual(['c1', 'c4']);
    const both = await responseExamples(db.dataSource, { includeControl: true });
    expect(both.map((e) => [external.get(e.customerId), e.treated]).sort()).toEqual([['c1', true], ['c2', false], ['c3', false], ['c4', true], ['c7', false]]);
  });

  it('treats every row of a file without the column as contacted', async () => {
    await importFile(db, { kind: 'outcomes', filePath: files.write('plain.csv', toCsv(OUTCOMES.map((r) => r.slice(0, 6)).slice(0, 3))), timezone: 'UTC' });
    const rows = await db.dataSource.getRepository(CampaignOutcomeEntity).find();
    expect(rows.map((r) => r.treated)).toEqual([true, true]);
  });
});
