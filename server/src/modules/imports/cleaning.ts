// The cleaning rules for order lines (docs/cleaning.md). Pure functions: no I/O, no state.
import type { StringHashSet } from './hash-set.js';
import { lineAmountCents } from './values.js';

/** Skip rules, in the order they are tested: a row is counted under the first rule it meets. */
export const ORDER_SKIP_RULES = [
  'bad_debt_adjustment',
  'non_product_code',
  'missing_customer_id',
  'non_positive_quantity',
  'cancellation_quantity_not_negative',
  'non_positive_price',
  'duplicate_line',
] as const;
export type OrderSkipRule = (typeof ORDER_SKIP_RULES)[number];

/**
 * Stock codes that are not merchandise: postage, fees, manual adjustments, discounts, samples,
 * vouchers and dotcom-only codes. Derived from Online Retail (every code there that does not start
 * with five digits); their lines are skipped and no product row is created for them.
 */
export const NON_PRODUCT_CODES: ReadonlySet<string> = new Set([
  'POST', 'DOT', 'M', 'AMAZONFEE', 'BANK CHARGES', 'CRUK', 'D', 'C2', 'S', 'PADS', 'B',
]);
export const NON_PRODUCT_PREFIXES: readonly string[] = ['GIFT_0001_', 'DCGS'];

export function isNonProductCode(stockCode: string): boolean {
  if (NON_PRODUCT_CODES.has(stockCode)) return true;
  for (const prefix of NON_PRODUCT_PREFIXES) if (stockCode.startsWith(prefix)) return true;
  return false;
}

export type InvoiceKind = 'sale' | 'cancellation' | 'adjustment';

/** Online Retail prefixes invoice numbers: C = cancellation, A = bad-debt adjustment. */
export function invoiceKind(invoiceNo: string): InvoiceKind {
  const first = invoiceNo.charCodeAt(0);
  if (first === 67 /* C */) return 'cancellation';
  if (first === 65 /* A */) return 'adjustment';
  return 'sale';
}

/** Trimmed and upper-cased: `85123a` and `85123A ` are the same product. */
export function normalizeStockCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Lines beyond either bound are kept but flagged (is_outlier) for review; see docs/cleaning.md. */
export interface OutlierThresholds { quantity: number; amountCents: number }
export const DEFAULT_OUTLIER_THRESHOLDS: OutlierThresholds = { quantity: 10_000, amountCents: 10_000 * 100 };

export function isOutlier(quantity: number, amountCents: number, thresholds = DEFAULT_OUTLIER_THRESHOLDS): boolean {
  return Math.abs(quantity) > thresholds.quantity || Math.abs(amountCents) > thresholds.amountCents;
}

/** A parsed line before the rules: all values valid, strings already trimmed. */
export interface OrderLineInput {
  invoiceNo: string;
  stockCode: string;
  quantity: number;
  priceMilli: number;
  customerId: string | null;
}

/** The first skip rule the line meets, or null when it is imported. Duplicates are checked by the caller. */
export function skipRuleFor(line: OrderLineInput): Exclude<OrderSkipRule, 'duplicate_line'> | null {
  const kind = invoiceKind(line.invoiceNo);
  if (kind === 'adjustment') return 'bad_debt_adjustment';
  if (isNonProductCode(line.stockCode)) return 'non_product_code';
  if (line.customerId === null) return 'missing_customer_id';
  if (kind === 'sale' && line.quantity <= 0) return 'non_positive_quantity';
  if (kind === 'cancellation' && line.quantity >= 0) return 'cancellation_quantity_not_negative';
  if (line.priceMilli <= 0) return 'non_positive_price';
  return null;
}

/**
 * Records the line's order_lines natural key (invoice, stock code, quantity, price) in `keys`: false
 * when an earlier line had it (two lines with the same key are one line in the database).
 */
export function addLineKey(keys: StringHashSet, line: OrderLineInput): boolean {
  return keys.addTuple(line.invoiceNo, line.stockCode, line.quantity, line.priceMilli);
}

export { lineAmountCents };
