/**
 * The AUUC and Qini score as causalml defines them (`causalml/metrics/visualize.py`: `get_cumlift`,
 * `get_cumgain`, `get_qini`, `auuc_score`, `qini_score`, all with `normalize=True`, their default).
 * Re-implemented from the definitions, checked against scripts/reference/uplift.py to 1e-9.
 *
 * Unlike scikit-uplift, causalml takes a point after EVERY row (ties are not grouped; we walk
 * the same tie order as scikit-uplift, see uplift-sample.ts). After i rows (i = 1..n):
 *   lift_i = yT/nT − yC/nC          undefined (NaN) while an arm is still empty
 *   gain_i = lift_i · i             the cumulative gain (uplift curve)
 *   qini_i = yT − yC · nT / nC      undefined while the control arm is empty
 * A row 0 with value 0 is added and the undefined leading values are filled by linear
 * interpolation between it and the first defined one (pandas `interpolate()`); lift is
 * interpolated before it is multiplied by i, as in `get_cumgain`. Each curve is then divided by
 * the absolute value of its last point, so it ends at ±1, and
 *   auuc_score = mean of gain_0..gain_n                          (NOT relative to random: ≈ ½ for a random ranking when the effect is positive)
 *   qini_score = mean of qini_0..qini_n − mean of the straight line from qini_0 to qini_n   (≈ 0 for random)
 * Both are NaN when the curve ends at 0.
 */
import type { RankedSample, RowWeights } from './uplift-sample.js';

export interface CausalmlScores {
  auuc: number;
  qini: number;
}

export function causalmlScores(sample: RankedSample, weights: RowWeights = null): CausalmlScores {
  const { order, outcome, treatment } = sample;
  let i = 0;
  let nT = 0;
  let yT = 0;
  let yC = 0;
  // First defined position and value of each curve, and the sums of the defined values.
  let liftStart = 0;
  let liftAtStart = NaN;
  let qiniStart = 0;
  let qiniAtStart = NaN;
  let gainSum = 0;
  let qiniSum = 0;
  let lastGain = NaN;
  let lastQini = NaN;
  for (let p = 0; p < order.length; p++) {
    const row = order[p];
    const copies = weights ? weights[row] : 1;
    const treated = treatment[row] === 1;
    const y = outcome[row];
    // Each drawn copy of a row is its own position, as in the materialised replicate.
    for (let c = 0; c < copies; c++) {
      i++;
      if (treated) {
        nT++;
        yT += y;
      } else yC += y;
      const nC = i - nT;
      if (nC > 0) {
        const qini = yT - (yC * nT) / nC;
        if (qiniStart === 0) {
          qiniStart = i;
          qiniAtStart = qini;
        }
        qiniSum += qini;
        lastQini = qini;
        if (nT > 0) {
          const lift = yT / nT - yC / nC;
          const gain = lift * i;
          if (liftStart === 0) {
            liftStart = i;
            liftAtStart = lift;
          }
          gainSum += gain;
          lastGain = gain;
        }
      }
    }
  }
  const n = i;
  // Interpolated leading points 1..start−1 (row 0 is 0 and adds nothing).
  for (let j = 1; j < liftStart; j++) gainSum += ((liftAtStart * j) / liftStart) * j;
  for (let j = 1; j < qiniStart; j++) qiniSum += (qiniAtStart * j) / qiniStart;
  const points = n + 1;
  const auuc = lastGain === 0 || Number.isNaN(lastGain) ? NaN : gainSum / Math.abs(lastGain) / points;
  const qini = lastQini === 0 || Number.isNaN(lastQini) ? NaN : qiniSum / Math.abs(lastQini) / points - Math.sign(lastQini) / 2;
  return { auuc, qini };
}
