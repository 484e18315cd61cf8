import { LOG_BOUND, maximiseLikelihood, type FitDiagnostics, type LikelihoodProblem } from './maximum-likelihood.js';
import {
  checkHorizon, checkState, compressHistory, groupByFrequency, historySubset, meanOf, medianWaitForRate, optionsState, perCustomer, preparePurchaseFit, stateHeader,
} from './model-support.js';
import { centralDifferenceGradient } from './finite-differences.js';
import { logAddExp, logGamma, logHyp2f1UnitA, logistic, logSubExp } from './special-functions.js';
import type { PurchaseHistory, TimeUnit } from './summaries.js';
import type { HistoryInput, PurchaseFitOptions, PurchaseModel, ValueModelState } from './value-model.js';

/*
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; expressions from Fader & Hardie 2005, "A note
 * on deriving the Pareto/NBD model and related expressions"): while alive a customer buys at
 * Poisson rate λ ~ Gamma(r, α) and drops out after an exponential lifetime of rate μ ~ Gamma(s, β).
 *
 * The likelihood's hypergeometric term is where implementations overflow: (α + t)^(r+s+x) for a
 * frequent buyer, and ₂F₁(r+s+x, s+1; r+s+x+1; z) with z → 1 when α and β are far apart. Here
 * every term is kept in log space and Euler's transformation reduces ₂F₁ to ₂F₁(1, ·; ·; z),
 * evaluated by its continued fraction (fast at any z < 1), so that with ρ = max(α, β)
 *   ln[(ρ+τ)^−(r+s+x) ₂F₁(…; z(τ))] = −(r+x) ln(α+τ) − s ln(β+τ) + ln ₂F₁(1, r+x; r+s+x+1; (α−β)/(α+τ))   (α ≥ β)
 *                                 = −(r+x−1) ln(α+τ) − (s+1) ln(β+τ) + ln ₂F₁(1, s+1; r+s+x+1; (β−α)/(β+τ))   (α < β)
 * and the difference of its values at t_x and T is taken as ln(e^A − e^B) without cancellation.
 */

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export const PARETO_NBD_PARAMS = ['r', 'alpha', 's', 'beta'] as const;
export type ParetoNbdState = ValueModelState<'pareto-nbd', (typeof PARETO_NBD_PARAMS)[number]>;

/** ln[(ρ+τ)^−(r+s+x) ₂F₁(…; z(τ))], the term A₀ of the note is a difference of at t_x and at T. */
function logA0Term(params: ParetoNbdParams, x: number, tau: number): number {
  const { r, alpha, s, beta } = params;
  const logAlpha = Math.log(alpha + tau);
  const logBeta = Math.log(beta + tau);
  const c = r + s + x + 1;
  if (alpha >= beta) return -(r + x) * logAlpha - s * logBeta + logHyp2f1UnitA(r + x, c, (alpha - beta) / (alpha + tau));
  return -(r + x - 1) * logAlpha - (s + 1) * logBeta + logHyp2f1UnitA(s + 1, c, (beta - alpha) / (beta + tau));
}

/**
 * The two parts of ln L after the common factor Γ(r+x) α^r β^s / Γ(r):
 * `alive` = ln[(α+T)^−(r+x) (β+T)^−s] (still alive at T) and `died` = ln[s/(r+s+x) · A₀]
 * (dropped out between t_x and T).
 */
function likelihoodParts(params: ParetoNbdParams, x: number, tx: number, T: number, atZero?: number): { alive: number; died: number } {
  const { r, alpha, s, beta } = params;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const atTx = x === 0 && atZero !== undefined ? atZero : logA0Term(params, x, tx);
  const died = Math.log(s / (r + s + x)) + logSubExp(atTx, logA0Term(params, x, T));
  return { alive, died };
}

/** One customer's log-likelihood (Fader & Hardie 2005, eq. (18) of the note). */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const { alive, died } = likelihoodParts(params, x, tx, T);
  return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + logAddExp(alive, died);
}

/** P(alive at T) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A₀). */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { alive, died } = likelihoodParts(params, x, tx, T);
  return logistic(alive - died);
}

/**
 * E[purchases in (T, T+t] | x, t_x, T] = P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)],
 * with the bracket over (s − 1) as −expm1(−(s−1)L)/(s−1), L = ln(1 + t/(β+T)), which tends to L at s = 1.
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  return Math.max(0, paretoNbdProbabilityAlive(params, x, tx, T) * expectedPurchasesIfAlive(params, t, x, T));
}

function expectedPurchasesIfAlive(params: ParetoNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = params;
  const L = Math.log1p(t / (beta + T));
  const c = s - 1;
  const growth = Math.abs(c * L) < 1e-10 ? L * (1 - (c * L) / 2) : -Math.expm1(-c * L) / c;
  return (((r + x) * (beta + T)) / (alpha + T)) * growth;
}

/** P(alive at T + h) = P(alive at T) · ((β+T)/(β+T+h))^s: given alive, μ ~ Gamma(s, β+T). */
export function paretoNbdProbabilityAliveAt(params: ParetoNbdParams, h: number, x: number, tx: number, T: number): number {
  const pAlive = paretoNbdProbabilityAlive(params, x, tx, T);
  return h <= 0 ? pAlive : pAlive * Math.exp(-params.s * Math.log1p(h / (params.beta + T)));
}

