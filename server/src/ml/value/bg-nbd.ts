import { LOG_BOUND, maximiseLikelihood, type FitDiagnostics, type LikelihoodProblem } from './maximum-likelihood.js';
import {
  checkHorizon, checkState, compressHistory, groupByFrequency, historySubset, meanOf, medianWaitForRate, optionsState, perCustomer, preparePurchaseFit, stateHeader,
} from './model-support.js';
import { betaExpectation, digamma, logBeta, logGamma, logHyp2f1Positive, logistic } from './special-functions.js';
import type { PurchaseHistory, TimeUnit } from './summaries.js';
import type { HistoryInput, PurchaseFitOptions, PurchaseModel, ValueModelState } from './value-model.js';

/*
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing Science
 * 24(2)): while alive a customer buys at Poisson rate λ, λ ~ Gamma(r, α) across customers; after
 * each purchase she drops out with probability p, p ~ Beta(a, b). Time (α) is in the history's
 * unit. Per customer the data are x (repeat purchases), t_x (recency) and T (age).
 */

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export const BG_NBD_PARAMS = ['r', 'alpha', 'a', 'b'] as const;
export type BgNbdState = ValueModelState<'bg-nbd', (typeof BG_NBD_PARAMS)[number]>;

/**
 * One customer's log-likelihood, FHL (2005) eq. (6), in log space:
 *   ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln( B(a, b+x)/B(a,b) · (α+T)^−(r+x)
 *                                           + [x > 0] B(a+1, b+x−1)/B(a,b) · (α+t_x)^−(r+x) ).
 */
export function bgNbdLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const lb = logBeta(a, b);
  const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const atT = logBeta(a, b + x) - lb - (r + x) * Math.log(alpha + T);
  if (x === 0) return common + atT;
  const atTx = logBeta(a + 1, b + x - 1) - lb - (r + x) * Math.log(alpha + tx);
  return common + (atT > atTx ? atT + Math.log1p(Math.exp(atTx - atT)) : atTx + Math.log1p(Math.exp(atT - atTx)));
}

/** P(alive at T) = 1 / (1 + [x > 0] a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)); exactly 1 without repeat purchases. */
export function bgNbdProbabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return logistic(-logOdds);
}

/**
 * E[purchases in (T, T+t] | x, t_x, T], FHL (2005) eq. (10):
 *   P(alive) · (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))].
 * The hypergeometric series has positive terms and is summed in log space; the bracket as
 * −expm1(·) keeps short horizons exact. Where the closed form degenerates (a ≈ 1, or a+b+x−1 ≤ 0
 * for x = 0) the same quantity, P(alive) · E_p[(1 − (1 + p t/(α+T))^−(r+x)) / p] with
 * p ~ Beta(a, b+x), is integrated numerically.
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return Math.max(0, bgNbdProbabilityAlive(params, x, tx, T) * expectedPurchasesIfAlive(params, t, x, T));
}

/** E[purchases in (T, T+t]] for a customer known to be alive at T (the factor after P(alive) above). */
function expectedPurchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const m = r + x;
  const c = a + b + x - 1;
  const logShrink = -Math.log1p(t / (alpha + T)); // ln((α+T)/(α+T+t)) = ln(1 − z)
  let perAlive: number;
  if (closedFormApplies(params, x)) {
    const z = t / (alpha + T + t);
    perAlive = (c / (a - 1)) * -Math.expm1(m * logShrink + logHyp2f1Positive(m, b + x, c, z));
  } else {
    const k = t / (alpha + T);
    perAlive = betaExpectation(a, b + x, (p) => (p === 0 ? m * k : -Math.expm1(-m * Math.log1p(p * k)) / p));
  }
  return perAlive;
}

/** Where the hypergeometric closed form is numerically sound (see bgNbdExpectedPurchases). */
const closedFormApplies = (params: BgNbdParams, x: number): boolean => Math.abs(params.a - 1) >= 1e-3 && params.a + params.b + x - 1 >= 0.01;

/**
 * P(alive at T + h): alive at T and no dropout at any purchase in (T, T+h]. Given λ and p that is
 * e^(−λph); over the posterior λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x) it is
 *   E_p[(1 + p k)^−(r+x)] = (1+k)^−(r+x) ₂F₁(r+x, b+x; a+b+x; k/(1+k)),  k = h/(α+T)
 * (Euler's integral and Pfaff's transformation; all parameters positive).
 */
