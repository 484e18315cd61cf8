import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('same seed, same stream; different seed, different stream', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.nextUint32());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });

  it('floats in [0, 1) with mean ≈ 1/2; ints in range and roughly uniform', () => {
    const rng = new Rng(1);
    let sum = 0;
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      sum += f;
      counts[rng.nextInt(7)]++;
    }
    expect(sum / 70_000).toBeCloseTo(0.5, 2);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('samples distinct sorted indices (both strategies) and shuffles a permutation', () => {
    const rng = new Rng(9);
    for (const [n, count] of [[1000, 10], [100, 90], [5, 5], [5, 0]]) {
      const sample = rng.sampleWithoutReplacement(n, count);
      expect(sample.length).toBe(count);
      expect(new Set(sample).size).toBe(count);
      for (let i = 1; i < sample.length; i++) expect(sample[i]).toBeGreaterThan(sample[i - 1]);
      for (const v of sample) expect(v >= 0 && v < n).toBe(true);
    }
    const shuffled = rng.shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(() => rng.sampleWithoutReplacement(3, 4)).toThrow();
  });
});
