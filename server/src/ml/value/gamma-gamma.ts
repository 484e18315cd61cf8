import { invalidInput } from '../matrix.js';
import { assertDataCheck, checkSpendData } from './data-minimums.js';
import { LOG_BOUND, maximiseLikelihood, type FitDiagnostics, type LikelihoodProblem } from './maximum-likelihood.js';
import { checkState, groupByFrequency, optionsState, stateHeader } from './model-support.js';
import { digamma, logGamma } from './special-functions.js';
import type { SpendFitOptions, ValueModelState } from './value-model.js';

/*
 * Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma model of
 * monetary value"; Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4)): a customer's transaction
 * values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, independent of the purchase
 * process. Fitted on customers with at least one repeat purchase, from x (repeat purchases) and
 * m_x (their mean value).
 */

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export const GAMMA_GAMMA_PARAMS = ['p', 'q', 'gamma'] as const;

export interface SpendFacts {
  /** Mean of m_x over the fitted customers: the fallback expectation when q ≤ 1. */
  sampleMeanSpend: number;
  /** Pearson correlation of x and m_x over the fitted customers (the model assumes none). */
  frequencySpendCorrelation: number;
  /** Customers left out: no repeat purchase, or a mean repeat value ≤ 0. */
  excludedCustomers: number;
}

export type GammaGammaState = ValueModelState<'gamma-gamma', (typeof GAMMA_GAMMA_PARAMS)[number]> & { spend: SpendFacts };

/** ln f(m_x | p, q, γ, x) of Fader & Hardie (2013), eq. (3). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + m * x);
}

/**
 * E[M | x, m_x] = (γ + m_x x) p / (p x + q − 1): a weighted average of the population mean
 * p γ/(q − 1) and the customer's observed mean. Where that is undefined (q ≤ 1 makes the
 * population mean infinite) it falls back to the observed mean, or to `fallbackMean` without
 * repeat purchases. Never negative.
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, m: number, fallbackMean: number): number {
  const { p, q, gamma } = params;
  const denominator = p * x + q - 1;
  if (denominator > 0) {
    const value = ((gamma + m * x) * p) / denominator;
    return Number.isFinite(value) && value >= 0 ? value : Math.max(0, x > 0 ? m : fallbackMean);
  }
  return Math.max(0, x > 0 ? m : fallbackMean);
}

/** Mean negative log-likelihood in θ = ln(p, q, γ) over customers with x ≥ 1 and m > 0, with its gradient. */
export function gammaGammaProblem(frequency: Float64Array, monetaryValue: Float64Array): LikelihoodProblem {
  const n = frequency.length;
  const groups = groupByFrequency(frequency);
  let sumLogM = 0;
  let sumXLogM = 0;
  for (let i = 0; i < n; i++) {
    const logM = Math.log(monetaryValue[i]);
    sumLogM += logM;
    sumXLogM += frequency[i] * logM;
  }
  return {
    size: n,
    analyticGradient: true,
    objective: (theta, gradient) => {
      for (let j = 0; j < 3; j++) {
        if (!(Math.abs(theta[j]) <= LOG_BOUND)) {
          gradient.fill(NaN);
          return Infinity;
        }
      }
      const p = Math.exp(theta[0]);
      const q = Math.exp(theta[1]);
      const gamma = Math.exp(theta[2]);
      const logGammaQ = logGamma(q);
      const psiQ = digamma(q);
      const logScale = Math.log(gamma);
      let ll = p * sumXLogM - sumLogM;
      let dp = sumXLogM;
      let dq = 0;
      for (let g = 0; g < groups.values.length; g++) {
        const x = groups.values[g];
        const c = groups.counts[g];
        const px = p * x;
        const logX = Math.log(x);
        ll += c * (logGamma(px + q) - logGamma(px) - logGammaQ + q * logScale + px * logX);
        const psiPxQ = digamma(px + q);
        dp += c * x * (psiPxQ - digamma(px) + logX);
        dq += c * (psiPxQ - psiQ + logScale);
      }
      let dGamma = (n * q) / gamma;
      for (let i = 0; i < n; i++) {
        const x = frequency[i];
        const shape = p * x + q;
        const rate = gamma + monetaryValue[i] * x;
        const logRate = Math.log(rate);
        ll -= shape * logRate;
        dp -= x * logRate;
        dq -= logRate;
        dGamma -= shape / rate;
      }
      gradient[0] = (-p * dp) / n;
      gradient[1] = (-q * dq) / n;
      gradient[2] = (-gamma * dGamma) / n;
      return Number.isFinite(ll) ? -ll / n : Infinity;
    },
  };
}

export interface SpendInput {
  frequency: Float64Array;
  monetaryValue: Float64Array;
}

/** Gamma-Gamma estimator: hyperparameters in the constructor, `fit` returns the fitted model. */
export class GammaGamma {
  constructor(readonly options: SpendFitOptions = {}) {
    optionsState(options);
  }

