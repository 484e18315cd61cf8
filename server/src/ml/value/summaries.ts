import { invalidInput } from '../matrix.js';

/*
 * Customer summaries as the buy-till-you-die literature defines them (Fader, Hardie & Lee 2005):
 * per customer, x = repeat purchase periods, t_x = time from the first to the last purchase,
 * T = time from the first purchase to the end of the calibration period, and the mean value of
 * the repeat purchases. Time is counted in whole UTC days between purchase dates and reported in
 * the configured unit; the orders of one purchase period (a day, by default) count as one
 * purchase whose value is their sum. Struct of typed arrays, one entry per customer.
 */

export type TimeUnit = 'days' | 'weeks';
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { days: 1, weeks: 7 };
export const TIME_UNITS: readonly TimeUnit[] = ['days', 'weeks'];
/** Orders in one purchase period count as one purchase. Weeks run from each customer's first purchase day. */
export type PurchasePeriod = 'day' | 'week';
const DAYS_PER_PERIOD: Readonly<Record<PurchasePeriod, number>> = { day: 1, week: 7 };

export const MS_PER_DAY = 86_400_000;

/** What the purchase models (BG/NBD, Pareto/NBD) read. */
export interface PurchaseHistory {
  /** x: repeat purchase periods in the calibration period (the first purchase is not counted). */
  frequency: Float64Array;
  /** t_x: time from the first to the last purchase, in the time unit; 0 without repeat purchases. */
  recency: Float64Array;
  /** T: time from the first purchase to the end of the calibration period, in the time unit. */
  age: Float64Array;
}

export interface CustomerSummaries extends PurchaseHistory {
  timeUnit: TimeUnit;
  purchasePeriod: PurchasePeriod;
  /** Midnight UTC (epoch ms) of the last calibration day: time 0 of every forecast horizon. */
  calibrationEnd: number;
  /** Ascending. */
  customerIds: Float64Array;
  /** Mean value of the repeat purchases (each period's orders summed); 0 without repeat purchases. */
  monetaryValue: Float64Array;
  /** Midnight UTC (epoch ms) of each customer's first purchase day. */
  firstPurchaseAt: Float64Array;
  /** Purchase periods after the calibration end, up to the holdout end; null without a holdout. */
  holdoutFrequency: Float64Array | null;
  /** Holdout length in the time unit; null without a holdout. */
  holdoutLength: number | null;
  /** Customers whose first purchase is after the calibration end: not part of this cohort. */
  excludedCustomers: number;
}

export interface Transactions {
  /** Customer key of each order (any finite number; integers in practice). */
  customerIds: ArrayLike<number>;
  /** Order time, epoch milliseconds (UTC). */
  timestamps: ArrayLike<number>;
  /** Order value; optional (monetary values are 0 without it). Refunds may be negative. */
  amounts?: ArrayLike<number>;
}

export interface SummariseOptions {
  /** The last day of the calibration period (any instant in that UTC day); inclusive. */
  calibrationEnd: number | Date;
  /** The last day of an optional holdout period (inclusive), for `holdoutFrequency`. */
  holdoutEnd?: number | Date;
  /** Unit of recency, T and every model parameter and horizon. Default 'days'. */
  timeUnit?: TimeUnit;
  /** Default 'day'. */
  purchasePeriod?: PurchasePeriod;
}

const toMs = (value: number | Date): number => (value instanceof Date ? value.getTime() : value);

