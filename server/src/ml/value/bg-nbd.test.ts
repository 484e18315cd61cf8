/** BG/NBD: the likelihood and its gradient, the predictions' properties, recovery of known parameters, robustness. */
import { describe, expect, it } from 'vitest';
import {
  BgNbd, BgNbdModel, bgNbdExpectedPurchases, bgNbdLogLikelihood, bgNbdProbabilityAlive, bgNbdProbabilityAliveAt, bgNbdProblem, type BgNbdParams,
} from './bg-nbd.js';
import { loadValueModel, serializeValueModel } from './value-model-io.js';
import { compressHistory } from './model-support.js';
import { centralDifferenceGradient } from './finite-differences.js';
import { betaExpectation, logBeta, logGamma } from './special-functions.js';
import { simulateBgNbd } from './synthetic.js';

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const history = (rows: [number, number, number][]) => ({
  frequency: Float64Array.from(rows, (r) => r[0]), recency: Float64Array.from(rows, (r) => r[1]), age: Float64Array.from(rows, (r) => r[2]),
});

describe('BG/NBD likelihood', () => {
  it('equals FHL (2005) eq. (6) evaluated directly', () => {
    const p = { r: 0.5, alpha: 3, a: 0.8, b: 2.5 };
    const [x, tx, T] = [2, 5, 10];
    const gammaRatio = Math.exp(logGamma(p.r + x) - logGamma(p.r));
    const direct = (Math.exp(logBeta(p.a, p.b + x) - logBeta(p.a, p.b)) * gammaRatio * p.alpha ** p.r) / (p.alpha + T) ** (p.r + x)
      + (Math.exp(logBeta(p.a + 1, p.b + x - 1) - logBeta(p.a, p.b)) * gammaRatio * p.alpha ** p.r) / (p.alpha + tx) ** (p.r + x);
    expect(bgNbdLogLikelihood(p, x, tx, T)).toBeCloseTo(Math.log(direct), 12);
    // Without repeat purchases: (α/(α+T))^r.
    expect(bgNbdLogLikelihood(p, 0, 0, T)).toBeCloseTo(p.r * Math.log(p.alpha / (p.alpha + T)), 13);
  });

  it('stays finite for a very frequent buyer, where (α+t)^(r+x) overflows', () => {
    const ll = bgNbdLogLikelihood(CDNOW, 5000, 380, 390);
    expect(Number.isFinite(ll)).toBe(true);
    expect(bgNbdProbabilityAlive(CDNOW, 5000, 380, 390)).toBeLessThan(1e-50);
    expect(bgNbdProbabilityAlive(CDNOW, 5000, 390, 390)).toBeGreaterThan(0.99);
    expect(Number.isFinite(bgNbdExpectedPurchases(CDNOW, 52, 5000, 390, 390))).toBe(true);
  });

  it('has an analytic gradient equal to finite differences, weighted rows and all', () => {
    const data = simulateBgNbd({ customers: 400, params: CDNOW, age: [20, 40], seed: 3 });
    const problem = bgNbdProblem(data);
    const compressed = compressHistory({ ...data, recency: data.recency.map((v) => Math.round(v)), age: data.age.map((v) => Math.round(v)) });
    const weightedProblem = bgNbdProblem(compressed);
    for (const theta of [[-1.4, 1.5, -0.2, 0.9], [0.3, 0.1, 1.2, -0.5], [-3, 3, -2, 2]]) {
      for (const p of [problem, weightedProblem]) {
        const analytic = new Float64Array(4);
        const numeric = new Float64Array(4);
        const t = Float64Array.from(theta);
        const value = p.objective(t, analytic);
        centralDifferenceGradient((q) => p.objective(q, new Float64Array(4)))(t, numeric);
        expect(Number.isFinite(value)).toBe(true);
        for (let j = 0; j < 4; j++) expect(analytic[j]).toBeCloseTo(numeric[j], 7);
      }
    }
    expect(compressed.frequency.length).toBeLessThan(400);
  });

  it('merging identical customers leaves the likelihood unchanged', () => {
    const rows: [number, number, number][] = [[0, 0, 30], [0, 0, 30], [2, 10, 30], [2, 10, 30], [2, 10, 30], [1, 4, 12]];
    const plain = history(rows);
    const theta = Float64Array.of(-1, 1, -0.3, 0.8);
    const merged = compressHistory(plain);
    expect(merged.frequency.length).toBe(3);
    expect(Array.from(merged.weight)).toEqual([2, 1, 3]);
    const g = new Float64Array(4);
    expect(bgNbdProblem(merged).objective(theta, g)).toBeCloseTo(bgNbdProblem(plain).objective(theta, g), 14);
  });
});

