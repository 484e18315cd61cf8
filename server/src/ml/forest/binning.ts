import { assertFeatureMatrix, type FeatureMatrix } from './feature-matrix.js';
import { SeededRandom } from './random.js';
import { MlInputError } from '../errors.js';

/** Codes are uint8, so at most 255 bins per feature (LightGBM's default); code 255 is never used. */
export const MAX_BINS = 255;

/**
 * Per-feature bin edges. A value `x` falls into bin `b`, the first bin with `x <= edges[b]`,
 * or into the last bin when it exceeds every edge. Hence `bin(x) <= t` exactly when
 * `x <= edges[t]`, which is what lets a tree grown on bin codes predict on raw values.
 */
export interface BinEdges {
  /** edges[f] has (number of bins of feature f) − 1 ascending thresholds. */
  readonly edges: Float64Array[];
}

/** Column-major bin codes: code of feature `f`, row `r` is `codes[f * nRows + r]`. */
export interface BinnedMatrix {
  readonly codes: Uint8Array;
  readonly nRows: number;
  readonly nFeatures: number;
  /** Number of bins per feature (1 for a constant feature). */
  readonly binCounts: Int32Array;
}

export interface BinningOptions {
  maxBins?: number;
  /** Rows used to find the quantiles (LightGBM: bin_construct_sample_cnt). */
  sampleSize?: number;
  seed?: number;
}

/**
 * Quantile bin edges. A feature with at most `maxBins` distinct values gets one bin per value
 * and edges at the midpoints, so splits are exactly those an exact CART would consider.
 * Otherwise bins hold roughly equal numbers of rows; a value never straddles two bins.
 */
export function computeBinEdges(matrix: FeatureMatrix, options: BinningOptions = {}): BinEdges {
  assertFeatureMatrix(matrix);
  const maxBins = options.maxBins ?? MAX_BINS;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) throw new MlInputError(`maxBins must be an integer in [2, ${MAX_BINS}], got ${maxBins}`);
  const { nRows, nFeatures, data } = matrix;
  const sampleSize = Math.min(nRows, options.sampleSize ?? 200_000);
  let sampleRows: Uint32Array | null = null;
  if (sampleSize < nRows) {
    // Partial Fisher–Yates: a seeded subset, so the same data always gives the same edges.
    const all = new Uint32Array(nRows);
    for (let i = 0; i < nRows; i++) all[i] = i;
    const rng = new SeededRandom(options.seed ?? 0);
    for (let i = 0; i < sampleSize; i++) {
      const j = i + rng.nextInt(nRows - i);
      const tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
    }
    sampleRows = all.subarray(0, sampleSize);
  }
  const values = new Float64Array(sampleSize);
  const edges: Float64Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    for (let i = 0; i < sampleSize; i++) {
      const row = sampleRows ? sampleRows[i] : i;
      const value = data[row * nFeatures + f];
      if (!Number.isFinite(value)) throw new MlInputError(`feature ${f} has a non-finite value (${value}) in row ${row}; impute missing values before training`);
      values[i] = value;
    }
    values.sort();
    edges.push(edgesFromSorted(values, maxBins));
  }
  return { edges };
}

function edgesFromSorted(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct.push(sorted[i]);
      counts.push(1);
    } else counts[counts.length - 1]++;
  }
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push(midpoint(distinct[i], distinct[i + 1]));
    return Float64Array.from(cuts);
  }
  // Greedy equal-frequency cut: close a bin once it holds its share of the rows still to place,
  // so a heavy value (e.g. many zeros) takes one bin and the rest are shared fairly.
  let remainingRows = sorted.length;
  let binsLeft = maxBins;
  let inBin = 0;
  for (let i = 0; i + 1 < distinct.length && binsLeft > 1; i++) {
    inBin += counts[i];
    const target = remainingRows / binsLeft;
    const distinctLeft = distinct.length - i - 1;
    if (inBin >= target || distinctLeft < binsLeft) {
      cuts.push(midpoint(distinct[i], distinct[i + 1]));
      remainingRows -= inBin;
      binsLeft--;
      inBin = 0;
    }
  }
  return Float64Array.from(cuts);
}

/** Midpoint that stays strictly below `upper` even for adjacent doubles (as scikit-learn does). */
function midpoint(lower: number, upper: number): number {
  const mid = lower / 2 + upper / 2;
  return mid >= upper || mid < lower ? lower : mid;
}

/** Bin index of one value: the first edge >= value (binary search). */
export function binValue(edges: Float64Array, value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bins a matrix with known edges. NaN lands in the last bin, like any value above every edge. */
export function binMatrix(matrix: FeatureMatrix, binEdges: BinEdges, codes?: Uint8Array): BinnedMatrix {
  assertFeatureMatrix(matrix);
  const { nRows, nFeatures, data } = matrix;
  if (binEdges.edges.length !== nFeatures) throw new MlInputError(`matrix has ${nFeatures} features, bin edges were computed for ${binEdges.edges.length}`);
  const out = codes ?? new Uint8Array(nRows * nFeatures);
  const binCounts = new Int32Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const edges = binEdges.edges[f];
    binCounts[f] = edges.length + 1;
    const offset = f * nRows;
    for (let r = 0; r < nRows; r++) {
      const value = data[r * nFeatures + f];
      out[offset + r] = value === value ? binValue(edges, value) : edges.length;
    }
  }
  return { codes: out, nRows, nFeatures, binCounts };
}
