/** Hand-computed values on six rows (worked out in the comments), including a tie and empty arms. */
import { describe, expect, it } from 'vitest';
import { causalmlScores } from './causalml-scores.js';
import { percentileInterval, quantile } from './uplift-bootstrap.js';
import { upliftAtK } from './uplift-at-k.js';
import { upliftByGroup } from './uplift-by-decile.js';
import { cellCounts, perfectQiniCurve, perfectUpliftCurve, qiniAucScikitUplift, qiniCurve, trapezoidArea, upliftAucScikitUplift, upliftCurve } from './uplift-curves.js';
import { evaluateUplift } from './uplift-evaluation.js';
import { rankSample, upliftOutcomes } from './uplift-sample.js';
import { upliftTrainTestSplit } from './uplift-split.js';

// row:         0    1    2    3    4    5
const scores = [0.9, 0.8, 0.8, 0.5, 0.3, 0.1];
const treatment = [1, 0, 1, 0, 1, 0];
const outcome = [1, 0, 0, 1, 1, 0];
// Ranked: 0, 2, 1 (tie 0.8: the later row first), 3, 4, 5; runs {0} {2,1} {3} {4} {5}.
const sample = rankSample(upliftOutcomes(outcome, treatment), scores);

describe('uplift metrics on a hand-worked example', () => {
  it('ranks ties later row first and takes a curve point after each run of equal scores', () => {
    expect(Array.from(sample.order)).toEqual([0, 2, 1, 3, 4, 5]);
    const uplift = upliftCurve(sample);
    // (yT/nT − yC/nC)·N at N = 1, 3, 4, 5, 6: 1·1, (½−0)·3, (½−½)·4, (⅔−½)·5, (⅔−⅓)·6
    expect(uplift.x).toEqual([0, 1, 3, 4, 5, 6]);
    expectClose(uplift.y, [0, 1, 1.5, 0, 5 / 6, 2]);
    expect(uplift.thresholds).toEqual([1.9, 0.9, 0.8, 0.5, 0.3, 0.1]);
    // yT − yC·nT/nC (nT/nC = 0 while nC = 0)
    expectClose(qiniCurve(sample).y, [0, 1, 1, 0, 0.5, 1]);
    expect(trapezoidArea(uplift.x, uplift.y)).toBeCloseTo(0.5 + 2.5 + 0.75 + 5 / 12 + 17 / 12, 12);
  });

  it('normalises the areas as scikit-uplift does (perfect curves from the four cells)', () => {
    const cells = cellCounts(sample);
    expect(cells).toEqual({ treatedResponders: 2, treatedNonResponders: 1, controlResponders: 1, controlNonResponders: 2 });
    // Control responders do not outnumber treated non-responders: order TR, CN, TN, CR.
    const perfectUplift = perfectUpliftCurve(cells);
    expect(perfectUplift.x).toEqual([0, 2, 4, 5, 6]);
    expectClose(perfectUplift.y, [0, 2, 4, 10 / 3, 2]);
    // Perfect area 14⅓, random (0,0)–(6,2) area 6, model area 5 7/12: (5 7/12 − 6) / (14⅓ − 6) = −0.05.
    expect(upliftAucScikitUplift(sample)).toBeCloseTo(-0.05, 12);
    const perfectQini = perfectQiniCurve(cells);
    expect(perfectQini.x).toEqual([0, 2, 5, 6]);
    expectClose(perfectQini.y, [0, 2, 2, 1]);
    // (4 − 3) / (9.5 − 3)
    expect(qiniAucScikitUplift(sample)).toBeCloseTo(1 / 6.5, 12);
  });

  it('computes causalml scores per row, interpolating the points where an arm is still empty', () => {
    // gain_i for i = 0..6: 0, (½·⅓)·1, (½·⅔)·2, 1.5, 0, ⅚, 2 → sum 31/6, / |2| / 7 points.
    // qini_i: 0, ⅓, ⅔, 1, 0, ½, 1 → mean ½, minus the random line's mean ½.
    const scores = causalmlScores(sample);
    expect(scores.auuc).toBeCloseTo(31 / 84, 12);
    expect(scores.qini).toBeCloseTo(0, 12);
  });

  it('computes uplift@k over the whole ranking or per arm, NaN when the top k misses an arm', () => {
    // k = ½: rows 0, 2 (treated: 1, 0) and 1 (control: 0) → ½ − 0; k = 0.2: ⌊1.2⌋ = 1 row, no control.
    const [half, fifth] = upliftAtK(sample, [0.5, 0.2]);
    expect(half).toBeCloseTo(0.5, 12);
    expect(fifth).toBeNaN();
    // by group, k = ½: first ⌊1.5⌋ = 1 treated (row 0: 1) and 1 control (row 1: 0).
    expect(upliftAtK(sample, [0.5], 'byGroup')).toEqual([1]);
    expect(() => upliftAtK(sample, [1])).toThrow(/fraction in \(0, 1\)/);
  });

  it('weights rows by bootstrap multiplicity exactly like the replicate written out', () => {
    const weights = Uint32Array.from([2, 0, 1, 3, 0, 1]);
    const rows = [0, 0, 2, 3, 3, 3, 5];
    const written = rankSample(upliftOutcomes(rows.map((r) => outcome[r]), rows.map((r) => treatment[r])), rows.map((r) => scores[r]));
    expect(upliftAucScikitUplift(sample, weights)).toBeCloseTo(upliftAucScikitUplift(written), 12);
    expect(qiniAucScikitUplift(sample, weights)).toBeCloseTo(qiniAucScikitUplift(written), 12);
    const a = causalmlScores(sample, weights);
    const b = causalmlScores(written);
    expect(a.auuc).toBeCloseTo(b.auuc, 12);
    expect(a.qini).toBeCloseTo(b.qini, 12);
    // k = 0.3 takes the two copies of row 0 (no control: NaN); k = 0.6 takes four rows.
    expectClose(upliftAtK(sample, [0.3, 0.6], 'overall', weights), upliftAtK(written, [0.3, 0.6]));
    expect(upliftAtK(sample, [0.6], 'overall', weights)[0]).toBeCloseTo(2 / 3 - 1, 12);
    expectClose(upliftAtK(sample, [0.5], 'byGroup', weights), upliftAtK(written, [0.5], 'byGroup'));
  });

  it('reports realised uplift per group of the ranking, earlier groups one row longer', () => {
    // 6 rows in 4 groups: sizes 2, 2, 1, 1 → {0, 2}, {1, 3}, {4}, {5}.
    const groups = upliftByGroup(sample, 4);
    expect(groups.map((g) => g.rows)).toEqual([2, 2, 1, 1]);
    expect(groups[0]).toMatchObject({ treated: 2, control: 0, treatedRate: 0.5 });
    expect(groups[0].uplift).toBeNaN();
    expect(groups[1]).toMatchObject({ treated: 0, control: 2, controlRate: 0.5 });
    expect(groups[2]).toMatchObject({ treated: 1, control: 0, treatedRate: 1 });
    expect(() => upliftByGroup(sample, 6)).toThrow(/groups must be/);
  });

  it('holds out rows stratified by arm and outcome', () => {
    const t = Array.from({ length: 400 }, (_, i) => (i % 4 < 2 ? 1 : 0));
    const y = Array.from({ length: 400 }, (_, i) => (i % 8 < 3 ? 1 : 0));
    const { train, test } = upliftTrainTestSplit(t, y, 0.25, 3);
    expect(train.length + test.length).toBe(400);
    const cell = (rows: Int32Array, arm: number, out: number) => Array.from(rows).filter((r) => t[r] === arm && y[r] === out).length;
    for (const [arm, out] of [[1, 1], [1, 0], [0, 1], [0, 0]]) expect(cell(test, arm, out)).toBe(Math.round(cell(Int32Array.from({ length: 400 }, (_, i) => i), arm, out) / 4));
  });

  it('takes numpy-style linear quantiles, ignoring NaN replicates', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, NaN, 1, 3, 2], 0.25)).toBe(1.75);
    expect(percentileInterval(7, [1, 2, 3, 4, 5], 0.5)).toEqual({ estimate: 7, lower: 2, upper: 4 });
  });

  it('rejects non-binary outcomes, a missing arm and non-finite scores, naming the row', () => {
    expect(() => upliftOutcomes([0, 2], [0, 1])).toThrow(/outcome\[1\] must be 0 or 1/);
    expect(() => upliftOutcomes([0, 1], [1, 1])).toThrow(/treated and control/);
    expect(() => rankSample(upliftOutcomes([0, 1], [0, 1]), [0, NaN])).toThrow(/scores\[1\] is not a finite/);
    expect(() => evaluateUplift(outcome, treatment, [{ name: 'random', scores }])).toThrow(/used twice/);
  });
});

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => (Number.isNaN(expected[i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(expected[i], 12)));
}