/** Mean negative log-likelihood in θ = ln(r, α, s, β); gradient by central differences. Rows may carry weights. */
export function paretoNbdProblem(history: PurchaseHistory & { weight?: Float64Array }): LikelihoodProblem {
  const { frequency, recency, age } = history;
  const rows = frequency.length;
  const weight = history.weight ?? new Float64Array(rows).fill(1);
  const n = weight.reduce((s, w) => s + w, 0);
  const groups = groupByFrequency(frequency, weight);
  const value = (theta: Float64Array): number => {
    for (let j = 0; j < 4; j++) if (!(Math.abs(theta[j]) <= LOG_BOUND)) return Infinity;
    const params = { r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), s: Math.exp(theta[2]), beta: Math.exp(theta[3]) };
    const { r, alpha, s, beta } = params;
    let ll = n * (-logGamma(r) + r * Math.log(alpha) + s * Math.log(beta));
    for (let g = 0; g < groups.values.length; g++) ll += groups.counts[g] * logGamma(r + groups.values[g]);
    // Every one-time buyer shares the term at t_x = 0.
    const atZero = logA0Term(params, 0, 0);
    for (let i = 0; i < rows; i++) {
      const { alive, died } = likelihoodParts(params, frequency[i], recency[i], age[i], atZero);
      ll += weight[i] * logAddExp(alive, died);
    }
    return Number.isFinite(ll) ? -ll / n : Infinity;
  };
  return { size: n, analyticGradient: false, objective: centralDifferenceGradient(value) };
}

/** Pareto/NBD estimator: hyperparameters in the constructor, `fit` returns the fitted model. */
export class ParetoNbd {
  constructor(readonly options: PurchaseFitOptions = {}) {
    optionsState(options);
  }

  fit(history: HistoryInput): ParetoNbdModel {
    const timeUnit = preparePurchaseFit(history, this.options, 'Pareto/NBD');
    const { frequency, recency, age } = history;
    const meanAge = Math.max(meanOf(age), 1e-3);
    // λ̄ = r/α ≈ (x̄ + 1)/T̄ with r = 1; a mean lifetime β/(s−1) of the order of the observation window.
    const guess = [1, meanAge / (meanOf(frequency) + 1), 1, meanAge];
    const result = maximiseLikelihood({
      paramNames: PARETO_NBD_PARAMS,
      size: frequency.length,
      problem: (indices) => paretoNbdProblem(compressHistory(historySubset({ frequency, recency, age }, indices))),
      initialGuess: guess,
    }, this.options);
    const [r, alpha, s, beta] = result.params;
    const [seR, seAlpha, seS, seBeta] = result.standardErrors;
    return new ParetoNbdModel({
      ...stateHeader('pareto-nbd'),
      timeUnit,
      params: { r, alpha, s, beta },
      standardErrors: { r: seR, alpha: seAlpha, s: seS, beta: seBeta },
      logLikelihood: result.logLikelihood,
      nCustomers: frequency.length,
      options: optionsState(this.options),
      diagnostics: result.diagnostics,
    });
  }
}

export class ParetoNbdModel implements PurchaseModel {
  readonly kind = 'pareto-nbd' as const;

  constructor(readonly state: ParetoNbdState) {}

  get params(): ParetoNbdParams {
    return this.state.params;
  }

  get timeUnit(): TimeUnit | null {
    return this.state.timeUnit;
  }

  get logLikelihood(): number {
    return this.state.logLikelihood;
  }

  get diagnostics(): FitDiagnostics {
    return this.state.diagnostics;
  }

  logLikelihoodOf(history: PurchaseHistory): number {
    return perCustomer(history, (x, tx, T) => paretoNbdLogLikelihood(this.params, x, tx, T)).reduce((s, v) => s + v, 0);
  }

  probabilityAlive(history: PurchaseHistory): Float64Array {
    return perCustomer(history, (x, tx, T) => paretoNbdProbabilityAlive(this.params, x, tx, T));
  }

  expectedPurchases(history: PurchaseHistory, horizon: number): Float64Array {
    checkHorizon(horizon);
    return perCustomer(history, (x, tx, T) => paretoNbdExpectedPurchases(this.params, horizon, x, tx, T));
  }

  cumulativeExpectedPurchases(history: PurchaseHistory, horizons: readonly number[]): Float64Array[] {
    horizons.forEach(checkHorizon);
    const pAlive = this.probabilityAlive(history);
    const { frequency, age } = history;
    return horizons.map((h) => {
      const out = new Float64Array(pAlive.length);
      for (let i = 0; i < out.length; i++) out[i] = Math.max(0, pAlive[i] * expectedPurchasesIfAlive(this.params, h, frequency[i], age[i]));
      return out;
    });
  }

  probabilityAliveAt(history: PurchaseHistory, horizon: number): Float64Array {
    checkHorizon(horizon);
    return perCustomer(history, (x, tx, T) => paretoNbdProbabilityAliveAt(this.params, horizon, x, tx, T));
  }

  medianTimeToNextPurchase(history: PurchaseHistory): Float64Array {
    const { r, alpha } = this.params;
    return perCustomer(history, (x, _tx, T) => medianWaitForRate(r, alpha, x, T));
  }

  toJSON(): ParetoNbdState {
    return structuredClone(this.state);
  }

  static fromJSON(state: ParetoNbdState): ParetoNbdModel {
    checkState(state, 'pareto-nbd', PARETO_NBD_PARAMS);
    return new ParetoNbdModel(structuredClone(state));
  }
}