/** Builds the per-customer summaries from order rows (any order; O(n) plus small per-customer sorts). */
export function summariseTransactions(transactions: Transactions, options: SummariseOptions): CustomerSummaries {
  const { customerIds, timestamps, amounts } = transactions;
  const n = customerIds.length;
  if (timestamps.length !== n) throw invalidInput(`transactions: ${n} customer ids but ${timestamps.length} timestamps`);
  if (amounts && amounts.length !== n) throw invalidInput(`transactions: ${n} customer ids but ${amounts.length} amounts`);
  const timeUnit = options.timeUnit ?? 'days';
  if (!TIME_UNITS.includes(timeUnit)) throw invalidInput(`timeUnit must be one of ${TIME_UNITS.join(', ')}, got '${String(timeUnit)}'`);
  const purchasePeriod = options.purchasePeriod ?? 'day';
  if (!(purchasePeriod in DAYS_PER_PERIOD)) throw invalidInput(`purchasePeriod must be 'day' or 'week', got '${String(purchasePeriod)}'`);
  const endMs = toMs(options.calibrationEnd);
  if (!Number.isFinite(endMs)) throw invalidInput('calibrationEnd must be a valid date');
  const endDay = Math.floor(endMs / MS_PER_DAY);
  let holdoutEndDay = endDay;
  if (options.holdoutEnd !== undefined) {
    const holdoutMs = toMs(options.holdoutEnd);
    if (!Number.isFinite(holdoutMs)) throw invalidInput('holdoutEnd must be a valid date');
    holdoutEndDay = Math.floor(holdoutMs / MS_PER_DAY);
    if (holdoutEndDay <= endDay) throw invalidInput('holdoutEnd must be after calibrationEnd');
  }
  const hasHoldout = options.holdoutEnd !== undefined;

  // Dense customer index by ascending id, then a counting sort of the rows by customer.
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = customerIds[i];
    const t = timestamps[i];
    if (!Number.isFinite(id)) throw invalidInput(`transactions: row ${i}, column customerId: not a finite number (${id})`);
    if (!Number.isFinite(t)) throw invalidInput(`transactions: row ${i}, column timestamp: not a finite time (${t})`);
    if (amounts && !Number.isFinite(amounts[i])) throw invalidInput(`transactions: row ${i}, column amount: not a finite number (${amounts[i]})`);
    days[i] = Math.floor(t / MS_PER_DAY);
  }
  const sortedIds = Float64Array.from(customerIds).sort();
  let unique = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sortedIds[i] !== sortedIds[i - 1]) sortedIds[unique++] = sortedIds[i];
  const ids = sortedIds.slice(0, unique);
  const indexOf = new Map<number, number>();
  for (let c = 0; c < unique; c++) indexOf.set(ids[c], c);
  const start = new Int32Array(unique + 1);
  const customerOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = indexOf.get(customerIds[i])!;
    customerOf[i] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < unique; c++) start[c + 1] += start[c];
  const rows = new Int32Array(n);
  const fill = start.slice(0, unique);
  for (let i = 0; i < n; i++) rows[fill[customerOf[i]]++] = i;

  const frequency = new Float64Array(unique);
  const recency = new Float64Array(unique);
  const age = new Float64Array(unique);
  const monetaryValue = new Float64Array(unique);
  const firstPurchaseAt = new Float64Array(unique);
  const holdoutFrequency = new Float64Array(unique);
  const keep = new Uint8Array(unique);
  const unit = DAYS_PER_UNIT[timeUnit];
  const periodDays = DAYS_PER_PERIOD[purchasePeriod];
  let kept = 0;
  for (let c = 0; c < unique; c++) {
    const group = rows.subarray(start[c], start[c + 1]);
    sortByDay(group, days);
    const firstDay = days[group[0]];
    if (firstDay > endDay) continue;
    keep[c] = 1;
    kept++;
    let lastPeriod = 0;
    let lastCalibrationPeriod = 0;
    let repeats = 0;
    let repeatSum = 0;
    let holdout = 0;
    for (let k = 0; k < group.length; k++) {
      const row = group[k];
      const day = days[row];
      if (day > holdoutEndDay) break;
      const period = Math.floor((day - firstDay) / periodDays);
      const value = amounts ? amounts[row] : 0;
      const isNewPeriod = k === 0 || period !== lastPeriod;
      if (day <= endDay) {
        if (isNewPeriod && k > 0) {
          repeats++;
          lastCalibrationPeriod = period;
        }
        if (period > 0) repeatSum += value;
      } else if (isNewPeriod && period !== lastCalibrationPeriod) {
        // A holdout order in the period of the last calibration purchase is that same purchase.
        holdout++;
      }
      lastPeriod = period;
    }
    frequency[c] = repeats;
    recency[c] = (lastCalibrationPeriod * periodDays) / unit;
    age[c] = (endDay - firstDay) / unit;
    monetaryValue[c] = repeats > 0 ? repeatSum / repeats : 0;
    firstPurchaseAt[c] = firstDay * MS_PER_DAY;
    holdoutFrequency[c] = holdout;
  }
  const select = (values: Float64Array): Float64Array => {
    if (kept === unique) return values;
    const out = new Float64Array(kept);
    for (let c = 0, j = 0; c < unique; c++) if (keep[c]) out[j++] = values[c];
    return out;
  };
  return {
    timeUnit,
    purchasePeriod,
    calibrationEnd: endDay * MS_PER_DAY,
    customerIds: select(ids),
    frequency: select(frequency),
    recency: select(recency),
    age: select(age),
    monetaryValue: select(monetaryValue),
    firstPurchaseAt: select(firstPurchaseAt),
    holdoutFrequency: hasHoldout ? select(holdoutFrequency) : null,
    holdoutLength: hasHoldout ? (holdoutEndDay - endDay) / unit : null,
    excludedCustomers: unique - kept,
  };
}

/** Sorts a customer's row indices by day, stable (insertion sort: groups are small). */
function sortByDay(group: Int32Array, days: Int32Array): void {
  if (group.length > 64) {
    const sorted = Array.from(group).sort((i, j) => days[i] - days[j] || i - j);
    group.set(sorted);
    return;
  }
  for (let i = 1; i < group.length; i++) {
    const row = group[i];
    const day = days[row];
    let j = i - 1;
    while (j >= 0 && (days[group[j]] > day || (days[group[j]] === day && group[j] > row))) {
      group[j + 1] = group[j];
      j--;
    }
    group[j + 1] = row;
  }
}

/**
 * Rejects a history the models cannot read, naming the customer (row) and the field: lengths
 * differ, a value is not finite, x is not a non-negative integer, t_x is outside [0, T], or a
 * customer without repeat purchases has t_x > 0.
 */
export function validatePurchaseHistory(history: PurchaseHistory, what = 'purchase history'): void {
  const { frequency, recency, age } = history;
  const n = frequency.length;
  if (recency.length !== n || age.length !== n) {
    throw invalidInput(`${what}: frequency, recency and age must have the same length (${n}, ${recency.length}, ${age.length})`);
  }
  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    const tx = recency[i];
    const T = age[i];
    if (!(Number.isInteger(x) && x >= 0)) throw invalidInput(`${what}: row ${i}, frequency must be a non-negative integer, got ${x}`);
    if (!(Number.isFinite(T) && T >= 0)) throw invalidInput(`${what}: row ${i}, age must be a finite number ≥ 0, got ${T}`);
    if (!(Number.isFinite(tx) && tx >= 0 && tx <= T)) throw invalidInput(`${what}: row ${i}, recency must lie in [0, age = ${T}], got ${tx}`);
    if (x === 0 && tx !== 0) throw invalidInput(`${what}: row ${i}, recency must be 0 without repeat purchases, got ${tx}`);
  }
}

/** Converts a duration in days to the summaries' time unit. */
export const daysToUnits = (days: number, timeUnit: TimeUnit): number => days / DAYS_PER_UNIT[timeUnit];
