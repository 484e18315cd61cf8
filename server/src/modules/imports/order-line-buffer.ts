// The order lines of one batch, column by column in typed arrays, with each invoice number and stock
// code kept once per batch. A batch lives while the next one is read, long enough for the collector to
// copy its objects into the old generation; numbers in typed arrays cost it nothing, whereas one object
// and two strings per line made a 5M-row import collect ~160 MB of old-generation garbage a cycle.

import { resized } from '../../ml/typed-arrays.js';
import { ownCopy } from './values.js';

/** Distinct strings of a batch and the index of each. */
class StringTable {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private lastValue: string | null = null;
  private lastIndex = -1;

  /** The index of a value already in the table, or -1. */
  find(value: string): number {
    return this.index.get(value) ?? -1;
  }

  indexOf(value: string): number {
    if (value === this.lastValue) return this.lastIndex; // lines of one invoice come together
    let index = this.index.get(value);
    if (index === undefined) {
      index = this.values.length;
      const own = ownCopy(value);
      this.values.push(own);
      this.index.set(own, index);
    }
    this.lastValue = value;
    this.lastIndex = index;
    return index;
  }
}

export class OrderLineBuffer {
  readonly invoices = new StringTable();
  readonly stockCodes = new StringTable();
  private capacity: number;
  length = 0;
  invoice: Int32Array;
  product: Int32Array;
  quantity: Int32Array;
  position: Int32Array;
  /** Thousandths and cents: exact integers well within a double's 2^53. */
  priceMilli: Float64Array;
  amountCents: Float64Array;
  outlier: Uint8Array;

  constructor(capacity = 1024) {
    this.capacity = Math.max(16, capacity);
    this.invoice = new Int32Array(this.capacity);
    this.product = new Int32Array(this.capacity);
    this.quantity = new Int32Array(this.capacity);
    this.position = new Int32Array(this.capacity);
    this.priceMilli = new Float64Array(this.capacity);
    this.amountCents = new Float64Array(this.capacity);
    this.outlier = new Uint8Array(this.capacity);
  }

  /** Appends a line; `position` is the file line it was read from. */
  push(invoiceNo: string, stockCode: string, quantity: number, priceMilli: number, amountCents: number, outlier: boolean, position: number): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.invoice[i] = this.invoices.indexOf(invoiceNo);
    this.product[i] = this.stockCodes.indexOf(stockCode);
    this.quantity[i] = quantity;
    this.position[i] = position;
    this.priceMilli[i] = priceMilli;
    this.amountCents[i] = amountCents;
    this.outlier[i] = outlier ? 1 : 0;
  }

  private grow(): void {
    const capacity = (this.capacity *= 2);
    this.invoice = resized(this.invoice, capacity);
    this.product = resized(this.product, capacity);
    this.quantity = resized(this.quantity, capacity);
    this.position = resized(this.position, capacity);
    this.priceMilli = resized(this.priceMilli, capacity);
    this.amountCents = resized(this.amountCents, capacity);
    this.outlier = resized(this.outlier, capacity);
  }
}
