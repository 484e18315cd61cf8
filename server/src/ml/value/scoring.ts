import { invalidInput } from '../matrix.js';
import type { ProgressCallback } from '../progress.js';
import type { GammaGammaModel } from './gamma-gamma.js';
import { DAYS_PER_UNIT, MS_PER_DAY, type CustomerSummaries, type PurchaseHistory, type TimeUnit } from './summaries.js';
import type { PurchaseModel } from './value-model.js';

/*
 * Per-customer predictions from a fitted purchase model (BG/NBD or Pareto/NBD) and the
 * Gamma-Gamma spend model: expected purchases, P(alive), churn risk, the expected next order and
 * the predicted customer lifetime value with its percentile rank. Settings are in days whatever
 * the models' time unit; every output is for the summaries' calibration end ("as of").
 */

export interface ClvSettings {
  /** CLV horizon in days. Default 365. */
  horizonDays?: number;
  /** Share of revenue kept as profit, in (0, 1]. Default 1 (the CLV is revenue). */
  margin?: number;
  /** Annual discount rate, ≥ 0. Default 0.1. */
  annualDiscountRate?: number;
  /** Purchases are discounted at the end of each step of this many days. Default 30.4375 (a month). */
  stepDays?: number;
}

export interface ScoringSettings extends ClvSettings {
  /** Churn risk = 1 − P(alive this many days after the as-of date). Default 0: 1 − P(alive) now. */
  churnHorizonDays?: number;
}

export const DEFAULT_CLV_SETTINGS: Readonly<Required<ClvSettings>> = { horizonDays: 365, margin: 1, annualDiscountRate: 0.1, stepDays: 30.4375 };
const DAYS_PER_YEAR = 365.25;

export interface CustomerScores {
  /** Epoch ms of the as-of date (the calibration end). */
  asOf: number;
  settings: Required<ScoringSettings>;
  customerIds: Float64Array;
  /** Expected purchases within the CLV horizon. */
  expectedPurchases: Float64Array;
  probabilityAlive: Float64Array;
  /** 1 − P(alive at as-of + churnHorizonDays). */
  churnRisk: Float64Array;
  /** Epoch ms: as-of + the median wait to the next purchase of a customer who is still active. */
  expectedNextOrderAt: Float64Array;
  /** Expected value of a future purchase. */
  expectedSpend: Float64Array;
  /** Discounted margin over the horizon; never negative. */
  predictedClv: Float64Array;
  /** Percentile of predictedClv among these customers, 0 (lowest) to 100 (highest); ties share a mid rank. */
  clvPercentile: Float64Array;
}

export function resolveScoringSettings(settings: ScoringSettings = {}): Required<ScoringSettings> {
  const resolved = { ...DEFAULT_CLV_SETTINGS, churnHorizonDays: 0, ...settings };
  const { horizonDays, margin, annualDiscountRate, stepDays, churnHorizonDays } = resolved;
  if (!(Number.isFinite(horizonDays) && horizonDays > 0)) throw invalidInput(`horizonDays must be > 0, got ${horizonDays}`);
  if (!(margin > 0 && margin <= 1)) throw invalidInput(`margin must be in (0, 1], got ${margin}`);
  if (!(Number.isFinite(annualDiscountRate) && annualDiscountRate >= 0)) throw invalidInput(`annualDiscountRate must be ≥ 0, got ${annualDiscountRate}`);
  if (!(Number.isFinite(stepDays) && stepDays > 0)) throw invalidInput(`stepDays must be > 0, got ${stepDays}`);
  if (!(Number.isFinite(churnHorizonDays) && churnHorizonDays >= 0)) throw invalidInput(`churnHorizonDays must be ≥ 0, got ${churnHorizonDays}`);
  return resolved;
}

function unitOf(model: PurchaseModel, history: { timeUnit?: TimeUnit }): TimeUnit {
  const unit = history.timeUnit ?? model.timeUnit ?? 'days';
  if (model.timeUnit !== null && model.timeUnit !== unit) {
    throw invalidInput(`the purchase model was fitted in ${model.timeUnit} but the summaries are in ${unit}`);
  }
  return unit;
}

/**
 * CLV = margin · E[spend] · Σₖ (E[purchases by tₖ] − E[purchases by tₖ₋₁]) / (1 + d)^(tₖ / year),
 * over steps tₖ of about `stepDays` up to the horizon. Each increment is clamped at 0, so the
 * result is never negative even where rounding makes the expectation wobble.
 */
