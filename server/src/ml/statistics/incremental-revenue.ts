/**
 * An interval for a campaign's incremental revenue, (mean revenue per treatment member − mean
 * revenue per control member) × treatment members.
 *
 * Revenue per member is mostly zeros with a long right tail, so the default is a seeded
 * nonparametric (percentile) bootstrap of the difference of means. Each group is resampled with
 * replacement; because only the non-zero values matter, a resample is drawn as "how many
 * non-zero members" (Binomial(n, k/n)) and then which non-zero values (k draws with
 * replacement). That is the same distribution as resampling all n members, at a cost of
 * O(samples × non-zero members) instead of O(samples × members).
 *
 * The counts come from `binomialSampler`, which inverts a table built once per group, so a resample
 * costs about one uniform draw per non-zero value: 2,000 resamples take about 20 ms at 400 values
 * and 0.17 s at 4,900 on one core. Above `bootstrapLimit` non-zero values in all (5,000 by
 * default) the bootstrap would cost too much for a request, and the groups are
 * large enough for the normal approximation (Welch's unpooled standard error
 * of the difference of means, the delta method for a linear statistic), which is used instead.
 *
 * Pure: values in, interval out. Money is in the campaign's currency, as given.
 */
import { createRng, type Rng } from '../rng.js';
import { Z_95 } from './proportion-intervals.js';
import { MlInputError } from '../errors.js';

export interface RevenueGroup {
  /** Members in the group, zeros included. */
  members: number;
  /** The non-zero revenues of its members (any order). */
  nonZero: ArrayLike<number>;
}

export interface IncrementalRevenueInterval {
  estimate: number;
  lower: number;
  upper: number;
  /** The interval excludes 0. */
  significant: boolean;
  method: 'bootstrap' | 'normal';
  /** Bootstrap resamples (0 for the normal interval). */
  samples: number;
  seed: number | null;
  /** Bootstrap standard deviation, or the normal standard error. */
  standardError: number;
}

export interface IntervalOptions { samples?: number; seed?: number; z?: number; bootstrapLimit?: number }

const DEFAULTS = { samples: 2000, seed: 1, z: Z_95, bootstrapLimit: 5_000 };

/** Number of successes in n Bernoulli(p) trials, exactly: geometric jumps between successes (expected min(p, 1−p)·n + 1 steps). */
export function binomialDraw(rng: Rng, n: number, p: number): number {
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialDraw(rng, n, 1 - p);
  const logQ = Math.log1p(-p);
  let position = 0, successes = 0;
  for (;;) {
    // 1 − U is in (0, 1]: the log is finite.
    position += Math.floor(Math.log(1 - rng.nextFloat()) / logQ) + 1;
    if (position > n) return successes;
    successes++;
  }
}

/** Below this expected count of the rarer outcome the geometric jumps are cheaper than a table. */
const TABLE_FROM_MEAN = 16;

/**
 * Draws from one Binomial(n, p) many times. The bootstrap draws from the same two binomials
 * thousands of times, so for larger means it builds the distribution function once — over the mode
 * ± 12 standard deviations, where everything outside holds less than 1e-30 of the mass — and
 * inverts it with one uniform and a binary search: O(log width) a draw instead of O(n·p) logs.
 * Small means keep the exact geometric jumps of `binomialDraw`.
 */
export function binomialSampler(n: number, p: number): (rng: Rng) => number {
  const rarer = Math.min(p, 1 - p);
  if (!(n > 0) || !(rarer > 0) || n * rarer < TABLE_FROM_MEAN) return (rng) => binomialDraw(rng, n, p);
  const sd = Math.sqrt(n * p * (1 - p));
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const low = Math.max(0, Math.floor(mode - 12 * sd - 1)), high = Math.min(n, Math.ceil(mode + 12 * sd + 1));
  // Relative probabilities by the ratio P(k+1)/P(k) = (n−k)/(k+1) · p/(1−p), outwards from the
  // mode (weight 1), so nothing underflows or needs a log-gamma.
  const weights = new Float64Array(high - low + 1);
  const odds = p / (1 - p);
  weights[mode - low] = 1;
  for (let k = mode; k < high; k++) weights[k + 1 - low] = weights[k - low] * ((n - k) / (k + 1)) * odds;
  for (let k = mode; k > low; k--) weights[k - 1 - low] = weights[k - low] * (k / (n - k + 1)) / odds;
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) { total += weights[i]; cumulative[i] = total; }
  return (rng) => {
    const target = rng.nextFloat() * total;
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid; else lo = mid + 1;
    }
    return low + lo;
  };
}

