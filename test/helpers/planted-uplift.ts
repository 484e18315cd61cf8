/**
 * A seeded synthetic campaign with planted heterogeneous effects. Two uniform features decide
 * each customer's type; four more are noise (one of them integer-valued):
 *
 *   type           rule                          P(y | control)  P(y | treated)  uplift
 *   persuadable    x0 > 0.8                 20 %      0.10            0.40          +0.30
 *   sleeping dog   x0 < 0.15                15 %      0.40            0.15          −0.25
 *   sure thing     otherwise, x1 > 0.7    19.5 %      0.70            0.70           0
 *   lost cause     otherwise              45.5 %      0.03            0.03           0
 *
 * Treatment is drawn with probability `treatedShare` (default ½) independently of everything,
 * as in a randomised campaign; the outcome from the type's rate for the drawn arm.
 */
import type { FeatureMatrix } from '../../server/src/ml/forest/feature-matrix.js';
import { SeededRandom } from '../../server/src/ml/forest/random.js';

export const PLANTED_TYPES = ['persuadable', 'sleepingDog', 'sureThing', 'lostCause'] as const;
export type PlantedType = (typeof PLANTED_TYPES)[number];

export const PLANTED_RATES: Record<PlantedType, { control: number; treated: number }> = {
  persuadable: { control: 0.1, treated: 0.4 },
  sleepingDog: { control: 0.4, treated: 0.15 },
  sureThing: { control: 0.7, treated: 0.7 },
  lostCause: { control: 0.03, treated: 0.03 },
};
/** Expected share of each type (from the rules above). */
export const PLANTED_SHARES: Record<PlantedType, number> = { persuadable: 0.2, sleepingDog: 0.15, sureThing: 0.195, lostCause: 0.455 };

export interface PlantedCampaign {
  X: FeatureMatrix;
  treatment: Uint8Array;
  outcome: Uint8Array;
  /** Index into PLANTED_TYPES per row. */
  type: Uint8Array;
  /** The planted uplift of each row. */
  trueUplift: Float64Array;
}

export const PLANTED_FEATURES = 6;

export function plantedCampaign(nRows: number, seed: number, treatedShare = 0.5): PlantedCampaign {
  const rng = new SeededRandom(seed);
  const data = new Float64Array(nRows * PLANTED_FEATURES);
  const treatment = new Uint8Array(nRows);
  const outcome = new Uint8Array(nRows);
  const type = new Uint8Array(nRows);
  const trueUplift = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const x0 = rng.nextFloat();
    const x1 = rng.nextFloat();
    data.set([x0, x1, rng.nextGaussian(), rng.nextInt(5), rng.nextGaussian(), rng.nextFloat()], r * PLANTED_FEATURES);
    const kind: PlantedType = x0 > 0.8 ? 'persuadable' : x0 < 0.15 ? 'sleepingDog' : x1 > 0.7 ? 'sureThing' : 'lostCause';
    type[r] = PLANTED_TYPES.indexOf(kind);
    const rates = PLANTED_RATES[kind];
    trueUplift[r] = rates.treated - rates.control;
    treatment[r] = rng.nextFloat() < treatedShare ? 1 : 0;
    outcome[r] = rng.nextFloat() < (treatment[r] ? rates.treated : rates.control) ? 1 : 0;
  }
  return { X: { data, nRows, nFeatures: PLANTED_FEATURES }, treatment, outcome, type, trueUplift };
}
