import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { binomialDraw, binomialSampler, incrementalRevenueInterval, type RevenueGroup } from './incremental-revenue.js';
import { logGamma } from '../value/special-functions.js';
import { newcombeDifference, wilsonInterval } from './proportion-intervals.js';

const reference = JSON.parse(fs.readFileSync(new URL('../../../../test/fixtures/reference/campaign-intervals.json', import.meta.url), 'utf8'));

describe('Wilson and Newcombe intervals', () => {
  it('match the reference script (formulas checked there against Newcombe 1998, Table II)', () => {
    for (const c of reference.wilson) {
      const w = wilsonInterval(c.k, c.n)!;
      expect(w.lower, `wilson ${c.k}/${c.n}`).toBeCloseTo(c.interval[0], 12);
      expect(w.upper, `wilson ${c.k}/${c.n}`).toBeCloseTo(c.interval[1], 12);
    }
    for (const c of reference.newcombe) {
      const d = newcombeDifference(c.k1, c.n1, c.k2, c.n2)!;
      expect(d.lower, `newcombe ${c.k1}/${c.n1} − ${c.k2}/${c.n2}`).toBeCloseTo(c.interval[0], 12);
      expect(d.upper, `newcombe ${c.k1}/${c.n1} − ${c.k2}/${c.n2}`).toBeCloseTo(c.interval[1], 12);
    }
    for (const c of reference.published) {
      const d = newcombeDifference(c.k1, c.n1, c.k2, c.n2)!;
      expect(Math.abs(d.lower - c.interval[0])).toBeLessThan(6e-5);
      expect(Math.abs(d.upper - c.interval[1])).toBeLessThan(6e-5);
    }
  });

  it('stay inside [0, 1] and [−1, 1], are null for an empty group and refuse impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(newcombeDifference(1, 5, 0, 0)).toBeNull();
    expect(wilsonInterval(0, 3)!.lower).toBe(0);
    expect(wilsonInterval(3, 3)!.upper).toBe(1);
    const extreme = newcombeDifference(10, 10, 0, 10)!;
    expect(extreme.lower).toBeGreaterThan(0);
    expect(extreme.upper).toBeLessThanOrEqual(1);
    expect(() => wilsonInterval(4, 3)).toThrow(/successes/);
  });

  it('cover the true difference about 95% of the time with small groups, where Wald falls short', () => {
    const rng = createRng(11);
    const nT = 40, nC = 30, pT = 0.08, pC = 0.03, reps = 4000;
    let newcombeHits = 0, waldHits = 0;
    for (let r = 0; r < reps; r++) {
      const kT = binomialDraw(rng, nT, pT), kC = binomialDraw(rng, nC, pC);
      const d = newcombeDifference(kT, nT, kC, nC)!;
      if (d.lower <= pT - pC && pT - pC <= d.upper) newcombeHits++;
      const a = kT / nT, b = kC / nC, se = Math.sqrt((a * (1 - a)) / nT + (b * (1 - b)) / nC);
      if (a - b - 1.96 * se <= pT - pC && pT - pC <= a - b + 1.96 * se) waldHits++;
    }
    expect(newcombeHits / reps).toBeGreaterThan(0.93);
    expect(newcombeHits / reps).toBeLessThan(0.99);
    expect(waldHits / reps).toBeLessThan(newcombeHits / reps);
  });
});

describe('binomialDraw', () => {
  it('has the binomial mean and variance', () => {
    const rng = createRng(3);
    for (const [n, p] of [[1000, 0.01], [200, 0.3], [50, 0.9]] as const) {
      const draws = Array.from({ length: 20_000 }, () => binomialDraw(rng, n, p));
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / draws.length));
      expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
      expect(variance / (n * p * (1 - p))).toBeLessThan(1.05);
    }
    expect(binomialDraw(rng, 10, 0)).toBe(0);
    expect(binomialDraw(rng, 10, 1)).toBe(10);
  });
});

