/**
 * Learning: on a seeded synthetic campaign with planted persuadables, sleeping dogs, sure things
 * and lost causes (test/helpers/planted-uplift.ts), every learner recovers the planted ranking on
 * held-out rows — a Qini coefficient whose bootstrap interval, and whose paired difference from a
 * random ranking, exclude zero; persuadables first and sleeping dogs last — and the planted
 * persuadables' share (20 %) as the share of customers it predicts an uplift above 0.15 for.
 */
import { describe, expect, it } from 'vitest';
import { PLANTED_SHARES, PLANTED_TYPES, plantedCampaign } from '../../../../test/helpers/planted-uplift.js';
import { ClassTransformation } from './class-transformation.js';
import type { UpliftLearner } from './meta-learners.js';
import { TLearner } from './t-learner.js';
import { evaluateUplift } from './uplift-evaluation.js';
import { XLearner } from './x-learner.js';

const train = plantedCampaign(20_000, 1);
const test = plantedCampaign(10_000, 2);
const forest = { nEstimators: 50 };

const learners: [string, () => UpliftLearner][] = [
  ['T-learner', () => new TLearner({ forest, seed: 3 })],
  ['X-learner (constant propensity)', () => new XLearner({ outcomeForest: forest, effectForest: forest, seed: 3 })],
  ['X-learner (fitted propensity)', () => new XLearner({ outcomeForest: forest, effectForest: forest, propensity: { kind: 'fitted', forest }, seed: 3 })],
  ['class transformation', () => new ClassTransformation({ forest, seed: 3 })],
];

function meanByType(uplift: Float64Array): Record<string, number> {
  return Object.fromEntries(PLANTED_TYPES.map((name, k) => {
    let sum = 0;
    let n = 0;
    uplift.forEach((u, i) => {
      if (test.type[i] === k) {
        sum += u;
        n++;
      }
    });
    return [name, sum / n];
  }));
}

describe('uplift learners recover planted heterogeneous effects', () => {
  for (const [name, create] of learners) {
    it(name, async () => {
      const model = await create().fit(train.X, train.treatment, train.outcome);
      const uplift = model.predictUplift(test.X);
      const evaluation = evaluateUplift(test.outcome, test.treatment, [{ name, scores: uplift }], { bootstrap: { replicates: 200, seed: 5 }, randomRanking: { seed: 6 } });
      const qini = evaluation.rankings[0].metrics.qiniAucScikitUplift;
      expect(qini.lower).toBeGreaterThan(0.08);
      const overRandom = evaluation.comparisons.find((c) => c.baseline === 'random')!.differences.qiniAucScikitUplift;
      expect(overRandom.lower).toBeGreaterThan(0.05);
      const random = evaluation.rankings.find((r) => r.name === 'random')!.metrics.qiniAucScikitUplift;
      expect(random.lower).toBeLessThan(0);
      expect(random.upper).toBeGreaterThan(0);
      expect(evaluation.rankings[0].metrics.upliftAt10.lower).toBeGreaterThan(0.15);

      // The planted order: persuadables (+0.30) > sure things, lost causes (0) > sleeping dogs (−0.25).
      const means = meanByType(uplift);
      expect(means.persuadable).toBeGreaterThan(0.2);
      expect(means.sleepingDog).toBeLessThan(-0.1);
      expect(Math.abs(means.sureThing)).toBeLessThan(0.05);
      expect(Math.abs(means.lostCause)).toBeLessThan(0.05);
      const ranked = Array.from(uplift.keys()).sort((a, b) => uplift[b] - uplift[a]);
      const share = (rows: number[], type: string): number => rows.filter((r) => PLANTED_TYPES[test.type[r]] === type).length / rows.length;
      expect(share(ranked.slice(0, 0.2 * test.X.nRows), 'persuadable')).toBeGreaterThan(0.9);
      expect(share(ranked.slice(-0.15 * test.X.nRows), 'sleepingDog')).toBeGreaterThan(0.85);

      // The persuadables' share: customers predicted to gain more than half the planted +0.30.
      const predictedPersuadable = uplift.filter((u) => u > 0.15).length / uplift.length;
      expect(Math.abs(predictedPersuadable - PLANTED_SHARES.persuadable)).toBeLessThan(0.03);
    });
  }
});