export function bgNbdProbabilityAliveAt(params: BgNbdParams, h: number, x: number, tx: number, T: number): number {
  const pAlive = bgNbdProbabilityAlive(params, x, tx, T);
  if (h <= 0) return pAlive;
  const { r, alpha, a, b } = params;
  const m = r + x;
  const k = h / (alpha + T);
  const survival = Math.exp(-m * Math.log1p(k) + logHyp2f1Positive(m, b + x, a + b + x, h / (alpha + T + h)));
  return pAlive * Math.min(1, survival);
}

/**
 * Mean negative log-likelihood over customers in θ = ln(r, α, a, b), with its analytic gradient.
 * Rows may carry weights (identical customers merged, see compressHistory).
 */
export function bgNbdProblem(history: PurchaseHistory & { weight?: Float64Array }): LikelihoodProblem {
  const { frequency, recency, age } = history;
  const rows = frequency.length;
  const weight = history.weight ?? new Float64Array(rows).fill(1);
  const n = weight.reduce((s, w) => s + w, 0);
  const groups = groupByFrequency(frequency, weight);
  const nGroups = groups.values.length;
  // Per-customer 1/(b+x−1) needs x > 0; the weight of that term is 0 otherwise.
  return {
    size: n,
    analyticGradient: true,
    objective: (theta, gradient) => {
      for (let j = 0; j < 4; j++) {
        if (!(Math.abs(theta[j]) <= LOG_BOUND)) {
          gradient.fill(NaN);
          return Infinity;
        }
      }
      const r = Math.exp(theta[0]);
      const alpha = Math.exp(theta[1]);
      const a = Math.exp(theta[2]);
      const b = Math.exp(theta[3]);
      const lb = logBeta(a, b);
      const logAlpha = Math.log(alpha);
      const psiR = digamma(r);
      const psiAB = digamma(a + b);
      const psiB = digamma(b);
      let ll = 0;
      let dr = 0;
      let da = 0;
      let db = 0;
      const atTConst = new Float64Array(nGroups);
      const atTxConst = new Float64Array(nGroups);
      const invBx1 = new Float64Array(nGroups);
      for (let g = 0; g < nGroups; g++) {
        const x = groups.values[g];
        const c = groups.counts[g];
        ll += c * (logGamma(r + x) - logGamma(r) + r * logAlpha);
        dr += c * (digamma(r + x) - psiR + logAlpha);
        atTConst[g] = logBeta(a, b + x) - lb;
        atTxConst[g] = x > 0 ? logBeta(a + 1, b + x - 1) - lb : -Infinity;
        invBx1[g] = x > 0 ? 1 / (b + x - 1) : 0;
        const psiABX = digamma(a + b + x);
        da += c * (psiAB - psiABX);
        db += c * (digamma(b + x) - psiABX - psiB + psiAB);
      }
      let dAlpha = n * (r / alpha);
      let sumW3 = 0;
      let sumW3InvBx1 = 0;
      for (let i = 0; i < rows; i++) {
        const g = groups.index[i];
        const w = weight[i];
        const m = r + frequency[i];
        const logT = Math.log(alpha + age[i]);
        const atT = atTConst[g] - m * logT;
        if (frequency[i] === 0) {
          ll += w * atT;
          dr -= w * logT;
          dAlpha -= (w * m) / (alpha + age[i]);
          continue;
        }
        const logTx = Math.log(alpha + recency[i]);
        const d = atTxConst[g] - m * logTx - atT;
        // w3 = e^atTx / (e^atT + e^atTx) = logistic(d); ln(e^atT + e^atTx) = atT + softplus(d).
        const e = Math.exp(-Math.abs(d));
        const w3 = d >= 0 ? 1 / (1 + e) : e / (1 + e);
        const w2 = 1 - w3;
        ll += w * (atT + Math.max(d, 0) + Math.log1p(e));
        dr -= w * (w2 * logT + w3 * logTx);
        dAlpha -= w * m * (w2 / (alpha + age[i]) + w3 / (alpha + recency[i]));
        sumW3 += w * w3;
        sumW3InvBx1 += w * w3 * invBx1[g];
      }
      // d/da: w3 (ψ(a+1) − ψ(a)) = w3 / a; d/db: w3 (ψ(b+x−1) − ψ(b+x)) = −w3 / (b+x−1).
      da += sumW3 / a;
      db -= sumW3InvBx1;
      // Chain rule to θ = ln(param), sign and scale to the mean negative log-likelihood.
      gradient[0] = (-r * dr) / n;
      gradient[1] = (-alpha * dAlpha) / n;
      gradient[2] = (-a * da) / n;
      gradient[3] = (-b * db) / n;
      return Number.isFinite(ll) ? -ll / n : Infinity;
    },
  };
}

