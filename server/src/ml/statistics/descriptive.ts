/**
 * Pure helpers behind the analytics queries: histogram binning and Pearson correlation.
 * No database access here, so the numbers are pinned by small hand-computed tests.
 */

export interface HistogramBin {
  /** Lower edge (inclusive), in the feature's units, or log1p units when the histogram is logarithmic. */
  from: number;
  /** Upper edge (exclusive, except the last bin, which includes the maximum). */
  to: number;
  count: number;
}

/**
 * Equal-width bins over [min, max] of `values`. `logScale` bins log1p(value) instead (negative
 * values are clamped to 0 first: every feature offered is non-negative by definition).
 * A constant column gives one bin holding every value.
 */
export function histogram(values: number[], bins: number, logScale: boolean): HistogramBin[] {
  if (values.length === 0) return [];
  const xs = logScale ? values.map((v) => Math.log1p(Math.max(0, v))) : values;
  let min = Infinity, max = -Infinity;
  for (const x of xs) { if (x < min) min = x; if (x > max) max = x; }
  if (max === min) return [{ from: min, to: max, count: xs.length }];
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor((x - min) / width))]++;
  return counts.map((count, i) => ({ from: min + i * width, to: i === bins - 1 ? max : min + (i + 1) * width, count }));
}

/**
 * Pearson correlation of two columns over the rows where both are present (pairwise complete).
 * Null when fewer than two such rows or when either column is constant over them.
 */
export function pearson(xs: (number | null)[], ys: (number | null)[]): number | null {
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (x === null || y === null) continue;
    n++; sx += x; sy += y;
  }
  if (n < 2) return null;
  const mx = sx / n, my = sy / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (x === null || y === null) continue;
    sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; syy += (y - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Whole months from `from` to `to`, both 'YYYY-MM'. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}
