import type { QueryRunner } from 'typeorm';
import type { IdCache } from './id-cache.js';
import type { WriteContext } from './importer.types.js';
import { replaceWithIncoming, upsertRows, type Row } from '../../db/sql-upsert.js';
import { formatUtcDatetime } from '../../db/sql.js';

export interface EventRow {
  eventKey: string;
  customer: string | null;
  sessionId: string | null;
  type: string;
  stockCode: string | null;
  category: string | null;
  occurredAt: number;
}

export interface EventsBatch { customers: string[]; products: string[]; events: EventRow[] }

export async function writeEventsBatch(
  runner: QueryRunner, batch: EventsBatch, context: WriteContext, ids: { customers: IdCache; products: IdCache },
): Promise<void> {
  const { dialect, now } = context;
  // Events may name customers and products no other file has brought yet: they get a bare row, which
  // a later customer or order import fills in.
  await upsertRows(runner, dialect, { table: 'customers', columns: ['external_id', 'created_at', 'updated_at'], conflict: ['external_id'], update: {} },
    batch.customers.map((externalId): Row => [externalId, now, now]));
  await upsertRows(runner, dialect, { table: 'products', columns: ['stock_code', 'is_merchandise'], conflict: ['stock_code'], update: {} },
    batch.products.map((code): Row => [code, 1]));
  await ids.customers.resolve(runner, dialect, 'customers', 'external_id', batch.events.flatMap((e) => (e.customer === null ? [] : [e.customer])));
  await ids.products.resolve(runner, dialect, 'products', 'stock_code', batch.events.flatMap((e) => (e.stockCode === null ? [] : [e.stockCode])));
  const columns = ['event_key', 'customer_id', 'session_id', 'type', 'product_id', 'category', 'occurred_at'];
  const update = Object.fromEntries(columns.slice(1).map((column) => [column, replaceWithIncoming]));
  await upsertRows(runner, dialect, { table: 'events', columns, conflict: ['event_key'], update }, batch.events.map((e): Row => [
    e.eventKey, e.customer === null ? null : ids.customers.get(e.customer), e.sessionId, e.type,
    e.stockCode === null ? null : ids.products.get(e.stockCode), e.category, formatUtcDatetime(e.occurredAt, dialect === 'sqlite'),
  ]));
}
