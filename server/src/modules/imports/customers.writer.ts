import type { QueryRunner } from 'typeorm';
import type { WriteContext } from './importer.types.js';
import { replaceWithIncoming, unlessErased, upsertRows, type Row, type UpdateExpression } from '../../db/sql-upsert.js';
import { formatUtcDatetime } from '../../db/sql.js';

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


export async function writeCustomersBatch(runner: QueryRunner, batch: CustomersBatch, context: WriteContext): Promise<void> {
  const { dialect, now } = context;
  const update: Record<string, UpdateExpression> = {};
  for (const [field, column] of Object.entries(UPDATABLE)) {
    if (batch.present.has(field)) update[column] = PERSONAL.has(field) ? unlessErased(dialect) : replaceWithIncoming;
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
  await upsertRows(runner, dialect, { table: 'customers', columns, conflict: ['external_id'], update }, rows);
}
