/** Pareto/NBD: the likelihood against its integral definition (including where ₂F₁ overflows), predictions, recovery of known parameters. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import {
  ParetoNbd, ParetoNbdModel, paretoNbdExpectedPurchases, paretoNbdLogLikelihood, paretoNbdProbabilityAlive, paretoNbdProbabilityAliveAt, type ParetoNbdParams,
} from './pareto-nbd.js';
import { integrateUnitInterval, logGamma } from './special-functions.js';
import { sampleGamma } from './synthetic.js';
import { loadValueModel } from './value-model-io.js';

const CDNOW: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

/**
 * ln L from its definition: alive at T, or dropped out at some τ in (t_x, T]:
 *   Γ(r+x) αʳ βˢ / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ ],
 * the integral by quadrature in v = ln(β+τ), where the integrand is smooth.
 */
function logLikelihoodByQuadrature(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const v0 = Math.log(beta + tx);
  const v1 = Math.log(beta + T);
  // Scale by the integrand's value at t_x so that the quadrature works on numbers near 1.
  const logAtTx = -(r + x) * Math.log(alpha + tx) - s * v0;
  const scaled = integrateUnitInterval((u) => {
    const v = v0 + (v1 - v0) * u;
    const tau = Math.exp(v) - beta;
    return Math.exp(-(r + x) * Math.log(alpha + tau) - s * v - logAtTx);
  });
  const died = Math.log(s) + Math.log(v1 - v0) + logAtTx + Math.log(scaled);
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const both = tx < T ? Math.max(alive, died) + Math.log1p(Math.exp(-Math.abs(alive - died))) : alive;
  return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + both;
}

describe('Pareto/NBD likelihood', () => {
  it('equals its integral definition, also where α and β are orders of magnitude apart', () => {
    const cases: [ParetoNbdParams, number, number, number][] = [
      [CDNOW, 0, 0, 38.86], [CDNOW, 2, 30.43, 38.86], [CDNOW, 14, 37, 38],
      [{ r: 0.5, alpha: 1e4, s: 0.7, beta: 0.01 }, 0, 0, 30], [{ r: 0.5, alpha: 1e4, s: 0.7, beta: 0.01 }, 3, 2, 30],
      [{ r: 2, alpha: 0.02, s: 1.3, beta: 5e3 }, 0, 0, 30], [{ r: 2, alpha: 0.02, s: 1.3, beta: 5e3 }, 40, 10, 30],
      [{ r: 0.8, alpha: 7, s: 1, beta: 7 }, 5, 12, 40],
    ];
    for (const [params, x, tx, T] of cases) {
      const expected = logLikelihoodByQuadrature(params, x, tx, T);
      expect(Math.abs(paretoNbdLogLikelihood(params, x, tx, T) - expected), `${JSON.stringify(params)} x=${x}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
    }
  });

  it('stays finite for a very frequent buyer, where (α+t)^(r+s+x) and ₂F₁ overflow', () => {
    const ll = paretoNbdLogLikelihood(CDNOW, 3000, 300, 390);
    expect(Number.isFinite(ll)).toBe(true);
    expect(ll).toBeCloseTo(logLikelihoodByQuadrature(CDNOW, 3000, 300, 390), 6);
    expect(paretoNbdProbabilityAlive(CDNOW, 3000, 300, 390)).toBeLessThan(1e-30);
    expect(paretoNbdProbabilityAlive(CDNOW, 3000, 389.9, 390)).toBeGreaterThan(0.9);
  });
});

describe('Pareto/NBD predictions', () => {
  it('P(alive) lies in (0, 1] and falls with the silence, also for one-time buyers', () => {
    for (const x of [0, 3]) {
      let previous = 1.0000001;
      for (const T of [5, 10, 40, 80]) {
        const p = paretoNbdProbabilityAlive(CDNOW, x, x ? 4 : 0, T);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThan(previous);
        previous = p;
      }
    }
    expect(paretoNbdProbabilityAlive(CDNOW, 0, 0, 0)).toBe(1);
  });

  it('expected purchases grow with the horizon, and s = 1 is its continuous limit', () => {
    for (const [x, tx, T] of [[0, 0, 39], [2, 30, 39], [10, 38, 39]]) {
      let previous = 0;
      for (const t of [0.5, 13, 39, 104, 1000]) {
        const e = paretoNbdExpectedPurchases(CDNOW, t, x, tx, T);
        expect(e).toBeGreaterThan(previous);
        previous = e;
      }
    }
    const at = (s: number) => paretoNbdExpectedPurchases({ ...CDNOW, s }, 52, 2, 30, 39);
    expect(at(1)).toBeCloseTo(at(1 + 1e-9), 8);
    expect(at(1)).toBeCloseTo((at(1 - 1e-4) + at(1 + 1e-4)) / 2, 6);
  });

  it('P(alive later) starts at P(alive) and falls with the horizon', () => {
    const now = paretoNbdProbabilityAlive(CDNOW, 2, 30, 39);
    expect(paretoNbdProbabilityAliveAt(CDNOW, 0, 2, 30, 39)).toBe(now);
    expect(paretoNbdProbabilityAliveAt(CDNOW, 52, 2, 30, 39)).toBeLessThan(paretoNbdProbabilityAliveAt(CDNOW, 13, 2, 30, 39));
  });
});

describe('Pareto/NBD fit', () => {
  /** Pareto/NBD generative process; times rounded to days (in weeks), as summaries count them. */
  function simulate(customers: number, p: ParetoNbdParams, seed: number) {
    const rng = new Rng(seed);
    const frequency = new Float64Array(customers);
    const recency = new Float64Array(customers);
    const age = new Float64Array(customers);
    const day = (t: number) => Math.floor(t * 7) / 7;
    for (let i = 0; i < customers; i++) {
      const lambda = sampleGamma(rng, p.r) / p.alpha;
      const mu = sampleGamma(rng, p.s) / p.beta;
      const T = day(26 + 52 * rng.nextFloat());
      const end = Math.min(T, -Math.log(1 - rng.nextFloat()) / mu);
      let t = 0;
      for (;;) {
        t += -Math.log(1 - rng.nextFloat()) / lambda;
        if (t > end) break;
        frequency[i]++;
        recency[i] = day(t);
      }
      age[i] = T;
    }
    return { frequency, recency, age, timeUnit: 'weeks' as const };
  }

  it('recovers the parameters that generated the data (within 3 standard errors)', () => {
    const truth = { r: 0.7, alpha: 8, s: 0.9, beta: 15 };
    const data = simulate(4_000, truth, 4);
    const model = new ParetoNbd({ dataMinimums: false }).fit(data);
    expect(model.diagnostics.converged).toBe(true);
    for (const name of ['r', 'alpha', 's', 'beta'] as const) {
      const se = model.state.standardErrors[name]!;
      expect(Math.abs(model.params[name] - truth[name]), `${name}: ${model.params[name]} ± ${se} vs ${truth[name]}`).toBeLessThan(3 * se);
    }
    const loaded = loadValueModel(JSON.stringify(model.toJSON())) as ParetoNbdModel;
    expect(loaded).toBeInstanceOf(ParetoNbdModel);
    expect(Array.from(loaded.probabilityAlive(data).subarray(0, 20))).toEqual(Array.from(model.probabilityAlive(data).subarray(0, 20)));
    const [week, year] = model.cumulativeExpectedPurchases(data, [1, 52]);
    expect(Array.from(week)).toEqual(Array.from(model.expectedPurchases(data, 1)));
    expect(Array.from(year)).toEqual(Array.from(model.expectedPurchases(data, 52)));
  });
});
