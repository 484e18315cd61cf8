/** Gamma-Gamma: likelihood, gradient, the conditional expectation, recovery of known parameters, safe fallbacks. */
import { describe, expect, it } from 'vitest';
import { GammaGamma, GammaGammaModel, gammaGammaExpectedSpend, gammaGammaLogLikelihood, gammaGammaProblem } from './gamma-gamma.js';
import { centralDifferenceGradient } from './finite-differences.js';
import { integrateUnitInterval, logGamma } from './special-functions.js';
import { simulateBgNbd } from './synthetic.js';
import { loadValueModel } from './value-model-io.js';

const PUBLISHED = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('Gamma-Gamma likelihood', () => {
  it('is the density of the mean of x Gamma(p, ν) values, ν ~ Gamma(q, γ), integrated over ν', () => {
    const { p, q, gamma } = PUBLISHED;
    for (const [x, m] of [[1, 20], [3, 35.5], [12, 9]]) {
      // m̄ | ν ~ Gamma(px, xν); integrate the density against ν's Gamma(q, γ) density, ν = u/(1−u).
      const density = integrateUnitInterval((u, oneMinusU) => {
        const nu = u / oneMinusU;
        const logConditional = p * x * Math.log(x * nu) + (p * x - 1) * Math.log(m) - x * nu * m - logGamma(p * x);
        const logPrior = q * Math.log(gamma) + (q - 1) * Math.log(nu) - gamma * nu - logGamma(q);
        return Math.exp(logConditional + logPrior) / (oneMinusU * oneMinusU);
      });
      expect(gammaGammaLogLikelihood(PUBLISHED, x, m)).toBeCloseTo(Math.log(density), 9);
    }
  });

  it('has an analytic gradient equal to finite differences', () => {
    const x = Float64Array.of(1, 1, 2, 5, 3, 1, 8);
    const m = Float64Array.of(12, 40, 18.5, 22, 90, 7, 30);
    const problem = gammaGammaProblem(x, m);
    for (const theta of [[1.8, 1.3, 2.7], [0, 0, 0], [-1, 2, 4]]) {
      const analytic = new Float64Array(3);
      const numeric = new Float64Array(3);
      problem.objective(Float64Array.from(theta), analytic);
      centralDifferenceGradient((t) => problem.objective(t, new Float64Array(3)))(Float64Array.from(theta), numeric);
      for (let j = 0; j < 3; j++) expect(analytic[j]).toBeCloseTo(numeric[j], 8);
    }
  });
});

describe('expected spend', () => {
  it('shrinks the observed mean toward the population mean pγ/(q−1), more so with fewer purchases', () => {
    const population = (PUBLISHED.p * PUBLISHED.gamma) / (PUBLISHED.q - 1);
    expect(gammaGammaExpectedSpend(PUBLISHED, 0, 0, NaN)).toBeCloseTo(population, 12);
    const one = gammaGammaExpectedSpend(PUBLISHED, 1, 100, NaN);
    const ten = gammaGammaExpectedSpend(PUBLISHED, 10, 100, NaN);
    expect(one).toBeGreaterThan(population);
    expect(ten).toBeGreaterThan(one);
    expect(ten).toBeLessThan(100);
    const weight = (PUBLISHED.p * 10) / (PUBLISHED.p * 10 + PUBLISHED.q - 1);
    expect(ten).toBeCloseTo(weight * 100 + (1 - weight) * population, 10);
  });

  it('never goes negative or infinite: q ≤ 1 falls back to the observed or sample mean', () => {
    const heavy = { p: 0.5, q: 0.8, gamma: 10 };
    expect(gammaGammaExpectedSpend(heavy, 0, 0, 42)).toBe(42);
    expect(gammaGammaExpectedSpend(heavy, 1, 30, 42)).toBeGreaterThan(0);
    expect(gammaGammaExpectedSpend({ p: 0.1, q: 0.5, gamma: 10 }, 2, 30, 42)).toBe(30);
  });
});

describe('Gamma-Gamma fit', () => {
  const spend = { p: 3, q: 5, gamma: 40 };
  const data = simulateBgNbd({ customers: 20_000, params: { r: 1.5, alpha: 4, a: 1, b: 4 }, age: [30, 60], spend, seed: 8 });

  it('recovers the parameters that generated the data (within 3 standard errors)', () => {
    const model = new GammaGamma().fit(data);
    expect(model.diagnostics.converged).toBe(true);
    for (const name of ['p', 'q', 'gamma'] as const) {
      const se = model.state.standardErrors[name]!;
      expect(Math.abs(model.params[name] - spend[name]), `${name}: ${model.params[name]} ± ${se}`).toBeLessThan(3 * se);
    }
    expect(model.state.spend.excludedCustomers).toBe(data.frequency.filter((x) => x === 0).length);
    expect(Math.abs(model.state.spend.frequencySpendCorrelation)).toBeLessThan(0.05);
    const loaded = loadValueModel(JSON.stringify(model.toJSON())) as GammaGammaModel;
    expect(Array.from(loaded.expectedSpend(data).subarray(0, 30))).toEqual(Array.from(model.expectedSpend(data).subarray(0, 30)));
  });

  it('scores customers whose repeat purchases net to zero or less like customers without repeats', () => {
    const model = new GammaGamma().fit(data);
    const population = model.expectedSpend({ frequency: Float64Array.of(0), monetaryValue: Float64Array.of(0) })[0];
    const refunds = model.expectedSpend({ frequency: Float64Array.of(2, 1), monetaryValue: Float64Array.of(-15, 0) });
    expect(Array.from(refunds)).toEqual([population, population]);
  });

  it('explains missing data and rejects bad values by row', () => {
    const few = { frequency: Float64Array.of(1, 2, 0), monetaryValue: Float64Array.of(10, 20, 0) };
    expect(() => new GammaGamma().fit(few)).toThrow(/2 customers have repeat purchases with a positive value; at least 100/);
    expect(() => new GammaGamma({ dataMinimums: false }).fit({ frequency: Float64Array.of(0), monetaryValue: Float64Array.of(0) })).toThrow(/no customer has a repeat purchase/);
    expect(() => new GammaGamma({ dataMinimums: false }).fit({ frequency: Float64Array.of(1, 1), monetaryValue: Float64Array.of(1, NaN) })).toThrow(/row 1, monetary value/);
  });
});
