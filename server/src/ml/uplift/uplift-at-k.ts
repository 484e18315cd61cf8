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
  if (weights) {
    for (let row = 0; row < outcome.length; row++) {
      total += weights[row];
      if (treatment[row] === 1) totalTreated += weights[row];
    }
  } else {
    total = outcome.length;
    totalTreated = sample.nTreated;
  }
  const K = kFractions.length;
  // Rows each k may take: overall from the whole ranking, byGroup from each arm.
  const quotaAll = kFractions.map((k) => Math.trunc(total * k));
  const quotaTreated = kFractions.map((k) => Math.trunc(totalTreated * k));
  const quotaControl = kFractions.map((k) => Math.trunc((total - totalTreated) * k));
  const longest = strategy === 'overall' ? Math.max(...quotaAll) : Math.max(...quotaTreated, ...quotaControl);
  const nT = new Float64Array(K);
  const nC = new Float64Array(K);
  const yT = new Float64Array(K);
  const yC = new Float64Array(K);
  let seen = 0;
  let seenTreated = 0;
  let seenControl = 0;
  for (let p = 0; p < order.length; p++) {
    const row = order[p];
    const copies = weights ? weights[row] : 1;
    if (copies === 0) continue;
    const treated = treatment[row] === 1;
    const y = outcome[row];
    for (let j = 0; j < K; j++) {
      const taken = strategy === 'overall'
        ? Math.min(copies, Math.max(0, quotaAll[j] - seen))
        : Math.min(copies, Math.max(0, treated ? quotaTreated[j] - seenTreated : quotaControl[j] - seenControl));
      if (treated) {
        nT[j] += taken;
        yT[j] += taken * y;
      } else {
        nC[j] += taken;
        yC[j] += taken * y;
      }
    }
    seen += copies;
    if (treated) seenTreated += copies;
    else seenControl += copies;
    if (strategy === 'overall' ? seen >= longest : seenTreated >= longest && seenControl >= longest) break;
  }
  return kFractions.map((_, j) => (nT[j] > 0 ? yT[j] / nT[j] : NaN) - (nC[j] > 0 ? yC[j] / nC[j] : NaN));
}