export function customerLifetimeValue(
  model: PurchaseModel, history: PurchaseHistory & { timeUnit?: TimeUnit }, expectedSpend: Float64Array, settings: ClvSettings = {},
): Float64Array {
  return lifetimeValueAndPurchases(model, history, expectedSpend, resolveScoringSettings(settings)).clv;
}

/** CLV and the expected purchases over the whole horizon (its last step), from one pass. */
function lifetimeValueAndPurchases(
  model: PurchaseModel, history: PurchaseHistory & { timeUnit?: TimeUnit }, expectedSpend: Float64Array, settings: Required<ClvSettings>,
): { clv: Float64Array; purchases: Float64Array } {
  const { horizonDays, margin, annualDiscountRate, stepDays } = settings;
  const n = history.frequency.length;
  if (expectedSpend.length !== n) throw invalidInput(`expected spend has ${expectedSpend.length} values for ${n} customers`);
  const unitDays = DAYS_PER_UNIT[unitOf(model, history)];
  const steps = Math.max(1, Math.round(horizonDays / stepDays));
  const width = horizonDays / steps;
  const stepEnds = Array.from({ length: steps }, (_, k) => (k + 1) * width);
  const cumulative = model.cumulativeExpectedPurchases(history, stepEnds.map((days) => days / unitDays));
  const clv = new Float64Array(n);
  let previous: Float64Array = new Float64Array(n);
  stepEnds.forEach((days, k) => {
    const current = cumulative[k];
    const factor = Math.pow(1 + annualDiscountRate, -days / DAYS_PER_YEAR);
    for (let i = 0; i < n; i++) clv[i] += Math.max(0, current[i] - previous[i]) * factor;
    previous = current;
  });
  for (let i = 0; i < n; i++) clv[i] *= margin * Math.max(0, expectedSpend[i]);
  return { clv, purchases: cumulative[steps - 1] };
}

/** Percentile ranks 0–100: 100 · (values below + (ties − 1)/2) / (n − 1); a single value ranks 100. */
export function percentileRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 1) out[0] = 100;
  if (n <= 1) return out;
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i])) throw invalidInput(`percentileRanks: value ${i} is NaN`);
  // A sorted copy and two binary searches per value: below = first index ≥ v, ties = first index > v − below.
  const sorted = Float64Array.from(values).sort();
  const firstAbove = (v: number, strict: boolean): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v || (strict && sorted[mid] === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let i = 0; i < n; i++) {
    const below = firstAbove(values[i], false);
    const ties = firstAbove(values[i], true) - below;
    out[i] = (100 * (below + (ties - 1) / 2)) / (n - 1);
  }
  return out;
}

/** Every per-customer score for the summaries' customers, as of their calibration end. */
export function scoreCustomers(
  summaries: CustomerSummaries, models: { purchase: PurchaseModel; spend: GammaGammaModel }, settings: ScoringSettings = {},
  options: { onProgress?: ProgressCallback } = {},
): CustomerScores {
  const resolved = resolveScoringSettings(settings);
  const report = (done: number): void => options.onProgress?.({ stage: 'customer-value-scoring', done, total: 3 });
  const { purchase, spend } = models;
  const unitDays = DAYS_PER_UNIT[unitOf(purchase, summaries)];
  for (let i = 0; i < summaries.monetaryValue.length; i++) {
    if (!Number.isFinite(summaries.monetaryValue[i])) throw invalidInput(`summaries: row ${i}, monetary value is not finite`);
  }
  report(0);
  const expectedSpend = spend.expectedSpend(summaries);
  const { clv: predictedClv, purchases } = lifetimeValueAndPurchases(purchase, summaries, expectedSpend, resolved);
  report(1);
  const wait = purchase.medianTimeToNextPurchase(summaries);
  const expectedNextOrderAt = new Float64Array(wait.length);
  for (let i = 0; i < wait.length; i++) expectedNextOrderAt[i] = summaries.calibrationEnd + Math.round(wait[i] * unitDays * MS_PER_DAY);
  const aliveLater = purchase.probabilityAliveAt(summaries, resolved.churnHorizonDays / unitDays);
  const probabilityAlive = purchase.probabilityAlive(summaries);
  report(2);
  const clvPercentile = percentileRanks(predictedClv);
  report(3);
  return {
    asOf: summaries.calibrationEnd,
    settings: resolved,
    customerIds: summaries.customerIds,
    expectedPurchases: purchases,
    probabilityAlive,
    churnRisk: aliveLater.map((p) => 1 - p),
    expectedNextOrderAt,
    expectedSpend,
    predictedClv,
    clvPercentile,
  };
}
