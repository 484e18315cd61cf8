// Writes one batch of order data: customers, products, order headers, lines, then the totals of the
// orders the batch touched. Runs inside the caller's transaction, so a batch lands whole or not at all.
import type { QueryRunner } from 'typeorm';
import type { Dialect } from '../../db/dialect.js';
import type { IdCache } from './id-cache.js';
import type { WriteContext } from './importer.types.js';
import { bulkReplaceRows, type CountedRows } from '../../db/bulk-load.js';
import type { OrderLineBuffer } from './order-line-buffer.js';
import {
  incomingUnlessNull, keepExistingUnlessNull, quoteIdentifier, replaceWithIncoming, unlessErased, upsertReturnsIds, upsertRows, upsertRowsReturning, upsertRowsReturningIds,
  type Row, type UpsertSpec,
} from '../../db/sql-upsert.js';
import { TsvBytes } from './tsv-bytes.js';
import { formatCents, formatMilli } from './values.js';
import { formatUtcDatetime } from '../../db/sql.js';

export interface OrderHeader { invoiceNo: string; customer: string; orderedAt: number; status: 'completed' | 'cancelled'; country: string | null }

export interface OrdersBatch {
  /** First sightings: external id → country of its first line. */
  customers: Map<string, string | null>;
  /** First sightings, or first description: stock code → description. */
  products: Map<string, string | null>;
  orders: OrderHeader[];
  lines: OrderLineBuffer;
}

export interface OrderIdCaches { customers: IdCache; products: IdCache; orders: IdCache }

/** Upserts `rows` and caches the id of each under its key (column 0): from the upsert itself where the database can return them. */
async function upsertKeyed(runner: QueryRunner, dialect: Dialect, spec: UpsertSpec, rows: Row[], cache: IdCache): Promise<void> {
  if (!upsertReturnsIds(dialect)) return upsertRows(runner, dialect, spec, rows);
  cache.remember(rows.map((row) => row[0] as string), await upsertRowsReturningIds(runner, dialect, spec, rows));
}

