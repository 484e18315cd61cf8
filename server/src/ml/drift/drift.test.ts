import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adjustedRandScore } from '../clustering/metrics.js';
import { createRng } from '../rng.js';
import { centroidDistances, linearSumAssignment } from './hungarian.js';
import { populationStabilityIndex, psiLevel, PSI_EMPTY_BIN_SHARE } from './psi.js';
import { segmentSizeShifts } from './size-shift.js';

/** test/fixtures/reference/drift.json, written by scripts/reference/drift.py (numpy 1.24, scipy 1.10, scikit-learn 1.2.1). */
interface DriftReference {
  emptyBinShare: number;
  psi: { name: string; reference: number[]; actual: number[]; bins: number; psi: number; edges: number[] }[];
  assignments: { cost: number[][]; rows: number[]; columns: number[]; totalCost: number }[];
  ari: { a: number[]; b: number[]; ari: number }[];
}
const reference = JSON.parse(readFileSync(new URL('../../../../test/fixtures/reference/drift.json', import.meta.url), 'utf8')) as DriftReference;

describe('population stability index against numpy', () => {
  it('uses the same empty-bin share', () => expect(PSI_EMPTY_BIN_SHARE).toBe(reference.emptyBinShare));
  for (const c of reference.psi) {
    it(`${c.name}: PSI and edges to 1e-12`, () => {
      const result = populationStabilityIndex(c.reference, c.actual, c.bins);
      expect(result.edges.length).toBe(c.edges.length);
      result.edges.forEach((e, i) => expect(e).toBeCloseTo(c.edges[i], 12));
      expect(result.psi).toBeCloseTo(c.psi, 12);
    });
  }
});

describe('population stability index properties', () => {
  const rng = createRng(7);
  const sample = Array.from({ length: 1000 }, () => rng.nextFloat() * 100);
  it('is 0 for identical distributions, and positive for a shifted one', () => {
    expect(populationStabilityIndex(sample, sample).psi).toBe(0);
    expect(populationStabilityIndex(sample, [...sample].reverse()).psi).toBe(0);
    expect(populationStabilityIndex(sample, sample.map((v) => v + 30)).psi).toBeGreaterThan(0.25);
  });
  it('counts an empty bin as the floor share, not as infinity', () => {
    const result = populationStabilityIndex([1, 2, 3, 4], [10, 10, 10, 10], 2);
    // Edge 2.5: reference 50/50, actual 0/100 → (1e-4 − 0.5)·ln(1e-4/0.5) + (1 − 0.5)·ln(1/0.5).
    expect(result.psi).toBeCloseTo((1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2), 12);
  });
  it('reads the usual thresholds', () => {
    const t = { warning: 0.1, alert: 0.25 };
    expect([0.05, 0.1, 0.2, 0.25, 1].map((v) => psiLevel(v, t))).toEqual(['stable', 'warning', 'warning', 'alert', 'alert']);
  });
  it('names bad input', () => {
    expect(() => populationStabilityIndex([], [1])).toThrow(/reference distribution is empty/);
    expect(() => populationStabilityIndex([1, Number.NaN], [1])).toThrow(/reference value 1 is not a finite number/);
    expect(() => populationStabilityIndex([1, 2], [1], 1)).toThrow(/bins must be an integer/);
  });
});

describe('minimum-cost assignment against scipy', () => {
  for (const [i, c] of reference.assignments.entries()) {
    it(`case ${i}: ${c.cost.length}×${c.cost[0].length}`, () => {
      const result = linearSumAssignment(c.cost);
      expect(result.totalCost).toBeCloseTo(c.totalCost, 10);
      expect(result.rows).toEqual(c.rows);
      expect(result.columns).toEqual(c.columns);
    });
  }
});

describe('minimum-cost assignment properties', () => {
  const permutations = (n: number): number[][] => n === 0 ? [[]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
  it('is optimal: no permutation of a random 6×6 matrix costs less', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 5; trial++) {
      const cost = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => Math.round(rng.nextFloat() * 20)));
      const best = Math.min(...permutations(6).map((p) => p.reduce((s, c, r) => s + cost[r][c], 0)));
      expect(linearSumAssignment(cost).totalCost).toBe(best);
    }
  });
  it('matches shuffled centroids back to themselves, and leaves the extra one of the larger side unmatched', () => {
    const live = [[0, 0], [5, 5], [10, 0]];
    const next = [[10.1, 0], [0, 0.2], [20, 20], [5, 4.9]];
    const result = linearSumAssignment(centroidDistances(live, next));
    expect(result.rows).toEqual([0, 1, 2]);
    expect(result.columns).toEqual([1, 3, 0]);
  });
  it('handles empty input and refuses ragged or non-finite costs', () => {
    expect(linearSumAssignment([])).toEqual({ rows: [], columns: [], totalCost: 0 });
    expect(() => linearSumAssignment([[1, 2], [3]])).toThrow(/row 1 has 1 costs/);
    expect(() => linearSumAssignment([[1, Number.POSITIVE_INFINITY]])).toThrow(/cost \[0\]\[1\] is not finite/);
  });
});

describe('adjusted Rand index for drift', () => {
  it('agrees with scikit-learn', () => {
    for (const pair of reference.ari) expect(adjustedRandScore(pair.a, pair.b)).toBeCloseTo(pair.ari, 12);
  });
  it('is 1 for a relabelling', () => {
    expect(adjustedRandScore([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1])).toBe(1);
  });
});

describe('segment size shifts', () => {
  it('compares matched shares and counts unmatched segments whole', () => {
    // Live: 50/30/20. New: 40/40 + 20 new; live 2 is matched to nothing.
    const { shifts, maxAbsShift } = segmentSizeShifts([50, 30, 20], [40, 40, 20], { from: [0, 1], to: [1, 0] });
    expect(shifts.map((s) => [s.from, s.to, Number(s.shift.toFixed(10))])).toEqual([[0, 1, -0.1], [1, 0, 0.1], [2, null, -0.2], [null, 2, 0.2]]);
    expect(maxAbsShift).toBeCloseTo(0.2, 12);
  });
});