describe('BG/NBD predictions', () => {
  it('P(alive) is exactly 1 without repeat purchases, and falls with the silence since the last one', () => {
    for (const T of [0, 1, 39, 1000]) expect(bgNbdProbabilityAlive(CDNOW, 0, 0, T)).toBe(1);
    let previous = 1;
    for (const T of [10, 20, 40, 80]) {
      const p = bgNbdProbabilityAlive(CDNOW, 3, 10, T);
      expect(p).toBeLessThan(previous);
      expect(p).toBeGreaterThan(0);
      previous = p;
    }
  });

  it('expected purchases start at 0 and grow with the horizon', () => {
    for (const [x, tx, T] of [[0, 0, 39], [2, 30.4, 38.9], [7, 10, 38], [40, 38, 39]]) {
      expect(bgNbdExpectedPurchases(CDNOW, 0, x, tx, T)).toBe(0);
      let previous = 0;
      for (const t of [0.01, 1, 4, 13, 39, 52, 104, 520]) {
        const e = bgNbdExpectedPurchases(CDNOW, t, x, tx, T);
        expect(e, `x=${x} t=${t}`).toBeGreaterThan(previous);
        previous = e;
      }
    }
  });

  it('the closed form equals the integral over the dropout probability', () => {
    for (const params of [CDNOW, { r: 2, alpha: 10, a: 3, b: 1.5 }, { r: 0.4, alpha: 50, a: 0.3, b: 0.5 }]) {
      for (const [x, tx, T, t] of [[0, 0, 30, 52], [3, 20, 30, 10], [12, 29, 30, 104]]) {
        const { r, alpha, a, b } = params;
        const k = t / (alpha + T);
        const integral = bgNbdProbabilityAlive(params, x, tx, T) * betaExpectation(a, b + x, (p) => -Math.expm1(-(r + x) * Math.log1p(p * k)) / p);
        expect(bgNbdExpectedPurchases(params, t, x, tx, T)).toBeCloseTo(integral, 9);
        const survival = betaExpectation(a, b + x, (p) => Math.exp(-(r + x) * Math.log1p(p * k)));
        expect(bgNbdProbabilityAliveAt(params, t, x, tx, T)).toBeCloseTo(bgNbdProbabilityAlive(params, x, tx, T) * survival, 10);
      }
    }
  });

  it('is continuous through the degenerate points a = 1 and a + b = 1 (x = 0)', () => {
    const near = (a: number, b: number) => bgNbdExpectedPurchases({ r: 0.5, alpha: 5, a, b }, 26, 0, 0, 30);
    expect(near(1 + 1e-6, 2)).toBeCloseTo(near(1 + 2e-3, 2), 2);
    expect(near(1 - 1e-6, 2)).toBeCloseTo(near(1 + 1e-6, 2), 5);
    expect(near(0.3, 0.7)).toBeCloseTo(near(0.3, 0.72), 1);
    expect(near(0.3, 0.6)).toBeGreaterThan(0);
  });

  it('P(alive later) starts at P(alive) and falls with the horizon', () => {
    const now = bgNbdProbabilityAlive(CDNOW, 4, 20, 39);
    expect(bgNbdProbabilityAliveAt(CDNOW, 0, 4, 20, 39)).toBe(now);
    let previous = now;
    for (const h of [1, 13, 52, 520]) {
      const later = bgNbdProbabilityAliveAt(CDNOW, h, 4, 20, 39);
      expect(later).toBeLessThan(previous);
      previous = later;
    }
  });
});

