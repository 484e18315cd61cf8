// Order lines: validation, the cleaning rules of docs/cleaning.md, duplicate detection, and the
// first sighting of each customer, product and invoice (which decides what a batch must upsert).
import type { QueryRunner } from 'typeorm';
import { addLineKey, invoiceKind, isOutlier, normalizeStockCode, ORDER_SKIP_RULES, skipRuleFor, type OrderLineInput } from './cleaning.js';
import { StringHashSet } from './hash-set.js';
import { RowReader, type ImporterContext, type KindImporter, type WriteContext } from './importer.types.js';
import type { SourceRow } from './import.types.js';
import { formatCents, lineAmountCents, normalizeExternalId, ownCopy, parseDecimalMilli, parseInteger } from './values.js';
import { IdCache } from './id-cache.js';
import { OrderLineBuffer } from './order-line-buffer.js';
import { writeOrdersBatch, type OrdersBatch } from './orders.writer.js';

const SKIP_REASONS: Record<string, string> = {
  bad_debt_adjustment: 'bad-debt adjustment invoice (A prefix)',
  non_product_code: 'stock code is not merchandise (postage, fee, adjustment, voucher…)',
  missing_customer_id: 'no customer id',
  non_positive_quantity: 'quantity ≤ 0 on an invoice that is not a cancellation',
  cancellation_quantity_not_negative: 'quantity ≥ 0 on a cancellation invoice',
  non_positive_price: 'unit price ≤ 0',
  duplicate_line: 'same invoice, stock code, quantity and price as an earlier line',
};
const SKIP_COLUMN: Record<string, string> = {
  bad_debt_adjustment: 'invoice_no', non_product_code: 'stock_code', missing_customer_id: 'customer_id',
  non_positive_quantity: 'quantity', cancellation_quantity_not_negative: 'quantity', non_positive_price: 'unit_price', duplicate_line: 'invoice_no',
};
/** |quantity × price| beyond this cannot be held exactly (DECIMAL(14,2) and float arithmetic). */
const MAX_ABS_TENTHS_OF_CENT = 9e14;

export class OrdersImporter implements KindImporter<OrdersBatch> {
  private readonly lineKeys: StringHashSet;
  // Hash sets, not Set<string>: ~11 bytes per key instead of ~80 keeps a 5M-row file within budget.
  private readonly invoices = new StringHashSet(1 << 14);
  private readonly customers = new StringHashSet(1 << 12);
  /** Stock code → whether a description has been seen (the first non-empty one names the product). */
  private readonly products = new Map<string, boolean>();
  private cancelledOrders = 0;
  private revenueCents = 0;
  private batch: OrdersBatch = emptyBatch();
  private readonly ids = { customers: new IdCache(), products: new IdCache(), orders: new IdCache() };
  private readonly allowDecimalComma: boolean;
  /** Column of each field in a row (-1: the layout has none); read directly, as this runs for every row. */
  private readonly at: { stockCode: number; quantity: number; unitPrice: number; customerId: number; country: number; description: number };
  /** One reader, re-aimed at each row: its named lookups only run on the rarer paths (text checks, rejects, skips). */
  private readonly reader: RowReader;

  constructor(private readonly context: ImporterContext) {
    // Sized for every row up front: on a 5M-row file, growing from 4M to 8M slots would hold 96 MB at once.
    this.lineKeys = StringHashSet.forKeys(context.expectedRows, 1 << 16);
    for (const rule of ORDER_SKIP_RULES) context.tally.skipped[rule] ??= 0;
    for (const flag of ['outlier', 'description_trimmed', 'stock_code_uppercased']) context.tally.flagged[flag] ??= 0;
    this.allowDecimalComma = context.delimiter !== null && context.delimiter !== ',';
    const column = (field: string) => context.layout.index[field] ?? -1;
    this.at = {
      stockCode: column('stock_code'), quantity: column('quantity'), unitPrice: column('unit_price'), customerId: column('customer_id'),
      country: column('country'), description: column('description'),
    };
    this.reader = new RowReader(context);
  }

