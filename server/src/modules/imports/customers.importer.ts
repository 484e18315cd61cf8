// Customer files: one row per customer, canonical columns, every other column kept as an attribute.
import type { QueryRunner } from 'typeorm';
import { RowReader, type ImporterContext, type KindImporter, type WriteContext } from './importer.types.js';
import { StringHashSet } from './hash-set.js';
import type { SourceRow } from './row-source.js';
import { isEmail, normalizeExternalId, parseFlag } from './values.js';
import { parseWallTime } from './zoned-time.js';
import { writeCustomersBatch, type CustomerRow, type CustomersBatch } from './customers.writer.js';

export const CUSTOMER_FLAGS = ['consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push'] as const;

export class CustomersImporter implements KindImporter<CustomersBatch> {
  private readonly seen = new StringHashSet(1 << 12);
  private batch: CustomerRow[] = [];
  /** Only the columns the file has are written: a file without `email` leaves stored emails alone. */
  private readonly present: Set<string>;

  constructor(private readonly context: ImporterContext) {
    context.tally.skipped.duplicate_customer ??= 0;
    this.present = new Set(Object.keys(context.layout.index));
    if (context.layout.extra.length) this.present.add('attributes');
  }

  accept(row: SourceRow, write: boolean): void {
    const reader = new RowReader(this.context, row, write);
    if (!reader.checkWidth()) return;
    const rawId = reader.raw('external_id');
    const externalId = normalizeExternalId(rawId);
    if (externalId === null) { reader.reject('missing_value', 'external_id', `${reader.column('external_id')} is empty`); return; }
    if (externalId.length > 64) { reader.reject('bad_value', 'external_id', 'longer than 64 characters'); return; }
    const email = reader.text('email', 191);
    if (email === undefined) return;
    if (email !== null && !isEmail(email)) { reader.reject('bad_value', 'email', `not an e-mail address: "${email.slice(0, 60)}"`); return; }
    const name = reader.text('name', 191);
    const country = reader.text('country', 64);
    const city = reader.text('city', 128);
    const gender = reader.text('gender', 16);
    if (name === undefined || country === undefined || city === undefined || gender === undefined) return;
    let birthDate: string | null = null;
    const rawBirth = reader.raw('birth_date').trim();
    if (rawBirth !== '') {
      const parsed = parseWallTime(rawBirth);
      if (!parsed) { reader.reject('bad_date', 'birth_date', `not a date: "${rawBirth.slice(0, 40)}"`); return; }
      const { year, month, day } = parsed.wall;
      birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
    const signupAt = reader.instant('signup_date', false);
    if (signupAt === undefined) return;
    const flags: Record<string, boolean> = {};
    for (const flag of CUSTOMER_FLAGS) {
      const value = parseFlag(reader.raw(flag));
      if (value === null) { reader.reject('bad_value', flag, `not a yes/no value: "${reader.raw(flag).slice(0, 20)}"`); return; }
      flags[flag] = value;
    }
    if (!this.seen.add(externalId)) { reader.skip('duplicate_customer', 'external_id', 'customer id already seen earlier in the file'); return; }

    let attributes: Record<string, string> | null = null;
    for (const extra of this.context.layout.extra) {
      const value = (row.values[extra.index] ?? '').trim();
      if (value !== '') (attributes ??= {})[extra.name] = value;
    }
    this.context.tally.imported();
    if (write) this.batch.push({ externalId, email, name, country, city, gender, birthDate, signupAt, flags, attributes });
  }

  takeBatch(): CustomersBatch {
    const rows = this.batch;
    this.batch = [];
    return { rows, present: this.present };
  }

  writeBatch(runner: QueryRunner, batch: CustomersBatch, context: WriteContext): Promise<void> {
    return writeCustomersBatch(runner, batch, context);
  }

  totals(): Record<string, number | string> {
    return { customers: this.seen.size };
  }
}
