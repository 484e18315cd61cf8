import { invalidInput } from '../matrix.js';
import { checkPurchaseData, assertDataCheck } from './data-minimums.js';
import { resolveMaximumLikelihoodOptions, type MaximumLikelihoodOptions } from './maximum-likelihood.js';
import { TIME_UNITS, validatePurchaseHistory, type PurchaseHistory, type TimeUnit } from './summaries.js';
import { VALUE_MODEL_FORMAT, VALUE_MODEL_FORMAT_VERSION, type HistoryInput, type PurchaseFitOptions, type ValueModelKind, type ValueModelState } from './value-model.js';

/* Plumbing the three models share: data checks, subsets, per-customer maps, JSON round trips. */

/** A purchase history where each row stands for `weight` identical customers. */
export interface WeightedHistory extends PurchaseHistory {
  weight: Float64Array;
}

/**
 * Merges customers with the same (x, t_x, T) into one weighted row. Summaries counted in whole
 * days repeat a lot (every one-time buyer of a day shares a row), which cuts the likelihood's
 * cost several times over; when fewer than a fifth of the rows would merge, the history is kept
 * as it is (weights 1). Rows can only merge where ages repeat, so when most of the first 10,000
 * ages are distinct (times measured continuously) the sort is skipped altogether.
 */
export function compressHistory(history: PurchaseHistory): WeightedHistory {
  const { frequency, recency, age } = history;
  const n = frequency.length;
  const probe = Math.min(n, 10_000);
  if (new Set(age.subarray(0, probe)).size > 0.5 * probe && probe >= 1000) return { frequency, recency, age, weight: new Float64Array(n).fill(1) };
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => frequency[i] - frequency[j] || recency[i] - recency[j] || age[i] - age[j]);
  let unique = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const j = order[k - 1];
    if (k === 0 || frequency[i] !== frequency[j] || recency[i] !== recency[j] || age[i] !== age[j]) unique++;
  }
  if (unique > 0.8 * n) return { frequency, recency, age, weight: new Float64Array(n).fill(1) };
  const out = { frequency: new Float64Array(unique), recency: new Float64Array(unique), age: new Float64Array(unique), weight: new Float64Array(unique) };
  let row = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const j = order[k - 1];
    if (k === 0 || frequency[i] !== frequency[j] || recency[i] !== recency[j] || age[i] !== age[j]) {
      row++;
      out.frequency[row] = frequency[i];
      out.recency[row] = recency[i];
      out.age[row] = age[i];
    }
    out.weight[row]++;
  }
  return out;
}

/** Per-customer arrays of a purchase history restricted to `indices` (all when null). */
export function historySubset(history: PurchaseHistory, indices: Int32Array | null): PurchaseHistory {
  if (!indices) return history;
  const pick = (values: Float64Array): Float64Array => Float64Array.from(indices, (i) => values[i]);
  return { frequency: pick(history.frequency), recency: pick(history.recency), age: pick(history.age) };
}

/**
 * Distinct integer frequencies and each customer's index into them: the likelihood terms that
 * depend on x alone (ln Γ(r + x), ln B(a, b + x), …) are computed once per distinct x.
 */
export function groupByFrequency(frequency: Float64Array, weight?: Float64Array): { values: Float64Array; counts: Float64Array; index: Int32Array } {
  let max = 0;
  for (let i = 0; i < frequency.length; i++) max = Math.max(max, frequency[i]);
  const counts = new Float64Array(max + 1);
  for (let i = 0; i < frequency.length; i++) counts[frequency[i]] += weight ? weight[i] : 1;
  const position = new Int32Array(max + 1).fill(-1);
  const values: number[] = [];
  const kept: number[] = [];
  for (let v = 0; v <= max; v++) {
    if (counts[v] > 0) {
      position[v] = values.length;
      values.push(v);
      kept.push(counts[v]);
    }
  }
  const index = new Int32Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) index[i] = position[frequency[i]];
  return { values: Float64Array.from(values), counts: Float64Array.from(kept), index };
}

/** Validates the history and, unless switched off, the data minimums; returns the time unit. */
export function preparePurchaseFit(history: HistoryInput, options: PurchaseFitOptions, model: string): TimeUnit | null {
  validatePurchaseHistory(history);
  const timeUnit = history.timeUnit ?? null;
  if (timeUnit !== null && !TIME_UNITS.includes(timeUnit)) throw invalidInput(`timeUnit must be one of ${TIME_UNITS.join(', ')}, got '${String(timeUnit)}'`);
  if (history.frequency.length === 0) throw invalidInput(`cannot fit ${model}: no customers`);
  if (options.dataMinimums !== false) assertDataCheck(checkPurchaseData(history, timeUnit ?? 'days', options.dataMinimums ?? {}), model);
  return timeUnit;
}

export function optionsState(options: MaximumLikelihoodOptions): ValueModelState['options'] {
  const resolved = resolveMaximumLikelihoodOptions(options);
  return {
    restarts: resolved.restarts,
    seed: resolved.seed,
    maxIterations: resolved.maxIterations,
    restartSampleSize: resolved.restartSampleSize,
    gradientTolerance: resolved.gradientTolerance ?? null,
    starts: resolved.starts ? resolved.starts.map((s) => [...s]) : null,
  };
}

export function stateHeader<K extends ValueModelKind>(kind: K): { format: typeof VALUE_MODEL_FORMAT; version: number; kind: K } {
  return { format: VALUE_MODEL_FORMAT, version: VALUE_MODEL_FORMAT_VERSION, kind };
}

/** Checks a stored model before use: format, version, kind and finite positive parameters. */
export function checkState(state: ValueModelState, kind: ValueModelKind, paramNames: readonly string[]): void {
  if (state?.format !== VALUE_MODEL_FORMAT) throw invalidInput(`not a ${VALUE_MODEL_FORMAT} document`);
  if (state.version !== VALUE_MODEL_FORMAT_VERSION) throw invalidInput(`unsupported customer-value model version ${state.version} (this build reads ${VALUE_MODEL_FORMAT_VERSION})`);
  if (state.kind !== kind) throw invalidInput(`expected a ${kind} model, got '${String(state.kind)}'`);
  for (const name of paramNames) {
    const value = (state.params as Record<string, number>)[name];
    if (!(Number.isFinite(value) && value > 0)) throw invalidInput(`${kind} model: parameter ${name} must be a finite positive number, got ${value}`);
  }
}

/** Applies `fn` to every customer of a history. */
export function perCustomer(history: PurchaseHistory, fn: (x: number, tx: number, T: number) => number): Float64Array {
  const { frequency, recency, age } = history;
  const out = new Float64Array(frequency.length);
  for (let i = 0; i < out.length; i++) out[i] = fn(frequency[i], recency[i], age[i]);
  return out;
}

export function checkHorizon(horizon: number): void {
  if (!(Number.isFinite(horizon) && horizon >= 0)) throw invalidInput(`horizon must be a finite number ≥ 0, got ${horizon}`);
}

/** The median of the waiting time W ~ Lomax(r + x, α + T): (α + T)(2^{1/(r+x)} − 1). */
export function medianWaitForRate(r: number, alpha: number, x: number, T: number): number {
  return (alpha + T) * Math.expm1(Math.LN2 / (r + x));
}

export function meanOf(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : 0;
}
