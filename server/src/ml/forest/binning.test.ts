import { describe, expect, it } from 'vitest';
import { binMatrix, binValue, computeBinEdges } from './binning.js';
import { SeededRandom } from './random.js';

describe('quantile binning', () => {
  it('gives each value its own bin, edged at midpoints, when there are few distinct values', () => {
    const data = Float64Array.from([3, 1, 2, 2, 10, 1]);
    const { edges } = computeBinEdges({ data, nRows: 6, nFeatures: 1 });
    expect(Array.from(edges[0])).toEqual([1.5, 2.5, 6.5]);
    const binned = binMatrix({ data, nRows: 6, nFeatures: 1 }, { edges });
    expect(Array.from(binned.codes)).toEqual([2, 0, 1, 1, 3, 0]);
    expect(binned.binCounts[0]).toBe(4);
  });

  it('caps continuous features at maxBins roughly equal-frequency bins, consistent with raw thresholds', () => {
    const rng = new SeededRandom(3);
    const n = 20_000;
    const data = Float64Array.from({ length: n }, () => Math.exp(rng.nextGaussian()));
    const { edges } = computeBinEdges({ data, nRows: n, nFeatures: 1 });
    expect(edges[0].length + 1).toBeLessThanOrEqual(255);
    expect(edges[0].length + 1).toBeGreaterThan(240);
    const { codes } = binMatrix({ data, nRows: n, nFeatures: 1 }, { edges });
    const counts = new Array(255).fill(0);
    for (const c of codes) counts[c]++;
    expect(Math.max(...counts)).toBeLessThan((2 * n) / 255);
    // The property trees rely on: code <= t exactly when value <= edges[t].
    for (let i = 0; i < 2000; i++) {
      const t = i % edges[0].length;
      expect(codes[i] <= t).toBe(data[i] <= edges[0][t]);
    }
  });

  it('keeps a heavy value in one bin and sends unseen and NaN values to the end', () => {
    const data = Float64Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : i));
    const { edges } = computeBinEdges({ data, nRows: 1000, nFeatures: 1 }, { maxBins: 16 });
    expect(binValue(edges[0], 0)).toBe(0);
    expect(binValue(edges[0], 0.4)).toBe(0);
    expect(binValue(edges[0], 1e9)).toBe(edges[0].length);
    const { codes } = binMatrix({ data: Float64Array.from([NaN]), nRows: 1, nFeatures: 1 }, { edges });
    expect(codes[0]).toBe(edges[0].length);
  });
});
