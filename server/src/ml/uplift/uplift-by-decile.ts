/**
 * Realised uplift per score decile (or any number of groups): does the model's top decile respond
 * more to the message than the rest? scikit-uplift 0.5.1's `uplift_by_percentile(strategy='overall')`:
 * the ranked rows are cut into `groups` consecutive parts of sizes as `np.array_split` makes them
 * (the first n mod groups parts one row longer), and each part reports its treated and control
 * response rates, their difference and the standard error √(p_t(1−p_t)/n_t + p_c(1−p_c)/n_c).
 * Checked against scripts/reference/uplift.py.
 */
import { invalidInput } from '../matrix.js';
import type { RankedSample } from './uplift-sample.js';

export interface UpliftGroup {
  /** 1 = the best-ranked part. */
  group: number;
  rows: number;
  treated: number;
  control: number;
  /** NaN when the part has no row of that arm. */
  treatedRate: number;
  controlRate: number;
  uplift: number;
  standardError: number;
}

export function upliftByGroup(sample: RankedSample, groups = 10): UpliftGroup[] {
  const n = sample.order.length;
  if (!Number.isInteger(groups) || groups < 1 || groups >= n) throw invalidInput(`groups must be an integer in [1, ${n - 1}], got ${groups}`);
  const { order, outcome, treatment } = sample;
  const base = Math.floor(n / groups);
  const longer = n % groups;
  const out: UpliftGroup[] = [];
  let p = 0;
  for (let g = 0; g < groups; g++) {
    const size = base + (g < longer ? 1 : 0);
    let nT = 0;
    let yT = 0;
    let yC = 0;
    for (const end = p + size; p < end; p++) {
      const row = order[p];
      if (treatment[row] === 1) {
        nT++;
        yT += outcome[row];
      } else yC += outcome[row];
    }
    const nC = size - nT;
    const treatedRate = nT > 0 ? yT / nT : NaN;
    const controlRate = nC > 0 ? yC / nC : NaN;
    out.push({
      group: g + 1,
      rows: size,
      treated: nT,
      control: nC,
      treatedRate,
      controlRate,
      uplift: treatedRate - controlRate,
      standardError: Math.sqrt((treatedRate * (1 - treatedRate)) / nT + (controlRate * (1 - controlRate)) / nC),
    });
  }
  return out;
}
