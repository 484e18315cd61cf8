/**
 * Seeded bootstrap for uplift metrics. A replicate redraws the treated rows from the treated rows
 * and the control rows from the control rows, with replacement, so every replicate keeps the
 * experiment's arm sizes. Replicate b draws from its own stream `SeededRandom(deriveSeed(seed, b))`:
 * first nT indices into the treated rows (ascending row order), then nC into the control rows,
 * each `floor(u32 / 2^32 · size)`. scripts/reference/uplift.py replays the same streams, so the
 * intervals are checked to 1e-9 too. Every ranking is evaluated on the same replicates, so a
 * difference between two rankings gets a paired interval.
 */
import { deriveSeed, SeededRandom } from '../forest/random.js';
import { invalidInput } from '../matrix.js';
import type { UpliftOutcomes } from './uplift-sample.js';

export interface BootstrapOptions {
  /** Replicates; default 1000. */
  replicates?: number;
  /** Default 0. */
  seed?: number;
  /** Two-sided coverage of the percentile interval; default 0.95. */
  confidence?: number;
}

export type ResolvedBootstrapOptions = Required<BootstrapOptions>;

export function resolveBootstrap(options: BootstrapOptions = {}): ResolvedBootstrapOptions {
  const resolved = { replicates: 1000, seed: 0, confidence: 0.95, ...options };
  if (!Number.isInteger(resolved.replicates) || resolved.replicates < 2) throw invalidInput(`bootstrap replicates must be an integer ≥ 2, got ${resolved.replicates}`);
  if (!Number.isInteger(resolved.seed)) throw invalidInput(`bootstrap seed must be an integer, got ${resolved.seed}`);
  if (!(resolved.confidence > 0 && resolved.confidence < 1)) throw invalidInput(`bootstrap confidence must be in (0, 1), got ${resolved.confidence}`);
  return resolved;
}

/** Rows of each arm in ascending order: the draws index into these. */
export function armRows(outcomes: UpliftOutcomes): { treated: Int32Array; control: Int32Array } {
  const treated = new Int32Array(outcomes.nTreated);
  const control = new Int32Array(outcomes.nControl);
  let t = 0;
  let c = 0;
  outcomes.treatment.forEach((arm, row) => {
    if (arm === 1) treated[t++] = row;
    else control[c++] = row;
  });
  return { treated, control };
}

/** How often each row is drawn in replicate `replicate`. */
export function replicateWeights(arms: { treated: Int32Array; control: Int32Array }, nRows: number, seed: number, replicate: number, out = new Uint32Array(nRows)): Uint32Array {
  out.fill(0);
  const rng = new SeededRandom(deriveSeed(seed, replicate));
  for (const rows of [arms.treated, arms.control]) {
    for (let i = 0; i < rows.length; i++) out[rows[rng.nextInt(rows.length)]]++;
  }
  return out;
}

/**
 * numpy's default quantile (linear interpolation between order statistics, "type 7") of the
 * finite values; NaN replicates (a metric undefined on that replicate) are left out, as by
 * `np.nanquantile`.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const fraction = position - below;
  if (fraction === 0) return sorted[below];
  return sorted[below] + (sorted[below + 1] - sorted[below]) * fraction;
}

export interface Interval {
  /** The metric on the evaluation rows themselves. */
  estimate: number;
  /** Percentile bootstrap interval. */
  lower: number;
  upper: number;
}

export function percentileInterval(estimate: number, replicates: ArrayLike<number>, confidence: number): Interval {
  const tail = (1 - confidence) / 2;
  return { estimate, lower: quantile(replicates, tail), upper: quantile(replicates, 1 - tail) };
}
