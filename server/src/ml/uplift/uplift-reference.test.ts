/**
 * Hillstrom, each e-mail arm against the No E-Mail control, targets visit and conversion: the
 * curves, both normalisations of the Qini and uplift AUCs, uplift@k and their bootstrap intervals
 * equal scripts/reference/uplift.py (numpy/pandas, the definitions of scikit-uplift 0.5.1 and
 * causalml) on the same rankings, to 1e-9. The rankings are formulas both sides compute (a
 * continuous one, two with heavy ties) and a seeded random one, so ties and both arms' edge
 * cases are exercised on real data.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadHillstromUplift, type HillstromArm, type HillstromTarget } from '../../../../test/helpers/uplift-hillstrom.js';
import { deriveSeed, SeededRandom } from '../forest/random.js';
import { Rng } from '../rng.js';
import { qiniCurve, trapezoidArea, upliftCurve, type UpliftCurve } from './uplift-curves.js';
import { evaluateUplift, randomScores } from './uplift-evaluation.js';
import { rankSample, upliftOutcomes } from './uplift-sample.js';

type Triple = [number | null, number | null, number | null];
interface CurveSummary { points: number; area: number; sumY: number; indices: number[]; x: number[]; y: number[] }
interface ReferenceCase {
  arm: string;
  target: HillstromTarget;
  rows: number;
  treated: number;
  treatedResponders: number;
  controlResponders: number;
  rankings: Record<string, { metrics: Record<string, Triple>; upliftCurve: CurveSummary; qiniCurve: CurveSummary; deciles: (number | null)[][] }>;
  comparisons: Record<string, Record<string, Triple>>;
}
interface Reference {
  generator: { deriveSeed11: number[]; xoshiro42: number[]; randomScores7: number[] };
  kFractions: number[];
  bootstrap: { replicates: number; seed: number; confidence: number };
  randomSeed: number;
  cases: Record<string, ReferenceCase>;
}

const reference = JSON.parse(fs.readFileSync(new URL('../../../../test/fixtures/reference/uplift-hillstrom.json', import.meta.url), 'utf8')) as Reference;
const EXACT = 1e-9;

function expectNear(actual: number, expected: number | null, what: string): void {
  if (expected === null) expect(actual, what).toBeNaN();
  else expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThan(EXACT);
}

function expectCurve(curve: UpliftCurve, ref: CurveSummary, what: string): void {
  expect(curve.x.length, what).toBe(ref.points);
  const area = trapezoidArea(curve.x, curve.y);
  expect(Math.abs(area - ref.area) / Math.max(1, Math.abs(ref.area)), `${what} area`).toBeLessThan(1e-12);
  const sumY = curve.y.reduce((a, b) => a + b, 0);
  expect(Math.abs(sumY - ref.sumY) / Math.max(1, Math.abs(ref.sumY)), `${what} sum`).toBeLessThan(1e-12);
  ref.indices.forEach((index, i) => {
    expect(curve.x[index], `${what} x[${index}]`).toBe(ref.x[i]);
    expectNear(curve.y[index], ref.y[i], `${what} y[${index}]`);
  });
}

describe('uplift metrics equal the reference definitions on Hillstrom', () => {
  it('draws the same random streams as the reference script', () => {
    expect(Array.from({ length: 5 }, (_, i) => deriveSeed(11, i))).toEqual(reference.generator.deriveSeed11);
    const rng = new Rng(42);
    expect(Array.from({ length: 5 }, () => rng.nextUint32())).toEqual(reference.generator.xoshiro42);
    expect(Array.from(randomScores(5, 7))).toEqual(reference.generator.randomScores7);
    expect(new SeededRandom(42).nextUint32()).toBe(reference.generator.xoshiro42[0]);
  });

  for (const [key, ref] of Object.entries(reference.cases)) {
    it(`${key}: curves, AUCs (both normalisations), uplift@k, deciles, intervals and differences from random`, () => {
      const [arm, target] = key.split('-') as [HillstromArm, HillstromTarget];
      const data = loadHillstromUplift(arm);
      const outcome = data.outcomes[target];
      expect(outcome.length).toBe(ref.rows);
      expect(data.treatment.reduce((a, b) => a + b, 0)).toBe(ref.treated);

      const formulas = data.formulas(reference.randomSeed);
      const evaluation = evaluateUplift(outcome, data.treatment, formulas.filter((f) => f.name !== 'random'), {
        kFractions: reference.kFractions,
        bootstrap: reference.bootstrap,
        randomRanking: { seed: reference.randomSeed },
      });
      expect(evaluation.rankings.map((r) => r.name).sort()).toEqual(Object.keys(ref.rankings).sort());
      for (const ranking of evaluation.rankings) {
        const expected = ref.rankings[ranking.name];
        expect(Object.keys(ranking.metrics).sort()).toEqual(Object.keys(expected.metrics).sort());
        for (const [metric, interval] of Object.entries(ranking.metrics)) {
          const [estimate, lower, upper] = expected.metrics[metric];
          expectNear(interval.estimate, estimate, `${ranking.name} ${metric}`);
          expectNear(interval.lower, lower, `${ranking.name} ${metric} lower`);
          expectNear(interval.upper, upper, `${ranking.name} ${metric} upper`);
        }
        const sample = rankSample(upliftOutcomes(outcome, data.treatment), formulas.find((f) => f.name === ranking.name)!.scores);
        expectCurve(upliftCurve(sample), expected.upliftCurve, `${ranking.name} uplift curve`);
        expectCurve(qiniCurve(sample), expected.qiniCurve, `${ranking.name} Qini curve`);
        expect(ranking.deciles.length).toBe(expected.deciles.length);
        ranking.deciles.forEach((d, i) => {
          const [treated, control, treatedRate, controlRate, uplift, standardError] = expected.deciles[i];
          expect([d.treated, d.control]).toEqual([treated, control]);
          expectNear(d.treatedRate, treatedRate, `${ranking.name} decile ${i + 1} treated rate`);
          expectNear(d.controlRate, controlRate, `${ranking.name} decile ${i + 1} control rate`);
          expectNear(d.uplift, uplift, `${ranking.name} decile ${i + 1} uplift`);
          expectNear(d.standardError, standardError, `${ranking.name} decile ${i + 1} standard error`);
        });
      }
      for (const comparison of evaluation.comparisons) {
        expect(comparison.baseline).toBe('random');
        for (const [metric, interval] of Object.entries(comparison.differences)) {
          const [estimate, lower, upper] = ref.comparisons[comparison.ranking][metric];
          expectNear(interval.estimate, estimate, `${comparison.ranking} − random ${metric}`);
          expectNear(interval.lower, lower, `${comparison.ranking} − random ${metric} lower`);
          expectNear(interval.upper, upper, `${comparison.ranking} − random ${metric} upper`);
        }
      }
    });
  }
});
