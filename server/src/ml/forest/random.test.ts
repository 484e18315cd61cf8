import { describe, expect, it } from 'vitest';
import { SeededRandom, deriveSeed } from './random.js';

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = Array.from({ length: 5 }, ((rng) => () => rng.nextUint32())(new SeededRandom(7)));
    const b = Array.from({ length: 5 }, ((rng) => () => rng.nextUint32())(new SeededRandom(7)));
    const c = Array.from({ length: 5 }, ((rng) => () => rng.nextUint32())(new SeededRandom(8)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('draws integers uniformly (chi-square over 10 cells)', () => {
    const rng = new SeededRandom(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.nextInt(10)]++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.9); // 99.9th percentile of chi-square with 9 degrees of freedom
  });

  it('derives distinct child seeds per index', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(0, i)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(0, 1));
  });
});
