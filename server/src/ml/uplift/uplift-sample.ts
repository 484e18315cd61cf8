/**
 * The data every uplift metric reads: a binary outcome and a binary treatment flag per row, and a
 * ranking of the rows by a score (predicted uplift, or any baseline score). Validated once here so
 * the metric kernels can run without checks inside their loops.
 */
import { invalidInput } from '../matrix.js';

/** Outcome and arm of each row, checked to be 0/1 with both arms present. */
export interface UpliftOutcomes {
  readonly outcome: Uint8Array;
  readonly treatment: Uint8Array;
  readonly nTreated: number;
  readonly nControl: number;
}

/**
 * Rows in ranked order, best score first. Ties: the later row first — the order of
 * scikit-uplift's `np.argsort(score, kind="mergesort")[::-1]`, so uplift@k cuts a tie exactly where
 * scikit-uplift does. (causalml sorts with pandas' default quicksort, which leaves the order of tied
 * rows unspecified; its definitions are applied on this same order.)
 */
export interface RankedSample extends UpliftOutcomes {
  readonly order: Int32Array;
  /** 1 at the last ranked position of each run of equal scores (the points of scikit-uplift's curves). */
  readonly runEnd: Uint8Array;
  /** Score at each ranked position. */
  readonly rankedScores: Float64Array;
}

function binaryColumn(values: ArrayLike<number>, name: string): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== 0 && v !== 1) throw invalidInput(`${name}[${i}] must be 0 or 1, got ${String(v)}`, { row: i, column: name });
    out[i] = v;
  }
  return out;
}

export function upliftOutcomes(outcome: ArrayLike<number>, treatment: ArrayLike<number>): UpliftOutcomes {
  if (outcome.length !== treatment.length) throw invalidInput(`outcome has ${outcome.length} rows but treatment has ${treatment.length}`);
  const y = binaryColumn(outcome, 'outcome');
  const t = binaryColumn(treatment, 'treatment');
  let nTreated = 0;
  for (let i = 0; i < t.length; i++) nTreated += t[i];
  const nControl = t.length - nTreated;
  if (nTreated === 0 || nControl === 0) {
    throw invalidInput(`uplift needs treated and control rows, got ${nTreated} treated and ${nControl} control`, { nTreated, nControl });
  }
  return { outcome: y, treatment: t, nTreated, nControl };
}

/** Sorts once; every metric and every bootstrap replicate then walks `order`. */
export function rankSample(outcomes: UpliftOutcomes, scores: ArrayLike<number>, name = 'scores'): RankedSample {
  const n = outcomes.outcome.length;
  if (scores.length !== n) throw invalidInput(`${name} has ${scores.length} values for ${n} rows`);
  const values = Float64Array.from(scores);
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i])) throw invalidInput(`${name}[${i}] is not a finite number`, { row: i, column: name });
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[b] - values[a] || b - a);
  const rankedScores = new Float64Array(n);
  const runEnd = new Uint8Array(n);
  for (let p = 0; p < n; p++) rankedScores[p] = values[order[p]];
  for (let p = 0; p < n; p++) runEnd[p] = p === n - 1 || rankedScores[p + 1] !== rankedScores[p] ? 1 : 0;
  return { ...outcomes, order, runEnd, rankedScores };
}

/** Row weights of a bootstrap replicate (how often each row was drawn), or null for the sample itself. */
export type RowWeights = Uint32Array | null;