  accept(row: SourceRow, write: boolean): void {
    const { tally } = this.context;
    const values = row.values;
    const at = this.at;
    const reader = this.reader.reset(row, write);
    if (values.length !== this.context.headerWidth) { reader.checkWidth(); return; }

    const invoiceNo = reader.text('invoice_no', 32, true);
    if (invoiceNo === undefined) return;
    const rawCode = values[at.stockCode];
    const stockCode = normalizeStockCode(rawCode);
    if (stockCode === '') { reader.reject('missing_value', 'stock_code', `${reader.column('stock_code')} is empty`); return; }
    if (stockCode.length > 32) { reader.reject('bad_value', 'stock_code', 'longer than 32 characters'); return; }
    const rawQuantity = values[at.quantity];
    const quantity = parseInteger(rawQuantity);
    if (quantity === null) {
      if (rawQuantity.trim() === '') reader.reject('missing_value', 'quantity', `${reader.column('quantity')} is empty`);
      else reader.reject('bad_number', 'quantity', `not a whole number: "${rawQuantity.slice(0, 40)}"`);
      return;
    }
    const orderedAt = reader.instant('ordered_at', true);
    if (orderedAt === undefined || orderedAt === null) return;
    const rawPrice = values[at.unitPrice];
    const priceMilli = parseDecimalMilli(rawPrice, this.allowDecimalComma);
    if (priceMilli === null) {
      if (rawPrice.trim() === '') reader.reject('missing_value', 'unit_price', `${reader.column('unit_price')} is empty`);
      else reader.reject('bad_number', 'unit_price', `not a decimal number: "${rawPrice.slice(0, 40)}"`);
      return;
    }
    if (Math.abs(quantity * priceMilli) > MAX_ABS_TENTHS_OF_CENT) { reader.reject('out_of_range', 'quantity', 'quantity × unit price is too large'); return; }
    const customerId = normalizeExternalId(values[at.customerId]);
    if (customerId !== null && customerId.length > 64) { reader.reject('bad_value', 'customer_id', 'longer than 64 characters'); return; }
    const country = at.country === -1 ? null : reader.text('country', 64);
    if (country === undefined) return;
    const rawDescription = at.description === -1 ? '' : values[at.description];
    const description = rawDescription.trim().slice(0, 255) || null;

    const line: OrderLineInput = { invoiceNo: invoiceNo!.toUpperCase(), stockCode, quantity, priceMilli, customerId };
    const rule = skipRuleFor(line) ?? (addLineKey(this.lineKeys, line) ? null : 'duplicate_line');
    const invoice = line.invoiceNo;
    if (rule) { reader.skip(rule, SKIP_COLUMN[rule], SKIP_REASONS[rule]); return; }

    tally.imported();
    if (description !== null && description.length !== rawDescription.length) tally.flag('description_trimmed');
    if (stockCode !== rawCode) tally.flag('stock_code_uppercased');
    const amountCents = lineAmountCents(quantity, priceMilli);
    const outlier = isOutlier(quantity, amountCents);
    if (outlier) tally.flag('outlier');
    this.revenueCents += amountCents;

    const customer = customerId!;
    if (this.customers.add(customer)) {
      if (write) this.batch.customers.set(customer, country);
    }
    const described = this.products.get(stockCode);
    if (described === undefined || (!described && description !== null)) {
      this.products.set(ownCopy(stockCode), description !== null);
      if (write) this.batch.products.set(stockCode, description);
    }
    if (this.invoices.add(invoice)) {
      const cancelled = invoiceKind(invoice) === 'cancellation';
      if (cancelled) this.cancelledOrders++;
      if (write) this.batch.orders.push({ invoiceNo: invoice, customer, orderedAt, status: cancelled ? 'cancelled' : 'completed', country });
    }
    if (write) this.batch.lines.push(invoice, stockCode, quantity, priceMilli, amountCents, outlier, row.line);
  }

  takeBatch(): OrdersBatch {
    const batch = this.batch;
    this.batch = emptyBatch();
    return batch;
  }

  writeBatch(runner: QueryRunner, batch: OrdersBatch, context: WriteContext): Promise<void> {
    return writeOrdersBatch(runner, batch, context, this.ids);
  }

  totals(): Record<string, number | string> {
    return {
      customers: this.customers.size,
      products: this.products.size,
      orders: this.invoices.size,
      cancelledOrders: this.cancelledOrders,
      orderLines: this.context.tally.rowsImported,
      revenueNet: formatCents(this.revenueCents),
    };
  }
}

function emptyBatch(): OrdersBatch {
  return { customers: new Map(), products: new Map(), orders: [], lines: new OrderLineBuffer() };
}
