/**
 * uplift@k as scikit-uplift 0.5.1 defines it (`uplift_at_k`): the response rate of the treated
 * minus that of the control rows among the best-ranked rows. Checked against
 * scripts/reference/uplift.py to 1e-9.
 *   'overall'  (scikit-uplift's default here): the first ⌊n·k⌋ rows of the whole ranking.
 *   'byGroup'  ('by_group'): the first ⌊nT·k⌋ treated and the first ⌊nC·k⌋ control rows.
 * ⌊·⌋ is Python's int() of the same float product, so the cut-off row is the same. NaN when the
 * selection holds no row of one arm (numpy's mean of nothing).
 */
import { invalidInput } from '../matrix.js';
import type { RankedSample, RowWeights } from './uplift-sample.js';

export type UpliftAtKStrategy = 'overall' | 'byGroup';

export function assertFraction(k: number): void {
  if (!(k > 0 && k < 1)) throw invalidInput(`k must be a fraction in (0, 1), got ${k}`);
}

/** uplift@k for several k in one walk of the ranking. */
export function upliftAtK(sample: RankedSample, kFractions: readonly number[], strategy: UpliftAtKStrategy = 'overall', weights: RowWeights = null): number[] {
  kFractions.forEach(assertFraction);
  const { order, outcome, treatment } = sample;
  let total = 0;
  let totalTreated = 0;
  for (let row = 0; row < outcome.length; row++) {
    const w = weights ? weights[row] : 1;
    total += w;
    if (treatment[row] === 1) totalTreated += w;
  }
  return kFractions.map((k) => {
    const quotaTreated = strategy === 'overall' ? 0 : Math.trunc((totalTreated) * k);
    const quotaControl = strategy === 'overall' ? 0 : Math.trunc((total - totalTreated) * k);
    let quotaAll = strategy === 'overall' ? Math.trunc(total * k) : 0;
    let leftTreated = quotaTreated;
    let leftControl = quotaControl;
    let nT = 0;
    let nC = 0;
    let yT = 0;
    let yC = 0;
    for (let p = 0; p < order.length; p++) {
      const row = order[p];
      const copies = weights ? weights[row] : 1;
      if (copies === 0) continue;
      const treated = treatment[row] === 1;
      let taken: number;
      if (strategy === 'overall') {
        if (quotaAll === 0) break;
        taken = Math.min(copies, quotaAll);
        quotaAll -= taken;
      } else if (treated) {
        taken = Math.min(copies, leftTreated);
        leftTreated -= taken;
      } else {
        taken = Math.min(copies, leftControl);
        leftControl -= taken;
      }
      if (treated) {
        nT += taken;
        yT += taken * outcome[row];
      } else {
        nC += taken;
        yC += taken * outcome[row];
      }
      if (strategy === 'byGroup' && leftTreated === 0 && leftControl === 0) break;
    }
    return (nT > 0 ? yT / nT : NaN) - (nC > 0 ? yC / nC : NaN);
  });
}
