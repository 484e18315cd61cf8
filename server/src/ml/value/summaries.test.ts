/** Customer summaries on a hand-computed example (the CDNOW totals are checked against scipy in cdnow-reference.test.ts). */
import { describe, expect, it } from 'vitest';
import { summariseTransactions, validatePurchaseHistory } from './summaries.js';

const at = (iso: string): number => Date.parse(iso);

// Customer 7: two orders on 1 Jan (one purchase of 15), then 5 Jan (20), 15 Jan (30); 10 Feb in the holdout.
// Customer 3: one order on 20 Jan. Customer 9: first order after the calibration end (not in the cohort).
// Customer 11: 1 Jan, 29 Jan, and 2 Feb (holdout, but in the same week as 29 Jan when counting weeks).
const orders = {
  customerIds: [7, 7, 3, 7, 9, 7, 7, 11, 11, 11],
  timestamps: [
    at('2024-01-01T10:00:00Z'), at('2024-01-01T15:00:00Z'), at('2024-01-20T08:00:00Z'), at('2024-01-05T23:59:59Z'),
    at('2024-02-05T12:00:00Z'), at('2024-01-15T00:00:00Z'), at('2024-02-10T09:00:00Z'),
    at('2024-01-01T00:00:00Z'), at('2024-01-29T12:00:00Z'), at('2024-02-02T12:00:00Z'),
  ],
  amounts: [10, 5, 12, 20, 99, 30, 8, 40, 50, 60],
};
const window = { calibrationEnd: at('2024-01-31T18:30:00Z'), holdoutEnd: at('2024-02-29T00:00:00Z') };

describe('summariseTransactions', () => {
  it('counts one purchase per customer-day, in days', () => {
    const s = summariseTransactions(orders, window);
    expect(Array.from(s.customerIds)).toEqual([3, 7, 11]);
    expect(Array.from(s.frequency)).toEqual([0, 2, 1]);
    expect(Array.from(s.recency)).toEqual([0, 14, 28]);
    expect(Array.from(s.age)).toEqual([11, 30, 30]);
    expect(Array.from(s.monetaryValue)).toEqual([0, 25, 50]);
    expect(Array.from(s.holdoutFrequency!)).toEqual([0, 1, 1]);
    expect(s.holdoutLength).toBe(29);
    expect(s.excludedCustomers).toBe(1);
    expect(s.calibrationEnd).toBe(at('2024-01-31T00:00:00Z'));
    expect(Array.from(s.firstPurchaseAt)).toEqual([at('2024-01-20T00:00:00Z'), at('2024-01-01T00:00:00Z'), at('2024-01-01T00:00:00Z')]);
  });

  it('reports the same purchases in weeks', () => {
    const s = summariseTransactions(orders, { ...window, timeUnit: 'weeks' });
    expect(Array.from(s.frequency)).toEqual([0, 2, 1]);
    expect(Array.from(s.recency)).toEqual([0, 2, 4]);
    expect(Array.from(s.age)).toEqual([11 / 7, 30 / 7, 30 / 7]);
    expect(s.holdoutLength).toBeCloseTo(29 / 7, 14);
  });

  it('counts weekly purchase periods from each first purchase when asked', () => {
    const s = summariseTransactions(orders, { ...window, purchasePeriod: 'week' });
    // Customer 7: weeks 0 (1 and 5 Jan) and 2 (15 Jan); the 5 Jan order joins the first purchase.
    expect(Array.from(s.frequency)).toEqual([0, 1, 1]);
    expect(Array.from(s.recency)).toEqual([0, 14, 28]);
    expect(Array.from(s.monetaryValue)).toEqual([0, 30, 50]);
    // Customer 11's 2 Feb order falls in the week of its 29 Jan purchase: not a new holdout purchase.
    expect(Array.from(s.holdoutFrequency!)).toEqual([0, 1, 0]);
  });

  it('leaves the holdout out when no holdout end is given, and ignores later orders', () => {
    const s = summariseTransactions(orders, { calibrationEnd: window.calibrationEnd });
    expect(s.holdoutFrequency).toBeNull();
    expect(s.holdoutLength).toBeNull();
    expect(Array.from(s.frequency)).toEqual([0, 2, 1]);
    const none = summariseTransactions({ customerIds: [], timestamps: [] }, { calibrationEnd: window.calibrationEnd });
    expect(none.frequency.length).toBe(0);
  });

  it('names the row and column of bad input', () => {
    expect(() => summariseTransactions({ customerIds: [1, 2], timestamps: [0] }, window)).toThrow(/2 customer ids but 1 timestamps/);
    expect(() => summariseTransactions({ customerIds: [1, 2, 3], timestamps: [0, 1, NaN] }, window)).toThrow(/row 2, column timestamp/);
    expect(() => summariseTransactions({ customerIds: [1, NaN], timestamps: [0, 1] }, window)).toThrow(/row 1, column customerId/);
    expect(() => summariseTransactions({ customerIds: [1], timestamps: [0], amounts: [Infinity] }, window)).toThrow(/row 0, column amount/);
    expect(() => summariseTransactions(orders, { calibrationEnd: window.calibrationEnd, holdoutEnd: window.calibrationEnd })).toThrow(/holdoutEnd must be after/);
    expect(() => summariseTransactions(orders, { ...window, timeUnit: 'months' as never })).toThrow(/timeUnit/);
  });
});

describe('validatePurchaseHistory', () => {
  const history = (x: number, tx: number, T: number) => ({ frequency: Float64Array.of(2, x), recency: Float64Array.of(1, tx), age: Float64Array.of(3, T) });

  it('accepts a valid history and names the row of an invalid one', () => {
    expect(() => validatePurchaseHistory(history(1, 2, 5))).not.toThrow();
    expect(() => validatePurchaseHistory(history(1.5, 2, 5))).toThrow(/row 1, frequency must be a non-negative integer/);
    expect(() => validatePurchaseHistory(history(1, 6, 5))).toThrow(/row 1, recency must lie in \[0, age = 5\]/);
    expect(() => validatePurchaseHistory(history(0, 1, 5))).toThrow(/row 1, recency must be 0 without repeat purchases/);
    expect(() => validatePurchaseHistory(history(1, 0, NaN))).toThrow(/row 1, age/);
    expect(() => validatePurchaseHistory({ frequency: Float64Array.of(1), recency: Float64Array.of(1, 2), age: Float64Array.of(3) })).toThrow(/same length/);
  });
});
