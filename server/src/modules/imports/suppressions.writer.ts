import type { QueryRunner } from 'typeorm';
import type { Channel, ConsentState } from '@segmenta/shared';
import { bulkInsertRows } from '../../db/bulk-load.js';
import { CONSENT_COLUMNS, stateOfRow } from '../consent/index.js';
import { CHANGE_LOG_COLUMNS, CHANGE_LOG_TABLE, consentChangeRow } from '../changes/index.js';
import type { WriteContext } from './importer.types.js';

export interface SuppressionRow {
  line: number;
  /** Exactly one of the two identifies the customer(s): an external id, or an e-mail (every customer with it). */
  externalId: string | null;
  email: string | null;
  channels: Channel[];
  /** The file's name of the identifying column, for the row issue when no customer matches. */
  column: string;
}

export interface SuppressionsBatch { rows: SuppressionRow[] }

export interface SuppressionsWritten {
  /** (customer, channel) pairs opted out by this batch. */
  optedOut: number;
  /** Pairs that were opted out already. */
  already: number;
  /** Rows that matched no customer (listed in the row issues as skipped, rule unknown_customer). */
  unmatched: number;
}

type CustomerRow = Record<string, unknown> & { id: unknown; external_id: string; email: string | null };

async function selectCustomers(runner: QueryRunner, context: WriteContext, column: 'external_id' | 'email', keys: string[]): Promise<CustomerRow[]> {
  const rows: CustomerRow[] = [];
  const sqlite = context.dialect === 'sqlite';
  // E-mails match case-insensitively: MariaDB's collation does so on its own; SQLite compares lower-cased.
  const target = column === 'email' && sqlite ? 'LOWER(email)' : column;
  // Locked like setConsent locks them, so a consent change racing the import records a true from-state.
  const lock = sqlite ? '' : ' FOR UPDATE';
  for (let i = 0; i < keys.length; i += 1_000) {
    const chunk = keys.slice(i, i + 1_000);
    rows.push(...await runner.query(
      `SELECT id, external_id, email, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push
       FROM customers WHERE ${target} IN (${chunk.map(() => '?').join(', ')}) ORDER BY id${lock}`, chunk,
    ) as CustomerRow[]);
  }
  return rows;
}

/**
 * Opts the listed customers out of the listed channels, and records each change in
 * consent_changes (source `import`), inside the batch's transaction. A customer already opted out
 * records nothing, so a re-run or a resumed import changes nothing twice.
 */
export async function writeSuppressionsBatch(runner: QueryRunner, batch: SuppressionsBatch, context: WriteContext): Promise<SuppressionsWritten> {
  const externalIds = [...new Set(batch.rows.flatMap((r) => (r.externalId ? [r.externalId] : [])))];
  const emails = [...new Set(batch.rows.flatMap((r) => (r.email ? [r.email.toLowerCase()] : [])))];
  const byExternalId = new Map<string, CustomerRow>();
  const byEmail = new Map<string, CustomerRow[]>();
  for (const c of await selectCustomers(runner, context, 'external_id', externalIds)) byExternalId.set(c.external_id, c);
  for (const c of await selectCustomers(runner, context, 'email', emails)) {
    const key = (c.email ?? '').toLowerCase();
    byEmail.set(key, [...(byEmail.get(key) ?? []), c]);
  }

  const written: SuppressionsWritten = { optedOut: 0, already: 0, unmatched: 0 };
  const unmatched: Array<[number, string, string]> = [];
  const toOptOut: Record<Channel, number[]> = { email: [], sms: [], push: [] };
  const changes: Array<[number, Channel, ConsentState]> = [];
  /** (customer, channel) handled in this batch: the same pair twice changes once. */
  const seen = new Set<string>();
  for (const row of batch.rows) {
    const customers = row.externalId ? (byExternalId.has(row.externalId) ? [byExternalId.get(row.externalId)!] : []) : byEmail.get(row.email!.toLowerCase()) ?? [];
    if (customers.length === 0) {
      written.unmatched++;
      unmatched.push([row.line, row.column, row.externalId ? `no customer with external id "${row.externalId.slice(0, 64)}"` : 'no customer with this e-mail']);
      continue;
    }
    for (const customer of customers) {
      const id = Number(customer.id);
      for (const channel of row.channels) {
        const key = `${id}:${channel}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const from = stateOfRow(customer, channel);
        if (from === 'opted_out') { written.already++; continue; }
        toOptOut[channel].push(id);
        changes.push([id, channel, from]);
        written.optedOut++;
      }
    }
  }
  for (const channel of Object.keys(toOptOut) as Channel[]) {
    const ids = toOptOut[channel];
    const { consent, optedOut } = CONSENT_COLUMNS[channel];
    for (let i = 0; i < ids.length; i += 1_000) {
      const chunk = ids.slice(i, i + 1_000);
      await runner.query(`UPDATE customers SET ${consent} = 0, ${optedOut} = 1, updated_at = ? WHERE id IN (${chunk.map(() => '?').join(', ')})`, [context.now, ...chunk]);
    }
  }
  const actor = context.importId ? `import:${context.importId}` : 'import';
  await bulkInsertRows(runner, context.dialect, 'consent_changes', ['customer_id', 'channel', 'from_state', 'to_state', 'source', 'actor', 'changed_at'],
    changes.map(([id, channel, from]) => [id, channel, from, 'opted_out', 'import', actor, context.now]));
  await bulkInsertRows(runner, context.dialect, CHANGE_LOG_TABLE, CHANGE_LOG_COLUMNS,
    changes.map(([id, channel, from]) => consentChangeRow(Number(id), String(channel), String(from), 'opted_out', context.now)));
  const importId = context.importId;
  if (importId !== undefined && unmatched.length) {
    await bulkInsertRows(runner, context.dialect, 'import_row_issues', ['import_id', 'line', 'column_name', 'severity', 'rule', 'reason'],
      unmatched.map(([line, column, reason]) => [importId, line, column, 'skipped', 'unknown_customer', reason]));
  }
  return written;
}