describe('binomialSampler', () => {
  const pmf = (n: number, p: number, k: number) => Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));

  it('draws from the exact binomial distribution, by table and by jumps alike', () => {
    const rng = createRng(17);
    for (const [n, p] of [[5000, 0.2], [1200, 0.93], [300, 0.04], [40, 0.5]] as const) {
      const draw = binomialSampler(n, p);
      const draws = 60_000;
      const counts = new Map<number, number>();
      for (let i = 0; i < draws; i++) { const k = draw(rng); counts.set(k, (counts.get(k) ?? 0) + 1); }
      // Total variation distance between the empirical and the exact distribution; with 60,000
      // draws over a few hundred values, sampling noise alone keeps it near 0.02–0.05.
      let distance = 0;
      for (let k = 0; k <= n; k++) distance += Math.abs((counts.get(k) ?? 0) / draws - pmf(n, p, k));
      expect(distance / 2, `Binomial(${n}, ${p})`).toBeLessThan(0.06);
      const mean = [...counts].reduce((a, [k, c]) => a + k * c, 0) / draws;
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / draws));
    }
  });

  it('a wrong table would be seen: a shifted distribution is far from the exact one', () => {
    const rng = createRng(17);
    const draw = binomialSampler(5000, 0.2);
    let distance = 0;
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) { const k = draw(rng) + 40; counts.set(k, (counts.get(k) ?? 0) + 1); }
    for (let k = 0; k <= 5000; k++) distance += Math.abs((counts.get(k) ?? 0) / 60_000 - pmf(5000, 0.2, k));
    expect(distance / 2).toBeGreaterThan(0.3);
  });

  it('handles the edges', () => {
    const rng = createRng(1);
    expect(binomialSampler(100, 0)(rng)).toBe(0);
    expect(binomialSampler(100, 1)(rng)).toBe(100);
    expect(binomialSampler(0, 0.5)(rng)).toBe(0);
    const draw = binomialSampler(10_000, 0.5);
    for (let i = 0; i < 1000; i++) { const k = draw(rng); expect(k).toBeGreaterThanOrEqual(0); expect(k).toBeLessThanOrEqual(10_000); }
  });
});

describe('incrementalRevenueInterval', () => {
  it('matches the plain bootstrap and the Welch interval of the reference script', () => {
    for (const c of reference.incrementalRevenue) {
      const boot = incrementalRevenueInterval(c.treatment, c.control, { samples: 40_000, seed: 5 })!;
      expect(boot.method).toBe('bootstrap');
      expect(boot.estimate).toBeCloseTo(c.estimate, 9);
      // Monte-Carlo error of a 2.5% quantile at 40,000 resamples: a few hundredths of a standard error.
      const tolerance = 0.06 * c.bootstrap.standardError;
      expect(Math.abs(boot.lower - c.bootstrap.lower), `${c.name} lower`).toBeLessThan(tolerance);
      expect(Math.abs(boot.upper - c.bootstrap.upper), `${c.name} upper`).toBeLessThan(tolerance);
      expect(boot.standardError / c.bootstrap.standardError).toBeCloseTo(1, 1);
      const normal = incrementalRevenueInterval(c.treatment, c.control, { bootstrapLimit: 0 })!;
      expect(normal.method).toBe('normal');
      expect(normal.lower).toBeCloseTo(c.normal.lower, 9);
      expect(normal.upper).toBeCloseTo(c.normal.upper, 9);
    }
  });

  it('is reproducible for a seed and null for an empty group', () => {
    const [c] = reference.incrementalRevenue;
    expect(incrementalRevenueInterval(c.treatment, c.control, { seed: 9 })).toEqual(incrementalRevenueInterval(c.treatment, c.control, { seed: 9 }));
    // The order the rows arrive in does not matter.
    const reversed = (g: RevenueGroup): RevenueGroup => ({ members: g.members, nonZero: Array.from(g.nonZero).reverse() });
    expect(incrementalRevenueInterval(reversed(c.treatment), reversed(c.control), { seed: 9 })).toEqual(incrementalRevenueInterval(c.treatment, c.control, { seed: 9 }));
    expect(incrementalRevenueInterval(c.treatment, { members: 0, nonZero: [] })).toBeNull();
    expect(incrementalRevenueInterval(c.treatment, c.control, { samples: undefined })!.samples).toBe(2000);
    expect(() => incrementalRevenueInterval(c.treatment, c.control, { samples: 0 })).toThrow(/samples/);
    expect(() => incrementalRevenueInterval({ members: 1, nonZero: [1, 2] }, c.control)).toThrow(/cannot have/);
  });

  it('covers the true incremental revenue about 95% of the time on simulated campaigns', () => {
    // Zero-inflated log-normal spend: treatment orders more often (12% vs 8%), same basket.
    const rng = createRng(2026);
    const nT = 400, nC = 200, pT = 0.12, pC = 0.08, mu = 3, sigma = 0.8;
    const basket = Math.exp(mu + sigma ** 2 / 2);
    const truth = (pT - pC) * basket * nT;
    const group = (n: number, p: number): RevenueGroup => {
      const k = binomialDraw(rng, n, p);
      return { members: n, nonZero: Float64Array.from({ length: k }, () => Math.exp(mu + sigma * rng.nextGaussian())) };
    };
    const reps = 400;
    let hits = 0, significant = 0;
    for (let r = 0; r < reps; r++) {
      const interval = incrementalRevenueInterval(group(nT, pT), group(nC, pC), { samples: 500, seed: r })!;
      if (interval.lower <= truth && truth <= interval.upper) hits++;
      if (interval.significant) significant++;
    }
    expect(hits / reps).toBeGreaterThan(0.91);
    expect(hits / reps).toBeLessThan(0.985);
    expect(significant).toBeGreaterThan(0);
  });
});