export async function writeOrdersBatch(runner: QueryRunner, batch: OrdersBatch, context: WriteContext, ids: OrderIdCaches): Promise<void> {
  const { dialect, now } = context;
  const sqlite = dialect === 'sqlite';

  // An order file tells where a customer lives; it never overwrites what a customer file said.
  await upsertKeyed(runner, dialect, {
    table: 'customers', columns: ['external_id', 'country', 'created_at', 'updated_at'], conflict: ['external_id'],
    update: { country: unlessErased(dialect, keepExistingUnlessNull) },
  }, [...batch.customers].map(([externalId, country]): Row => [externalId, country, now, now]), ids.customers);

  await upsertKeyed(runner, dialect, {
    table: 'products', columns: ['stock_code', 'description', 'is_merchandise'], conflict: ['stock_code'],
    update: { description: incomingUnlessNull },
  }, [...batch.products].map(([code, description]): Row => [code, description, 1]), ids.products);

  await ids.customers.resolve(runner, dialect, 'customers', 'external_id', batch.orders.map((order) => order.customer));
  // Orders of an erased customer (GDPR) are kept for the books but, as at erasure, not linked to them.
  const batchIds = [...new Set(batch.orders.map((order) => ids.customers.get(order.customer)))];
  const erased = new Set<number>(batchIds.length
    ? (await runner.query(`SELECT id FROM customers WHERE erased_at IS NOT NULL AND id IN (${batchIds.map(() => '?').join(',')})`, batchIds)).map((r: { id: number | string }) => Number(r.id))
    : []);
  const customerOf = (order: OrderHeader) => {
    const id = ids.customers.get(order.customer);
    return erased.has(id) ? null : id;
  };
  // Totals of each order from this batch's lines: exact for an order the batch creates, as all the
  // lines it has so far are here. An order that already existed (an earlier batch or file) is
  // recomputed from the database after the lines are written.
  const { lines } = batch;
  const invoiceCount = lines.invoices.values.length;
  const cents = new Float64Array(invoiceCount);
  const items = new Float64Array(invoiceCount);
  const count = new Int32Array(invoiceCount);
  for (let i = 0; i < lines.length; i++) {
    const k = lines.invoice[i];
    cents[k] += lines.amountCents[i];
    items[k] += lines.quantity[i];
    count[k]++;
  }
  const orderSpec: UpsertSpec = {
    table: 'orders', columns: ['invoice_no', 'customer_id', 'ordered_at', 'status', 'country', 'total_amount', 'item_count', 'line_count'],
    conflict: ['invoice_no'],
    update: { customer_id: replaceWithIncoming, ordered_at: replaceWithIncoming, status: replaceWithIncoming, country: replaceWithIncoming },
  };
  const orderRows = batch.orders.map((order): Row => {
    const k = lines.invoices.find(order.invoiceNo);
    return [order.invoiceNo, customerOf(order), formatUtcDatetime(order.orderedAt, sqlite), order.status, order.country,
      k === -1 ? '0.00' : formatCents(cents[k]), k === -1 ? 0 : items[k], k === -1 ? 0 : count[k]];
  });
  /** Orders whose totals this batch wrote and that no earlier row of the database contributes to. */
  const created = new Set<number>();
  if (upsertReturnsIds(dialect)) {
    // An order that exists is marked line_count = -1 by the upsert (and recomputed below, in this
    // transaction); one the upsert inserted comes back with the totals it was given.
    const returned = await upsertRowsReturning(runner, dialect, { ...orderSpec, update: { ...orderSpec.update, line_count: () => '-1' } }, orderRows, 'id, line_count');
    ids.orders.remember(orderRows.map((row) => row[0] as string), returned.map((row) => Number(row.id)));
    for (const row of returned) if (Number(row.line_count) >= 0) created.add(Number(row.id));
  } else {
    await upsertRows(runner, dialect, orderSpec, orderRows);
  }

  await ids.products.resolve(runner, dialect, 'products', 'stock_code', lines.stockCodes.values);
  await ids.orders.resolve(runner, dialect, 'orders', 'invoice_no', lines.invoices.values);
  const orderIds = lines.invoices.values.map((invoiceNo) => ids.orders.get(invoiceNo));
  const productIds = lines.stockCodes.values.map((code) => ids.products.get(code));
  // Two spellings the database collation treats as one (a product or an invoice) would merge lines the
  // batch counted apart: then every order is recomputed from the database.
  if (new Set(productIds).size !== productIds.length || new Set(orderIds).size !== orderIds.length) created.clear();
  const lineRows: CountedRows = {
    length: lines.length,
    *[Symbol.iterator]() {
      for (let i = 0; i < lines.length; i++) {
        yield [orderIds[lines.invoice[i]], productIds[lines.product[i]], lines.quantity[i], formatMilli(lines.priceMilli[i]),
          formatCents(lines.amountCents[i]), lines.outlier[i], lines.position[i]];
      }
    },
    // The same rows, digits written straight into buffers (this is what LOAD DATA reads).
    *tsv() {
      const out = new TsvBytes();
      for (let i = 0; i < lines.length; i++) {
        out.int(orderIds[lines.invoice[i]]); out.tab();
        out.int(productIds[lines.product[i]]); out.tab();
        out.int(lines.quantity[i]); out.tab();
        out.fixed(lines.priceMilli[i], 3); out.tab();
        out.fixed(lines.amountCents[i], 2); out.tab();
        out.int(lines.outlier[i]); out.tab();
        out.int(lines.position[i]); out.newline();
        if (out.full) yield out.take();
      }
      const rest = out.take();
      if (rest.length > 0) yield rest;
    },
  };
  // Every non-key column takes the incoming value, so a line already there is simply replaced.
  await bulkReplaceRows(runner, dialect, {
    table: 'order_lines', columns: ['order_id', 'product_id', 'quantity', 'unit_price', 'amount', 'is_outlier', 'position'],
    conflict: ['order_id', 'product_id', 'quantity', 'unit_price'],
    update: { amount: replaceWithIncoming, is_outlier: replaceWithIncoming, position: replaceWithIncoming },
  }, lineRows);

  await recomputeOrderTotals(runner, dialect, [...new Set(orderIds)].filter((id) => !created.has(id)));
}

/** total_amount, item_count (sum of quantities, negative for a cancellation) and line_count from the lines. */
export async function recomputeOrderTotals(runner: QueryRunner, dialect: Dialect, orderIds: number[]): Promise<void> {
  for (let start = 0; start < orderIds.length; start += 5_000) {
    const chunk = orderIds.slice(start, start + 5_000);
    const marks = chunk.map(() => '?').join(', ');
    if (dialect === 'sqlite') {
      const lines = `FROM ${quoteIdentifier(dialect, 'order_lines')} l WHERE l.order_id = orders.id`;
      await runner.query(
        `UPDATE orders SET total_amount = (SELECT ROUND(COALESCE(SUM(l.amount), 0), 2) ${lines}),
           item_count = (SELECT COALESCE(SUM(l.quantity), 0) ${lines}), line_count = (SELECT COUNT(*) ${lines})
         WHERE id IN (${marks})`, chunk);
    } else {
      await runner.query(
        `UPDATE orders o JOIN (SELECT order_id, SUM(amount) AS total, SUM(quantity) AS items, COUNT(*) AS n
           FROM order_lines WHERE order_id IN (${marks}) GROUP BY order_id) s ON s.order_id = o.id
         SET o.total_amount = s.total, o.item_count = s.items, o.line_count = s.n`, chunk);
    }
  }
}