  fit(data: SpendInput): GammaGammaModel {
    const { frequency, monetaryValue } = data;
    if (frequency.length !== monetaryValue.length) throw invalidInput(`spend data: ${frequency.length} frequencies but ${monetaryValue.length} monetary values`);
    for (let i = 0; i < frequency.length; i++) {
      if (!(Number.isInteger(frequency[i]) && frequency[i] >= 0)) throw invalidInput(`spend data: row ${i}, frequency must be a non-negative integer, got ${frequency[i]}`);
      if (!Number.isFinite(monetaryValue[i])) throw invalidInput(`spend data: row ${i}, monetary value must be finite, got ${monetaryValue[i]}`);
    }
    if (this.options.dataMinimums !== false) assertDataCheck(checkSpendData(frequency, monetaryValue, this.options.dataMinimums ?? {}), 'the Gamma-Gamma spend model');
    const keep: number[] = [];
    for (let i = 0; i < frequency.length; i++) if (frequency[i] >= 1 && monetaryValue[i] > 0) keep.push(i);
    if (keep.length === 0) throw invalidInput('cannot fit the Gamma-Gamma spend model: no customer has a repeat purchase with a positive value');
    const x = Float64Array.from(keep, (i) => frequency[i]);
    const m = Float64Array.from(keep, (i) => monetaryValue[i]);
    const facts = spendFacts(x, m, frequency.length - keep.length);
    const result = maximiseLikelihood({
      paramNames: GAMMA_GAMMA_PARAMS,
      size: keep.length,
      problem: (indices) => (indices ? gammaGammaProblem(Float64Array.from(indices, (i) => x[i]), Float64Array.from(indices, (i) => m[i])) : gammaGammaProblem(x, m)),
      // Moments: a spend CV near 1 per order (p ≈ 2), q = 3, γ from the mean p γ/(q − 1) = m̄.
      initialGuess: [2, 3, facts.sampleMeanSpend],
    }, this.options);
    const [p, q, gamma] = result.params;
    const diagnostics = result.diagnostics;
    if (q <= 1) diagnostics.warnings.push(`q = ${q.toPrecision(3)} ≤ 1: the population mean spend is infinite; customers without repeat purchases get the sample mean ${facts.sampleMeanSpend.toFixed(2)}`);
    if (Math.abs(facts.frequencySpendCorrelation) > 0.3) {
      diagnostics.warnings.push(`frequency and spend per order are correlated (ρ = ${facts.frequencySpendCorrelation.toFixed(2)}); the model assumes they are independent`);
    }
    return new GammaGammaModel({
      ...stateHeader('gamma-gamma'),
      timeUnit: null,
      params: { p, q, gamma },
      standardErrors: { p: result.standardErrors[0], q: result.standardErrors[1], gamma: result.standardErrors[2] },
      logLikelihood: result.logLikelihood,
      nCustomers: keep.length,
      options: optionsState(this.options),
      diagnostics,
      spend: facts,
    });
  }
}

function spendFacts(x: Float64Array, m: Float64Array, excludedCustomers: number): SpendFacts {
  const n = x.length;
  let mx = 0;
  let mm = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    mm += m[i] / n;
  }
  let sxx = 0;
  let smm = 0;
  let sxm = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    smm += (m[i] - mm) ** 2;
    sxm += (x[i] - mx) * (m[i] - mm);
  }
  const correlation = sxx > 0 && smm > 0 ? sxm / Math.sqrt(sxx * smm) : 0;
  return { sampleMeanSpend: mm, frequencySpendCorrelation: correlation, excludedCustomers };
}

export class GammaGammaModel {
  readonly kind = 'gamma-gamma' as const;

  constructor(readonly state: GammaGammaState) {}

  get params(): GammaGammaParams {
    return this.state.params;
  }

  get logLikelihood(): number {
    return this.state.logLikelihood;
  }

  get diagnostics(): FitDiagnostics {
    return this.state.diagnostics;
  }

  /** Expected spend per future transaction, per customer (see gammaGammaExpectedSpend). */
  expectedSpend(data: SpendInput): Float64Array {
    const { frequency, monetaryValue } = data;
    if (frequency.length !== monetaryValue.length) throw invalidInput(`spend data: ${frequency.length} frequencies but ${monetaryValue.length} monetary values`);
    const out = new Float64Array(frequency.length);
    const fallback = this.state.spend.sampleMeanSpend;
    for (let i = 0; i < out.length; i++) {
      // A customer whose repeat purchases net to ≤ 0 (refunds) is scored like one without repeats.
      const usable = frequency[i] >= 1 && monetaryValue[i] > 0;
      out[i] = gammaGammaExpectedSpend(this.params, usable ? frequency[i] : 0, usable ? monetaryValue[i] : 0, fallback);
    }
    return out;
  }

  toJSON(): GammaGammaState {
    return structuredClone(this.state);
  }

  static fromJSON(state: GammaGammaState): GammaGammaModel {
    checkState(state, 'gamma-gamma', GAMMA_GAMMA_PARAMS);
    if (!(state.spend && Number.isFinite(state.spend.sampleMeanSpend))) throw invalidInput('gamma-gamma model: spend facts missing');
    return new GammaGammaModel(structuredClone(state));
  }
}
