// Suppression lists: customers by external id or e-mail opted out of channels, each change recorded in consent_changes.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRowIssueEntity } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { importFile, tempDir } from '../helpers/imports.js';
import { toCsv } from '../helpers/order-fixtures.js';

const LIST = [
  ['External ID', 'E-mail', 'Channels'],
  ['c-1', '', 'sms'], // line 2: one channel of one customer
  ['', 'Shared@Example.com', 'all'], // line 3: every customer with this e-mail (two), any letter case
  ['c-4', '', ''], // line 4: empty channel = all; email already opted out
  ['c-1', '', 'sms'], // line 5: repeat: skipped
  ['c-99', '', 'email'], // line 6: no such customer
  ['c-5', '', 'fax'], // line 7: bad channel
  ['', '', 'email'], // line 8: no identifier
  ['', 'not-an-address', 'email'], // line 9: bad e-mail
  ['c-5', 'ignored@example.com', 'email|push'], // line 10: the external id wins; two channels
];

describe.each(TEST_DIALECTS)('suppression list import on %s', (dialect) => {
  let db: TestDatabase;
  const files = tempDir();
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    const customers: [string, string | null, number][] = [['c-1', 'one@example.com', 0], ['c-2', 'shared@example.com', 0], ['c-3', 'shared@example.com', 0], ['c-4', 'four@example.com', 1], ['c-5', null, 0]];
    for (const [externalId, email, optedOutEmail] of customers) {
      await db.dataSource.query(`INSERT INTO customers (external_id, email, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at)
        VALUES (?, ?, ?, 1, 0, ?, 0, 0, ?, ?)`, [externalId, email, optedOutEmail ? 0 : 1, optedOutEmail, now, now]);
    }
  });
  afterEach(async () => { await db?.drop(); });
  afterAll(() => files.remove());

  const states = async () => Object.fromEntries((await db.dataSource.query('SELECT external_id, consent_email, opted_out_email, consent_sms, opted_out_sms, opted_out_push FROM customers ORDER BY id'))
    .map((r: Record<string, unknown>) => [r.external_id, `${r.consent_email}${r.opted_out_email}/${r.consent_sms}${r.opted_out_sms}/${r.opted_out_push}`].map(String)));

  it('opts out by external id or e-mail, records every change, and reports each row', async () => {
    const report = await importFile(db, { kind: 'suppressions', filePath: files.write('suppressions.csv', toCsv(LIST)) });
    expect(report).toMatchObject({
      status: 'succeeded', layout: 'canonical', rowsRead: 9, rowsImported: 5, rowsSkipped: 1, rowsRejected: 3,
      skipped: { duplicate_suppression: 1 }, rejected: { bad_value: 2, missing_value: 1 },
      totals: { suppressions: 5, channelsOptedOut: 11, alreadyOptedOut: 1, unmatchedRows: 1 },
    });
    // consent/opt-out per channel: email / sms / push opt-out
    expect(await states()).toEqual({ 'c-1': '10/01/0', 'c-2': '01/01/1', 'c-3': '01/01/1', 'c-4': '01/01/1', 'c-5': '01/10/1' });
    const changes = await db.dataSource.query('SELECT c.external_id, x.channel, x.from_state, x.to_state, x.source, x.actor FROM consent_changes x JOIN customers c ON c.id = x.customer_id ORDER BY c.external_id, x.channel');
    expect(changes.map((r: Record<string, unknown>) => `${r.external_id}:${r.channel}:${r.from_state}>${r.to_state}:${r.source}:${r.actor}`)).toEqual([
      `c-1:sms:granted>opted_out:import:import:${report.importId}`,
      `c-2:email:granted>opted_out:import:import:${report.importId}`, `c-2:push:none>opted_out:import:import:${report.importId}`, `c-2:sms:granted>opted_out:import:import:${report.importId}`,
      `c-3:email:granted>opted_out:import:import:${report.importId}`, `c-3:push:none>opted_out:import:import:${report.importId}`, `c-3:sms:granted>opted_out:import:import:${report.importId}`,
      `c-4:push:none>opted_out:import:import:${report.importId}`, `c-4:sms:granted>opted_out:import:import:${report.importId}`,
      `c-5:email:granted>opted_out:import:import:${report.importId}`, `c-5:push:none>opted_out:import:import:${report.importId}`,
    ]);
    const issues = await db.dataSource.getRepository(ImportRowIssueEntity).find({ where: { importId: report.importId }, order: { line: 'ASC' } });
    expect(issues.map((i) => [i.line, i.column, i.severity, i.rule])).toEqual([
      [6, 'External ID', 'skipped', 'unknown_customer'], [7, 'Channels', 'rejected', 'bad_value'], [8, 'External ID', 'rejected', 'missing_value'], [9, 'E-mail', 'rejected', 'bad_value'],
    ]);

    // The same list again changes nothing and records nothing.
    const again = await importFile(db, { kind: 'suppressions', filePath: files.write('suppressions-again.csv', toCsv(LIST)) });
    expect(again.totals).toMatchObject({ channelsOptedOut: 0, alreadyOptedOut: 12, unmatchedRows: 1 });
    const [{ n }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM consent_changes');
    expect(Number(n)).toBe(11);
  });

  it('a customers file with consent columns records each consent it changes, and nothing when run again', async () => {
    const file = files.write('customers.csv', toCsv([
      ['external_id', 'consent_email', 'opted_out_email'],
      ['c-1', '1', '1'], // granted → opted out
      ['c-4', '1', '0'], // opted out → granted (the file is the source of truth for these columns)
      ['c-2', '1', '0'], // unchanged
      ['new-1', '1', '0'], // a new customer with consent
      ['new-2', '0', '0'], // a new customer without: nothing to record
      ['c-5', '1', '0'], // erased: stays opted out, nothing to record
    ]));
    await db.dataSource.query(`UPDATE customers SET erased_at = updated_at, consent_email = 0, opted_out_email = 1 WHERE external_id = 'c-5'`);
    const report = await importFile(db, { kind: 'customers', filePath: file });
    expect(report.rowsImported).toBe(6);
    expect((await states())['c-5']).toBe('01/10/0');
    const rows = async () => (await db.dataSource.query('SELECT c.external_id, x.channel, x.from_state, x.to_state, x.source, x.actor FROM consent_changes x JOIN customers c ON c.id = x.customer_id ORDER BY x.id'))
      .map((r: Record<string, unknown>) => `${r.external_id}:${r.channel}:${r.from_state}>${r.to_state}:${r.source}:${r.actor}`).sort();
    expect(await rows()).toEqual([
      `c-1:email:granted>opted_out:import:import:${report.importId}`, `c-4:email:opted_out>granted:import:import:${report.importId}`, `new-1:email:none>granted:import:import:${report.importId}`,
    ]);
    await importFile(db, { kind: 'customers', filePath: file });
    expect(await rows()).toHaveLength(3);
  });

  it('refuses a list with neither an external id nor an e-mail column', async () => {
    await expect(importFile(db, { kind: 'suppressions', filePath: files.write('no-id.csv', toCsv([['channel'], ['email']])) })).rejects.toThrow(/customer_id \(external id\) or an email column/);
  });
});