describe('BG/NBD fit', () => {
  const truth: BgNbdParams = { r: 0.8, alpha: 6, a: 0.9, b: 3 };
  const data = simulateBgNbd({ customers: 10_000, params: truth, age: [26, 78], seed: 11 });

  it('recovers the parameters that generated the data (within 3 standard errors)', () => {
    const model = new BgNbd({ dataMinimums: false }).fit(data);
    expect(model.diagnostics.converged).toBe(true);
    expect(model.timeUnit).toBe('weeks');
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const se = model.state.standardErrors[name]!;
      expect(se).toBeGreaterThan(0);
      expect(Math.abs(model.params[name] - truth[name]), `${name}: ${model.params[name]} ± ${se} vs ${truth[name]}`).toBeLessThan(3 * se);
    }
  });

  it('the same data gives the same fit; another seed finds the same optimum', () => {
    const first = new BgNbd({ dataMinimums: false, seed: 5 }).fit(data).toJSON();
    const again = new BgNbd({ dataMinimums: false, seed: 5 }).fit(data).toJSON();
    expect(again).toEqual(first);
    const other = new BgNbd({ dataMinimums: false, seed: 99, restarts: 4 }).fit(data);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(other.params[name] / first.params[name]).toBeCloseTo(1, 5);
  });

  it('runs restarts on a subsample of large data and finishes on all of it', () => {
    const progress: string[] = [];
    const model = new BgNbd({ dataMinimums: false, restartSampleSize: 2_000, onProgress: (e) => progress.push(`${e.stage} ${e.done}/${e.total}`) }).fit(data);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5].map((d) => `customer-value-fit ${d}/5`));
    expect(model.toJSON().options).not.toHaveProperty('onProgress');
    expect(model.diagnostics.restartSampleSize).toBe(2_000);
    expect(model.diagnostics.runs.every((r) => r.onSample)).toBe(true);
    const full = new BgNbd({ dataMinimums: false }).fit(data);
    expect(model.logLikelihood).toBeCloseTo(full.logLikelihood, 5);
  });

  it('fits data that is almost all one-time buyers', () => {
    const sparse = simulateBgNbd({ customers: 5_000, params: { r: 0.1, alpha: 20, a: 2, b: 1 }, age: [26, 52], seed: 2 });
    const oneTime = sparse.frequency.filter((x) => x === 0).length / sparse.frequency.length;
    expect(oneTime).toBeGreaterThan(0.85);
    const model = new BgNbd({ dataMinimums: false }).fit(sparse);
    expect(model.diagnostics.converged).toBe(true);
    expect(Number.isFinite(model.logLikelihood)).toBe(true);
    for (const v of model.expectedPurchases(sparse, 52)) expect(Number.isFinite(v) && v >= 0).toBe(true);
  });

  it('does not throw on only one-time buyers: it explains instead', () => {
    const flat = history(Array.from({ length: 300 }, (_, i) => [0, 0, 10 + (i % 40)] as [number, number, number]));
    const model = new BgNbd({ dataMinimums: false }).fit(flat);
    expect(Number.isFinite(model.logLikelihood)).toBe(true);
    expect(model.logLikelihood).toBeLessThanOrEqual(0);
    expect(model.diagnostics.warnings.length).toBeGreaterThan(0);
    for (const p of model.probabilityAlive(flat)) expect(p).toBe(1);
    expect(() => new BgNbd().fit(flat)).toThrow(/ordered more than once/);
  });

  it('states every missing data minimum in one error', () => {
    const tiny = history([[1, 2, 40], [0, 0, 45], [2, 5, 50]]);
    try {
      new BgNbd().fit({ ...tiny, timeUnit: 'days' });
      expect.unreachable('the fit should have refused');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/3 customers have ordered; the models need at least 500/);
      expect(message).toMatch(/order history spans 50 days; at least 180/);
      expect(message).toMatch(/latest order is 38 days before the end of the data/);
      const problems = (error as { details: { problems: { code: string }[] } }).details.problems.map((p) => p.code);
      expect(problems).toEqual(['too-few-customers', 'too-few-repeat-customers', 'too-few-customers-with-three-orders', 'history-too-short', 'no-recent-orders']);
    }
    expect(() => new BgNbd({ restarts: 0 })).toThrow(/restarts/);
    expect(() => new BgNbd({ dataMinimums: false }).fit(history([[1, 20, 10]]))).toThrow(/row 0, recency/);
  });

  it('round-trips through JSON and predicts the same', () => {
    const model = new BgNbd({ dataMinimums: false }).fit(data);
    const [first, second] = model.cumulativeExpectedPurchases(data, [4, 52]);
    expect(Array.from(first)).toEqual(Array.from(model.expectedPurchases(data, 4)));
    expect(Array.from(second)).toEqual(Array.from(model.expectedPurchases(data, 52)));
    const loaded = loadValueModel(serializeValueModel(model));
    expect(loaded).toBeInstanceOf(BgNbdModel);
    const sample = { frequency: data.frequency.subarray(0, 50), recency: data.recency.subarray(0, 50), age: data.age.subarray(0, 50) };
    expect(Array.from((loaded as BgNbdModel).expectedPurchases(sample, 13))).toEqual(Array.from(model.expectedPurchases(sample, 13)));
    expect(() => loadValueModel({ ...model.toJSON(), params: { ...model.params, r: -1 } })).toThrow(/parameter r/);
    expect(() => loadValueModel({ ...model.toJSON(), version: 99 })).toThrow(/version 99/);
    expect(() => loadValueModel('{')).toThrow(/not valid JSON/);
  });
});
