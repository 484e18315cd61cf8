import { describe, expect, it } from 'vitest';
import { findElbow, recommendK, selectK, type KCandidate } from './k-selection.js';
import { KMeansWorkerPool } from './kmeans-parallel.js';
import type { Matrix } from '../matrix.js';
import { Rng } from '../rng.js';

function blobs(n: number, centres: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const means = Array.from({ length: centres }, (_, c) => [Math.cos((2 * Math.PI * c) / centres) * 12, Math.sin((2 * Math.PI * c) / centres) * 12]);
  const data = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    data[i * 2] = means[i % centres][0] + rng.nextGaussian();
    data[i * 2 + 1] = means[i % centres][1] + rng.nextGaussian();
  }
  return { data, rows: n, cols: 2 };
}

describe('elbow', () => {
  it('is the point farthest from the normalised chord', () => {
    expect(findElbow([1, 2, 3, 4, 5, 6], [1000, 400, 150, 130, 115, 100])).toBe(3);
  });

  it('is null for a straight line or too few points', () => {
    expect(findElbow([2, 3, 4, 5], [40, 30, 20, 10])).toBeNull();
    expect(findElbow([2, 3], [40, 30])).toBeNull();
  });
});

describe('recommendation rule', () => {
  const candidate = (k: number, silhouette: number, daviesBouldin: number, calinskiHarabasz: number): KCandidate => ({
    k, inertia: 0, silhouette, silhouetteSampleSize: 100, daviesBouldin, calinskiHarabasz, nIter: 1,
  });

  it('majority vote, reason names the agreeing and dissenting criteria', () => {
    const result = recommendK([candidate(2, 0.3, 0.9, 100), candidate(3, 0.5, 0.6, 150), candidate(4, 0.4, 0.7, 200)], 3);
    expect(result.recommendedK).toBe(3);
    expect(result.reason).toBe('k=3: highest silhouette (0.500), elbow at 3, lowest Davies–Bouldin (0.600); Calinski–Harabasz favours k=4 (200.0)');
  });

  it('a two-two tie goes to the higher silhouette', () => {
    const result = recommendK([candidate(2, 0.45, 0.5, 100), candidate(3, 0.5, 0.6, 150)], 2);
    // k=2: DB and elbow; k=3: silhouette and CH → tie → higher silhouette (k=3).
    expect(result.recommendedK).toBe(3);
  });
});

describe('selectK', () => {
  it('finds 4 well-separated blobs, reports progress, and is reproducible', async () => {
    const points = blobs(800, 4, 1);
    const events: number[] = [];
    const result = await selectK(points, { kMin: 2, kMax: 7, seed: 3, onProgress: (e) => events.push(e.done) });
    expect(result.recommendedK).toBe(4);
    expect(result.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(result.reason).toMatch(/^k=4: highest silhouette/);
    expect(events.at(-1)).toBe(6);
    const again = await selectK(points, { kMin: 2, kMax: 7, seed: 3 });
    expect(again.candidates).toEqual(result.candidates);
  });

  it('samples the silhouette above silhouetteSampleSize and accepts a threaded fitter', async () => {
    const pool = new KMeansWorkerPool({ threads: 2 });
    try {
      const result = await selectK(blobs(3000, 3, 2), { kMin: 2, kMax: 4, silhouetteSampleSize: 500, fit: (p, o) => pool.fit(p, o) });
      expect(result.candidates.every((c) => c.silhouetteSampleSize === 500)).toBe(true);
      expect(result.recommendedK).toBe(3);
    } finally {
      await pool.close();
    }
  });
});
