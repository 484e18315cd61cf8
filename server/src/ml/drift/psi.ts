import { invalidInput } from '../errors.js';

/** The share given to an empty bin so that ln(actual / expected) stays finite (the usual 1e-4 convention). */
export const PSI_EMPTY_BIN_SHARE = 1e-4;
/** Ten bins: the conventional PSI resolution (deciles of the reference distribution). */
export const PSI_DEFAULT_BINS = 10;

export interface PsiResult {
  /** Σ (actual − expected) · ln(actual / expected) over the bins; 0 for identical distributions. */
  psi: number;
  /** Upper bin edges taken from the reference; the last bin is open (…, +∞). */
  edges: number[];
  /** Share of the reference in each bin (before the empty-bin floor). */
  expected: number[];
  /** Share of the compared distribution in each bin (before the empty-bin floor). */
  actual: number[];
}

/** numpy's default ("linear") quantile of sorted values, q in [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function finiteCopy(values: ArrayLike<number>, what: string): Float64Array {
  if (!values.length) throw invalidInput(`psi: the ${what} distribution is empty`);
  const copy = Float64Array.from(values);
  for (let i = 0; i < copy.length; i++) if (!Number.isFinite(copy[i])) throw invalidInput(`psi: ${what} value ${i} is not a finite number`);
  return copy;
}

/** Index of the bin holding `value`: the first edge ≥ value (numpy searchsorted, side 'left'); past the last edge → the open last bin. */
function binOf(edges: number[], value: number): number {
  let lo = 0, hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < value) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Population stability index of `actual` against `reference`. Bins are the reference's
 * quantiles at 1/bins … (bins−1)/bins (numpy's linear interpolation), with repeated edges
 * dropped, so a feature with many ties gets fewer bins rather than empty ones; bins are
 * (−∞, e1], (e1, e2], …, (e_last, +∞). A share of 0 counts as PSI_EMPTY_BIN_SHARE.
 * Usual reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 significant shift.
 */
export function populationStabilityIndex(reference: ArrayLike<number>, actual: ArrayLike<number>, bins = PSI_DEFAULT_BINS): PsiResult {
  if (!Number.isInteger(bins) || bins < 2) throw invalidInput(`psi: bins must be an integer ≥ 2, got ${bins}`);
  // Only the reference is sorted (for its quantiles); the compared values are binned as they come.
  const ref = finiteCopy(reference, 'reference').sort();
  const cur = finiteCopy(actual, 'actual');
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const edge = quantileSorted(ref, b / bins);
    if (!edges.length || edge > edges[edges.length - 1]) edges.push(edge);
  }
  const count = (values: Float64Array) => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const value of values) counts[binOf(edges, value)]++;
    return counts.map((c) => c / values.length);
  };
  const expected = count(ref), shares = count(cur);
  let psi = 0;
  for (let b = 0; b < expected.length; b++) {
    const e = Math.max(expected[b], PSI_EMPTY_BIN_SHARE), a = Math.max(shares[b], PSI_EMPTY_BIN_SHARE);
    psi += (a - e) * Math.log(a / e);
  }
  return { psi, edges, expected, actual: shares };
}

export type PsiLevel = 'stable' | 'warning' | 'alert';

/** Reads a PSI against warning/alert thresholds (conventionally 0.1 and 0.25). */
export function psiLevel(psi: number, thresholds: { warning: number; alert: number }): PsiLevel {
  return psi >= thresholds.alert ? 'alert' : psi >= thresholds.warning ? 'warning' : 'stable';
}
