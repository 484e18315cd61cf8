// A suppression list: customers (by external id or e-mail) who must not be contacted on a channel.
import type { QueryRunner } from 'typeorm';
import { CHANNELS, type Channel } from '@segmenta/shared';
import { importInvalid } from './import.errors.js';
import { RowReader, type ImporterContext, type KindImporter, type WriteContext } from './importer.types.js';
import type { SourceRow } from './import.types.js';
import { isEmail, normalizeExternalId, ownCopy } from './values.js';
import { writeSuppressionsBatch, type SuppressionsBatch, type SuppressionsWritten } from './suppressions.writer.js';

/** Empty or `all` means every channel. */
function parseChannels(raw: string): Channel[] | null {
  const text = raw.trim().toLowerCase();
  if (text === '' || text === 'all') return [...CHANNELS];
  const parts = text.split(/[|;/ ]+/).filter(Boolean);
  return parts.every((p) => (CHANNELS as readonly string[]).includes(p)) ? [...new Set(parts as Channel[])] : null;
}

export class SuppressionsImporter implements KindImporter<SuppressionsBatch> {
  /** identifier \u0001 channels of every accepted row: a repeat is skipped. */
  private readonly keys = new Set<string>();
  private batch: SuppressionsBatch = { rows: [] };
  /** What this attempt's batches changed (an import resumed after a failure counts from the resume). */
  private readonly written: SuppressionsWritten = { optedOut: 0, already: 0, unmatched: 0 };

  constructor(private readonly context: ImporterContext) {
    const { index } = context.layout;
    if (!('customer_id' in index) && !('email' in index)) throw importInvalid('A suppression list needs a customer_id (external id) or an email column');
    context.tally.skipped.duplicate_suppression ??= 0;
  }

  accept(row: SourceRow, write: boolean): void {
    const reader = new RowReader(this.context, row, write);
    if (!reader.checkWidth()) return;
    const externalId = normalizeExternalId(reader.raw('customer_id'));
    const rawEmail = reader.raw('email').trim();
    if (externalId === null && rawEmail === '') { reader.reject('missing_value', reader.has('customer_id') ? 'customer_id' : 'email', 'neither an external id nor an e-mail'); return; }
    if (externalId !== null && externalId.length > 64) { reader.reject('bad_value', 'customer_id', 'longer than 64 characters'); return; }
    if (externalId === null && (rawEmail.length > 191 || !isEmail(rawEmail))) { reader.reject('bad_value', 'email', `not an e-mail address: "${rawEmail.slice(0, 40)}"`); return; }
    const channels = parseChannels(reader.raw('channel'));
    if (channels === null) { reader.reject('bad_value', 'channel', `not a channel: "${reader.raw('channel').slice(0, 20)}" (email, sms, push or all)`); return; }
    // The external id wins when a row has both: it names one customer, an e-mail may name several.
    const identifier = externalId !== null ? `id:${externalId}` : `email:${rawEmail.toLowerCase()}`;
    const key = `${identifier}\u0001${channels.join(',')}`;
    if (this.keys.has(key)) { reader.skip('duplicate_suppression', 'channel', 'same customer and channels as an earlier row'); return; }
    this.keys.add(ownCopy(key));
    this.context.tally.imported();
    if (write) this.batch.rows.push({ line: row.line, externalId: externalId === null ? null : ownCopy(externalId), email: externalId === null ? ownCopy(rawEmail) : null, channels,
      column: (externalId !== null ? reader.column('customer_id') : reader.column('email')) ?? 'customer_id' });
  }

  takeBatch(): SuppressionsBatch {
    const batch = this.batch;
    this.batch = { rows: [] };
    return batch;
  }

  async writeBatch(runner: QueryRunner, batch: SuppressionsBatch, context: WriteContext): Promise<void> {
    const written = await writeSuppressionsBatch(runner, batch, context);
    this.written.optedOut += written.optedOut;
    this.written.already += written.already;
    this.written.unmatched += written.unmatched;
  }

  totals(): Record<string, number | string> {
    return { suppressions: this.context.tally.rowsImported, channelsOptedOut: this.written.optedOut, alreadyOptedOut: this.written.already, unmatchedRows: this.written.unmatched };
  }
}
