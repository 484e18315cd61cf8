import type { DataMinimums, SpendMinimums } from './data-minimums.js';
import type { FitDiagnostics, MaximumLikelihoodOptions } from './maximum-likelihood.js';
import type { PurchaseHistory, TimeUnit } from './summaries.js';

/*
 * Types every customer-value model shares: the JSON a fitted model serialises to, the fit
 * options, and the interface of the two purchase models (BG/NBD, Pareto/NBD), so scoring code
 * reads either. Horizons are in the model's time unit.
 */

export const VALUE_MODEL_FORMAT = 'segmenta/customer-value-model';
export const VALUE_MODEL_FORMAT_VERSION = 1;

export type PurchaseModelKind = 'bg-nbd' | 'pareto-nbd';
export type ValueModelKind = PurchaseModelKind | 'gamma-gamma';

export interface PurchaseFitOptions extends MaximumLikelihoodOptions {
  /** Minimums checked before fitting (defaults: DEFAULT_DATA_MINIMUMS); false skips the check. */
  dataMinimums?: Partial<DataMinimums> | false;
}

export interface SpendFitOptions extends MaximumLikelihoodOptions {
  dataMinimums?: Partial<SpendMinimums> | false;
}

/** A purchase history with the unit its times are in (summaries carry one). */
export type HistoryInput = PurchaseHistory & { timeUnit?: TimeUnit };

export interface ValueModelState<K extends ValueModelKind = ValueModelKind, P extends string = string> {
  format: typeof VALUE_MODEL_FORMAT;
  version: number;
  kind: K;
  /** Unit of the parameters' time scale (α, β are in it); null when fitted on a bare history. */
  timeUnit: TimeUnit | null;
  params: Record<P, number>;
  standardErrors: Record<P, number | null>;
  logLikelihood: number;
  /** Customers the fit used. */
  nCustomers: number;
  /** Hyperparameters of the fit (seed included), so it can be repeated exactly. */
  options: { restarts: number; seed: number; maxIterations: number; restartSampleSize: number; gradientTolerance: number | null; starts: number[][] | null };
  diagnostics: FitDiagnostics;
}

/** What scoring needs from a purchase model. */
export interface PurchaseModel {
  readonly kind: PurchaseModelKind;
  readonly timeUnit: TimeUnit | null;
  /** P(alive) at the end of the calibration period. */
  probabilityAlive(history: PurchaseHistory): Float64Array;
  /** Expected purchases in (T, T + horizon]. */
  expectedPurchases(history: PurchaseHistory, horizon: number): Float64Array;
  /** Expected purchases in (T, T + h] for each of several horizons (one array per horizon), sharing per-customer work. */
  cumulativeExpectedPurchases(history: PurchaseHistory, horizons: readonly number[]): Float64Array[];
  /** P(still alive at T + horizon). */
  probabilityAliveAt(history: PurchaseHistory, horizon: number): Float64Array;
  /** Median time from T to the next purchase of a customer who is alive (the purchase clock alone). */
  medianTimeToNextPurchase(history: PurchaseHistory): Float64Array;
  toJSON(): ValueModelState;
}