/** BG/NBD estimator: hyperparameters in the constructor, `fit` returns the fitted model. */
export class BgNbd {
  constructor(readonly options: PurchaseFitOptions = {}) {
    optionsState(options);
  }

  fit(history: HistoryInput): BgNbdModel {
    const timeUnit = preparePurchaseFit(history, this.options, 'BG/NBD');
    const { frequency, recency, age } = history;
    // Method-of-moments flavoured guess: λ̄ = r/α ≈ (x̄ + 1)/T̄, r = 1; a = 1, b = 3 (dropout ≈ 25 % per purchase).
    const meanAge = Math.max(meanOf(age), 1e-3);
    const guess = [1, meanAge / (meanOf(frequency) + 1), 1, 3];
    const result = maximiseLikelihood({
      paramNames: BG_NBD_PARAMS,
      size: frequency.length,
      problem: (indices) => bgNbdProblem(compressHistory(historySubset({ frequency, recency, age }, indices))),
      initialGuess: guess,
    }, this.options);
    const [r, alpha, a, b] = result.params;
    const [seR, seAlpha, seA, seB] = result.standardErrors;
    return new BgNbdModel({
      ...stateHeader('bg-nbd'),
      timeUnit,
      params: { r, alpha, a, b },
      standardErrors: { r: seR, alpha: seAlpha, a: seA, b: seB },
      logLikelihood: result.logLikelihood,
      nCustomers: frequency.length,
      options: optionsState(this.options),
      diagnostics: result.diagnostics,
    });
  }
}

export class BgNbdModel implements PurchaseModel {
  readonly kind = 'bg-nbd' as const;

  constructor(readonly state: BgNbdState) {}

  get params(): BgNbdParams {
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

  /** Sum of per-customer log-likelihoods of `history` under this model. */
  logLikelihoodOf(history: PurchaseHistory): number {
    return perCustomer(history, (x, tx, T) => bgNbdLogLikelihood(this.params, x, tx, T)).reduce((s, v) => s + v, 0);
  }

  probabilityAlive(history: PurchaseHistory): Float64Array {
    return perCustomer(history, (x, tx, T) => bgNbdProbabilityAlive(this.params, x, tx, T));
  }

  expectedPurchases(history: PurchaseHistory, horizon: number): Float64Array {
    return this.cumulativeExpectedPurchases(history, [horizon])[0];
  }

  cumulativeExpectedPurchases(history: PurchaseHistory, horizons: readonly number[]): Float64Array[] {
    horizons.forEach(checkHorizon);
    const params = this.params;
    const pAlive = this.probabilityAlive(history);
    const { frequency, age } = history;
    return horizons.map((h) => {
      const out = new Float64Array(pAlive.length);
      for (let i = 0; i < out.length; i++) out[i] = Math.max(0, pAlive[i] * expectedPurchasesIfAlive(params, h, frequency[i], age[i]));
      return out;
    });
  }

  probabilityAliveAt(history: PurchaseHistory, horizon: number): Float64Array {
    checkHorizon(horizon);
    return perCustomer(history, (x, tx, T) => bgNbdProbabilityAliveAt(this.params, horizon, x, tx, T));
  }

  medianTimeToNextPurchase(history: PurchaseHistory): Float64Array {
    const { r, alpha } = this.params;
    return perCustomer(history, (x, _tx, T) => medianWaitForRate(r, alpha, x, T));
  }

  toJSON(): BgNbdState {
    return structuredClone(this.state);
  }

  static fromJSON(state: BgNbdState): BgNbdModel {
    checkState(state, 'bg-nbd', BG_NBD_PARAMS);
    return new BgNbdModel(structuredClone(state));
  }
}
