// Browsing events: one row per event, keyed by its event_id or by a hash of its content.
import crypto from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { normalizeStockCode } from './cleaning.js';
import { StringHashSet } from './hash-set.js';
import { IdCache } from './id-cache.js';
import { RowReader, type ImporterContext, type KindImporter, type WriteContext } from './importer.types.js';
import type { SourceRow } from './import.types.js';
import { normalizeExternalId, ownCopy } from './values.js';
import { writeEventsBatch, type EventsBatch } from './events.writer.js';

export const EVENT_TYPES: ReadonlySet<string> = new Set(['page_view', 'product_view', 'search', 'add_to_cart', 'checkout', 'purchase']);

export class EventsImporter implements KindImporter<EventsBatch> {
  private readonly keys: StringHashSet;
  private readonly customers = new StringHashSet(1 << 12);
  private readonly products = new Set<string>();
  private batch: EventsBatch = emptyBatch();
  private readonly ids = { customers: new IdCache(), products: new IdCache() };

  constructor(private readonly context: ImporterContext) {
    this.keys = StringHashSet.forKeys(context.expectedRows, 1 << 16);
    context.tally.skipped.duplicate_event ??= 0;
  }

  accept(row: SourceRow, write: boolean): void {
    const reader = new RowReader(this.context, row, write);
    if (!reader.checkWidth()) return;
    const eventId = reader.raw('event_id').trim();
    const customer = normalizeExternalId(reader.raw('customer_id'));
    if (customer !== null && customer.length > 64) { reader.reject('bad_value', 'customer_id', 'longer than 64 characters'); return; }
    const sessionId = reader.text('session_id', 64);
    if (sessionId === undefined) return;
    if (customer === null && sessionId === null) { reader.reject('missing_value', 'customer_id', 'neither a customer id nor a session id'); return; }
    const type = reader.raw('type').trim().toLowerCase();
    if (type === '') { reader.reject('missing_value', 'type', `${reader.column('type')} is empty`); return; }
    if (!EVENT_TYPES.has(type)) { reader.reject('bad_value', 'type', `unknown event type "${type.slice(0, 30)}" (expected ${[...EVENT_TYPES].join(', ')})`); return; }
    const stockCode = normalizeStockCode(reader.raw('stock_code')) || null;
    if (stockCode !== null && stockCode.length > 32) { reader.reject('bad_value', 'stock_code', 'longer than 32 characters'); return; }
    const category = reader.text('category', 64);
    if (category === undefined) return;
    const occurredAt = reader.instant('occurred_at', true);
    if (occurredAt === undefined || occurredAt === null) return;

    // A given id is the key (hashed when longer than the column); otherwise the content is.
    const eventKey = eventId !== ''
      ? (eventId.length <= 64 ? eventId : sha256(eventId))
      : sha256([customer ?? '', sessionId ?? '', type, stockCode ?? '', category ?? '', occurredAt].join('\u0001'));
    if (!this.keys.add(eventKey)) { reader.skip('duplicate_event', eventId ? 'event_id' : null, 'same event as an earlier row'); return; }

    this.context.tally.imported();
    if (customer !== null && this.customers.add(customer)) {
      if (write) this.batch.customers.push(customer);
    }
    if (stockCode !== null && !this.products.has(stockCode)) {
      this.products.add(ownCopy(stockCode));
      if (write) this.batch.products.push(stockCode);
    }
    if (write) this.batch.events.push({ eventKey, customer, sessionId, type, stockCode, category, occurredAt });
  }

  takeBatch(): EventsBatch {
    const batch = this.batch;
    this.batch = emptyBatch();
    return batch;
  }

  writeBatch(runner: QueryRunner, batch: EventsBatch, context: WriteContext): Promise<void> {
    return writeEventsBatch(runner, batch, context, this.ids);
  }

  totals(): Record<string, number | string> {
    return { events: this.context.tally.rowsImported, customers: this.customers.size, products: this.products.size };
  }
}

const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');
const emptyBatch = (): EventsBatch => ({ customers: [], products: [], events: [] });
