import type { QueryRunner } from 'typeorm';
import type { Dialect } from '../../db/dialect.js';
import type { ImportLimits } from '../../config/import-limits.js';
import type { ImportTally } from './import-tally.js';
import type { ResolvedLayout } from './layouts.js';
import type { SourceRow } from './import.types.js';
import type { ZonedDateParser } from './zoned-time.js';

export interface ImporterContext {
  layout: ResolvedLayout;
  headerWidth: number;
  tally: ImportTally;
  dates: ZonedDateParser;
  /** Decimal commas are accepted when the delimiter is not a comma. */
  delimiter: string | null;
  /** Data rows the file has by its line count (null when unknown): sizes the duplicate-key sets once. */
  expectedRows: number | null;
  limits: ImportLimits;
}

export interface WriteContext {
  dialect: Dialect;
  /** DATETIME text of the moment this attempt started (created_at/updated_at of new rows). */
  now: string;
  /** The import being written (row issues a writer reports itself, consent_changes actors). */
  importId?: number;
}

/**
 * One kind of import (orders, customers, events). `accept` applies the rules to a row and updates the
 * in-memory state (duplicate sets, first sightings) for every row; it queues writes only when `write`
 * is true, i.e. for rows after the checkpoint. `takeBatch` hands the queued writes over, and
 * `writeBatch` runs them inside the caller's transaction while the next rows are being read.
 */
export interface KindImporter<Batch = unknown> {
  accept(row: SourceRow, write: boolean): void;
  takeBatch(): Batch;
  writeBatch(runner: QueryRunner, batch: Batch, context: WriteContext): Promise<void>;
  /** Distinct entities among the imported rows (the same on every attempt). */
  totals(): Record<string, number | string>;
}

/** Reads field values by name, and turns a bad one into a rejected row. */
export class RowReader {
  constructor(private readonly context: ImporterContext, private row: SourceRow = { line: 0, values: [] }, private write = false) {}

  /** Aims this reader at another row (one reader can serve a whole file). */
  reset(row: SourceRow, write: boolean): this {
    this.row = row;
    this.write = write;
    return this;
  }

  has(field: string): boolean {
    return field in this.context.layout.index;
  }

  raw(field: string): string {
    const index = this.context.layout.index[field];
    return index === undefined ? '' : this.row.values[index] ?? '';
  }

  column(field: string): string | null {
    return this.context.layout.column[field] ?? null;
  }

  reject(rule: string, field: string | null, reason: string): null {
    this.context.tally.reject(rule, this.row.line, field ? this.column(field) : null, reason, this.write);
    return null;
  }

  /** Rejects the row naming a column that is not one of the kind's fields (a customer attribute). */
  rejectAt(rule: string, columnName: string, reason: string): null {
    this.context.tally.reject(rule, this.row.line, columnName.slice(0, 64), reason, this.write);
    return null;
  }

  skip(rule: string, field: string | null, reason: string): void {
    this.context.tally.skip(rule, this.row.line, field ? this.column(field) : null, reason, this.write);
  }

  /** Field count must match the header; a shifted row would put values under the wrong fields. */
  checkWidth(): boolean {
    const width = this.row.values.length;
    if (width === this.context.headerWidth) return true;
    this.reject('wrong_field_count', null, `expected ${this.context.headerWidth} fields, got ${width}`);
    return false;
  }

  /** Trimmed text, null when empty; rejects (returns undefined) when longer than the column allows. */
  text(field: string, maxLength: number, required = false): string | null | undefined {
    const value = this.raw(field).trim();
    if (value === '') {
      if (required) { this.reject('missing_value', field, `${this.column(field) ?? field} is empty`); return undefined; }
      return null;
    }
    if (value.length > maxLength) { this.reject('bad_value', field, `longer than ${maxLength} characters`); return undefined; }
    return value;
  }

  /** UTC epoch ms; rejects (returns undefined) when empty-and-required or not a date. */
  instant(field: string, required: boolean): number | null | undefined {
    const value = this.raw(field);
    if (value.trim() === '') {
      if (required) { this.reject('missing_value', field, `${this.column(field) ?? field} is empty`); return undefined; }
      return null;
    }
    const ms = this.context.dates.parse(value);
    if (ms === null) {
      const declared = this.context.dates.declared;
      this.reject('bad_date', field, declared
        ? `not a date in the declared format ${declared.format}: "${value.slice(0, 40)}"`
        : `not a date: "${value.slice(0, 40)}" (expected YYYY-MM-DD HH:MM[:SS] or M/D/YYYY H:MM)`);
      return undefined;
    }
    return ms;
  }
}
