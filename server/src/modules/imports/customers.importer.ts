// Customer files: one row per customer, canonical columns, every other column kept as an attribute.
import { nullProtoRecord } from '@segmenta/shared';
import type { QueryRunner } from 'typeorm';
import { RowReader, type ImporterContext, type KindImporter, type WriteContext } from './importer.types.js';
import { StringHashSet } from './hash-set.js';
import type { SourceRow } from './import.types.js';
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
    const attributes = this.attributes(row, reader);
    if (attributes === undefined) return;
    if (!this.seen.add(externalId)) { reader.skip('duplicate_customer', 'external_id', 'customer id already seen earlier in the file'); return; }
    this.context.tally.imported();
    if (write) this.batch.push({ externalId, email, name, country, city, gender, birthDate, signupAt, flags, attributes });
  }

  /**
   * The row's other non-empty columns, as attributes; undefined (the row rejected, naming the
   * column where the limit was passed) past the number of keys or the bytes one customer may store.
   */
  private attributes(row: SourceRow, reader: RowReader): Record<string, string> | null | undefined {
    const { maxAttributes, maxAttributeBytes } = this.context.limits;
    let attributes: Record<string, string> | null = null;
    let keys = 0;
    let bytes = 2; // the stored JSON's braces
    for (const extra of this.context.layout.extra) {
      const value = (row.values[extra.index] ?? '').trim();
      if (value === '') continue;
      keys++;
      if (keys > maxAttributes) {
        reader.rejectAt('too_many_attributes', extra.name, `more than ${maxAttributes} attribute columns with a value (SEGMENTA_IMPORT_MAX_ATTRIBUTES)`);
        return undefined;
      }
      bytes += (keys > 1 ? 1 : 0) + Buffer.byteLength(JSON.stringify(extra.name)) + 1 + Buffer.byteLength(JSON.stringify(value));
      if (bytes > maxAttributeBytes) {
        reader.rejectAt('attributes_too_large', extra.name, `attributes over ${maxAttributeBytes} bytes from this column on (SEGMENTA_IMPORT_MAX_ATTRIBUTE_BYTES)`);
        return undefined;
      }
      // Header names are the file's: a `__proto__` column must stay an attribute, not a prototype.
      (attributes ??= nullProtoRecord())[extra.name] = value;
    }
    return attributes;
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