/**
 * The sum of a bootstrap resample of one group: how many non-zero members (binomial), then which
 * non-zero values (uniform with replacement, unbiased by rejection as `Rng.nextInt`).
 */
function resampler(group: RevenueGroup): (rng: Rng) => number {
  const k = group.nonZero.length;
  if (k === 0) return () => 0;
  // Sorted, so the interval does not depend on the order the rows arrived in.
  const values = Float64Array.from(group.nonZero).sort();
  const count = binomialSampler(group.members, k / group.members);
  const limit = 2 ** 32 - (2 ** 32 % k);
  return (rng) => {
    const draws = count(rng);
    let sum = 0;
    for (let i = 0; i < draws; i++) {
      let u: number;
      do u = rng.nextUint32(); while (u >= limit);
      sum += values[u % k];
    }
    return sum;
  };
}

/** numpy's default (linear) quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h), hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function moments(group: RevenueGroup): { mean: number; variance: number } {
  let sum = 0, squares = 0;
  for (let i = 0; i < group.nonZero.length; i++) { sum += group.nonZero[i]; squares += group.nonZero[i] ** 2; }
  const n = group.members, mean = sum / n;
  return { mean, variance: n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0 };
}

/** Null when either group is empty. */
export function incrementalRevenueInterval(treatment: RevenueGroup, control: RevenueGroup, options: IntervalOptions = {}): IncrementalRevenueInterval | null {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS;
  if (!Number.isInteger(o.samples) || o.samples < 2) throw new MlInputError(`samples must be an integer of at least 2, got ${o.samples}`);
  if (!(treatment.members > 0) || !(control.members > 0)) return null;
  for (const g of [treatment, control]) if (g.nonZero.length > g.members) throw new MlInputError(`a group of ${g.members} members cannot have ${g.nonZero.length} non-zero revenues`);
  const t = moments(treatment), c = moments(control);
  const scale = treatment.members;
  const estimate = (t.mean - c.mean) * scale;
  const result = (lower: number, upper: number, method: 'bootstrap' | 'normal', standardError: number): IncrementalRevenueInterval => ({
    estimate, lower, upper, significant: lower > 0 || upper < 0, method, samples: method === 'bootstrap' ? o.samples : 0, seed: method === 'bootstrap' ? o.seed : null, standardError,
  });
  if (treatment.nonZero.length + control.nonZero.length > o.bootstrapLimit) {
    const se = Math.sqrt(t.variance / treatment.members + c.variance / control.members) * scale;
    return result(estimate - o.z * se, estimate + o.z * se, 'normal', se);
  }
  const rng = createRng(o.seed);
  const treatmentSum = resampler(treatment), controlSum = resampler(control);
  const replicates = new Float64Array(o.samples);
  for (let b = 0; b < o.samples; b++) {
    replicates[b] = (treatmentSum(rng) / treatment.members - controlSum(rng) / control.members) * scale;
  }
  let mean = 0;
  for (const v of replicates) mean += v / o.samples;
  let variance = 0;
  for (const v of replicates) variance += (v - mean) ** 2 / Math.max(1, o.samples - 1);
  replicates.sort();
  const tail = (1 - erfLevel(o.z)) / 2;
  return result(quantile(replicates, tail), quantile(replicates, 1 - tail), 'bootstrap', Math.sqrt(variance));
}

/** Two-sided coverage of ±z under the standard normal, 2Φ(z) − 1 (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
function erfLevel(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 1 - poly * Math.exp(-x * x);
}
