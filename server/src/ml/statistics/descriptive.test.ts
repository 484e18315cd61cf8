import { describe, expect, it } from 'vitest';
import { histogram, monthsBetween, pearson } from './descriptive.js';

describe('descriptive statistics', () => {
  it('bins values into equal-width bins, the last one closed', () => {
    expect(histogram([0, 1, 2, 3, 4], 2, false)).toEqual([{ from: 0, to: 2, count: 2 }, { from: 2, to: 4, count: 3 }]);
    expect(histogram([5, 5, 5], 4, false)).toEqual([{ from: 5, to: 5, count: 3 }]);
    expect(histogram([], 3, false)).toEqual([]);
  });

  it('bins log1p(value) on a log scale, clamping negatives to 0', () => {
    const bins = histogram([-3, 0, Math.E - 1, Math.E ** 2 - 1], 2, true); // log1p: 0, 0, 1, 2
    expect(bins.map((b) => b.count)).toEqual([2, 2]);
    expect(bins[1].from).toBeCloseTo(1, 12);
    expect(bins[1].to).toBeCloseTo(2, 12);
  });

  it('computes Pearson r over pairwise-complete rows', () => {
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // dx = (-1, 0, 1), dy = (-30, -20, 50): r = 80 / sqrt(2 · 3800)
    expect(pearson([1, 2, 3], [10, 20, 90])).toBeCloseTo(80 / Math.sqrt(7600), 12);
    expect(pearson([1, 2, 3], [null, 10, 30])).toBeCloseTo(1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1, null], [2, 3])).toBeNull();
  });

  it('counts calendar months between YYYY-MM strings', () => {
    expect(monthsBetween('2010-12', '2011-02')).toBe(2);
    expect(monthsBetween('2011-05', '2011-05')).toBe(0);
  });
});
