import { invalidInput } from './errors.js';

export { invalidInput, MlInputError } from './errors.js';

/**
 * A dense row-major matrix: element (i, j) lives at `data[i * cols + j]`.
 * Every numeric routine in `ml/` takes and returns this shape, so callers can hand over
 * a Float64Array straight from a feature table without per-row allocations.
 */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

export function createMatrix(rows: number, cols: number): Matrix {
  return { data: new Float64Array(rows * cols), rows, cols };
}

/** Copies an array of equal-length rows into a Matrix. */
export function matrixFromRows(rows: ArrayLike<number>[]): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const out = createMatrix(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw invalidInput(`row ${i} has ${row.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = row[j];
  });
  return out;
}

export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** A view (no copy) of row i. */
export function rowView(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const { cols, data } = m;
  const out = createMatrix(indices.length, cols);
  const target = out.data;
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r] * cols;
    for (let c = 0; c < cols; c++) target[r * cols + c] = data[src + c];
  }
  return out;
}

/**
 * Rejects malformed shapes and non-finite values up front so that no NaN leaks into a model.
 * `checkValues` false skips the value scan for callers that scan the data anyway.
 */
export function assertMatrix(m: Matrix, what = 'points', minRows = 1, checkValues = true): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 1) {
    throw invalidInput(`${what}: invalid shape ${m.rows}x${m.cols}`);
  }
  if (m.data.length !== m.rows * m.cols) {
    throw invalidInput(`${what}: data has ${m.data.length} values, expected ${m.rows}x${m.cols}`);
  }
  if (m.rows < minRows) throw invalidInput(`${what}: need at least ${minRows} rows, got ${m.rows}`);
  if (!checkValues) return;
  const data = m.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw nonFinite(m, i, what);
  }
}

export const nonFinite = (m: Matrix, at: number, what = 'points') =>
  invalidInput(`${what}: non-finite value at row ${Math.floor(at / m.cols)}, column ${at % m.cols}`);

/** Per-column population variance (divides by n, like numpy's default). */
export function columnVariances(m: Matrix): { mean: Float64Array; variance: Float64Array } {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  const variance = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  // Two-pass on centred values: the one-pass E[x²]−E[x]² formula loses digits on large offsets.
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const delta = data[i * cols + j] - mean[j];
      variance[j] += delta * delta;
    }
  }
  for (let j = 0; j < cols; j++) variance[j] /= rows;
  return { mean, variance };
}

/** Squared Euclidean distance between row i of `a` and row j of `b` (same column count). */
export function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, cols: number): number {
  let sum = 0;
  for (let c = 0; c < cols; c++) {
    const delta = a[aOffset + c] - b[bOffset + c];
    sum += delta * delta;
  }
  return sum;
}

/**
 * A matrix backed by a SharedArrayBuffer, so worker threads can read it without a copy.
 * Build large feature matrices with this when they will be clustered on threads.
 */
export function createSharedMatrix(rows: number, cols: number): Matrix {
  return { data: new Float64Array(new SharedArrayBuffer(8 * rows * cols)), rows, cols };
}

/**
 * Mean per-column population variance in one pass, shifted by the first row for stability.
 * Only used to scale k-means' tolerance, where a few ulps do not matter.
 */
export function meanColumnVariance(m: Matrix): number {
  const { rows, cols, data } = m;
  if (rows === 0) return 0;
  const sum = new Float64Array(cols);
  const sumSquares = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const delta = data[row + j] - data[j];
      sum[j] += delta;
      sumSquares[j] += delta * delta;
    }
  }
  let total = 0;
  for (let j = 0; j < cols; j++) total += Math.max(0, (sumSquares[j] - (sum[j] * sum[j]) / rows) / rows);
  return total / cols;
}
