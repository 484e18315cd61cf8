import type { QueryRunner } from 'typeorm';
import type { WriteContext } from './importer.types.js';
import { replaceWithIncoming, unlessErased, upsertRows, type Row, type UpdateExpression } from '../../db/sql-upsert.js';
import { formatUtcDatetime } from '../../db/sql.js';
import { bulkInsertRows } from '../../db/bulk-load.js';
import { CHANNELS, type Channel } from '@segmenta/shared';
import { stateOfRow } from '../consent/index.js';
import { CHANGE_LOG_COLUMNS, CHANGE_LOG_TABLE, consentChangeRow } from '../changes/index.js';

export interface CustomerRow {
  externalId: string;
  email: string | null;
  name: string | null;
  country: string | null;
  city: string | null;
  gender: string | null;
  birthDate: string | null;
  signupAt: number | null;
  flags: Record<string, boolean>;
  attributes: Record<string, string> | null;
}

export interface CustomersBatch { rows: CustomerRow[]; present: Set<string> }

/** Field name in the file layout → column, for the columns an update may change. */
const UPDATABLE: Record<string, string> = {
  email: 'email', name: 'name', country: 'country', city: 'city', gender: 'gender', birth_date: 'birth_date', signup_date: 'signup_at',
  consent_email: 'consent_email', consent_sms: 'consent_sms', consent_push: 'consent_push',
  opted_out_email: 'opted_out_email', opted_out_sms: 'opted_out_sms', opted_out_push: 'opted_out_push', attributes: 'attributes',
};
// An erased customer (GDPR) stays erased: a re-import must not bring personal data back.
const PERSONAL = new Set(['email', 'name', 'city', 'gender', 'birth_date', 'attributes', 'country', 'signup_date']);
// Nor consent: erasure opted them out of every channel, and a file must not opt them back in.
const CONSENT_FIELDS = new Set(['consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push']);


export async function writeCustomersBatch(runner: QueryRunner, batch: CustomersBatch, context: WriteContext): Promise<void> {
  const { dialect, now } = context;
  const update: Record<string, UpdateExpression> = {};
  for (const [field, column] of Object.entries(UPDATABLE)) {
    if (batch.present.has(field)) update[column] = PERSONAL.has(field) || CONSENT_FIELDS.has(field) ? unlessErased(dialect) : replaceWithIncoming;
  }
  // updated_at last: MySQL evaluates assignments left to right, and it must not be bumped on its own.
  if (Object.keys(update).length) update.updated_at = replaceWithIncoming;
  const columns = ['external_id', 'email', 'name', 'country', 'city', 'gender', 'birth_date', 'signup_at',
    'consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push', 'attributes', 'created_at', 'updated_at'];
  const rows = batch.rows.map((c): Row => [
    c.externalId, c.email, c.name, c.country, c.city, c.gender, c.birthDate,
    c.signupAt === null ? null : formatUtcDatetime(c.signupAt, dialect === 'sqlite'),
    ...['consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push'].map((flag) => (c.flags[flag] ? 1 : 0)),
    c.attributes ? JSON.stringify(c.attributes) : null, now, now,
  ]);
  // A file with consent or opt-out columns changes consent: each change goes into consent_changes.
  const channels = CHANNELS.filter((channel) => batch.present.has(`consent_${channel}`) || batch.present.has(`opted_out_${channel}`));
  const externalIds = batch.rows.map((c) => c.externalId);
  const before = channels.length ? await readConsent(runner, dialect, externalIds, true) : null;
  await upsertRows(runner, dialect, { table: 'customers', columns, conflict: ['external_id'], update }, rows);
  if (before) await recordConsentChanges(runner, context, channels, before, await readConsent(runner, dialect, externalIds, false));
}

type ConsentRow = Record<string, unknown> & { id: unknown; external_id: string };

/** Locked before the upsert (MariaDB), as setConsent locks: a racing change records a true from-state. */
async function readConsent(runner: QueryRunner, dialect: WriteContext['dialect'], externalIds: string[], lock: boolean): Promise<Map<string, ConsentRow>> {
  const found = new Map<string, ConsentRow>();
  for (let i = 0; i < externalIds.length; i += 1_000) {
    const chunk = externalIds.slice(i, i + 1_000);
    const rows: ConsentRow[] = await runner.query(
      `SELECT id, external_id, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push FROM customers
       WHERE external_id IN (${chunk.map(() => '?').join(', ')})${lock && dialect !== 'sqlite' ? ' FOR UPDATE' : ''}`, chunk);
    for (const row of rows) found.set(row.external_id, row);
  }
  return found;
}

/** A new customer starts from `none`: a file that brings them with consent records the grant. */
async function recordConsentChanges(runner: QueryRunner, context: WriteContext, channels: Channel[], before: Map<string, ConsentRow>, after: Map<string, ConsentRow>): Promise<void> {
  const actor = context.importId ? `import:${context.importId}` : 'import';
  const changes: Row[] = [];
  for (const [externalId, now] of after) {
    const was = before.get(externalId);
    for (const channel of channels) {
      const from = was ? stateOfRow(was, channel) : 'none';
      const to = stateOfRow(now, channel);
      if (from !== to) changes.push([Number(now.id), channel, from, to, 'import', actor, context.now]);
    }
  }
  await bulkInsertRows(runner, context.dialect, 'consent_changes', ['customer_id', 'channel', 'from_state', 'to_state', 'source', 'actor', 'changed_at'], changes);
  await bulkInsertRows(runner, context.dialect, CHANGE_LOG_TABLE, CHANGE_LOG_COLUMNS,
    changes.map(([id, channel, from, to]) => consentChangeRow(Number(id), String(channel), String(from), String(to), context.now)));
}
