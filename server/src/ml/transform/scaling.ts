import { assertMatrix, columnVariances, invalidInput, type Matrix } from '../matrix.js';

/*
 * Feature transforms, each as an estimator (options in the constructor) whose `fit` returns a
 * model with JSON-serialisable learned state. Models never mutate their input.
 */

const copyMatrix = (m: Matrix): Matrix => ({ data: new Float64Array(m.data), rows: m.rows, cols: m.cols });

function checkColumns(columns: readonly number[], cols: number, what: string): void {
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= cols) throw invalidInput(`${what}: column ${c} out of range 0..${cols - 1}`);
  }
}

// ---------------------------------------------------------------------------------------------
// log1p: for heavy-tailed, non-negative money/count features (monetary value, frequency).

export interface Log1pOptions {
  /** Column indices to transform; the others pass through. Default: all. */
  columns?: number[];
}

export interface Log1pState {
  kind: 'log1p';
  columns: number[];
  nFeatures: number;
}

export class Log1pTransformer {
  constructor(readonly options: Log1pOptions = {}) {}

  fit(points: Matrix): Log1pModel {
    assertMatrix(points);
    const columns = this.options.columns ?? Array.from({ length: points.cols }, (_, j) => j);
    checkColumns(columns, points.cols, 'log1p');
    return new Log1pModel({ kind: 'log1p', columns: [...columns], nFeatures: points.cols });
  }
}

export class Log1pModel {
  constructor(readonly state: Log1pState) {}

  transform(points: Matrix): Matrix {
    checkWidth(points, this.state.nFeatures, 'log1p');
    const out = copyMatrix(points);
    for (let i = 0; i < out.rows; i++) {
      for (const j of this.state.columns) {
        const v = out.data[i * out.cols + j];
        // log1p(x) is undefined below -1; refuse rather than invent a value.
        if (!(v > -1)) throw invalidInput(`log1p: value ${v} at row ${i}, column ${j} is not > -1`);
        out.data[i * out.cols + j] = Math.log1p(v);
      }
    }
    return out;
  }

  inverseTransform(points: Matrix): Matrix {
    checkWidth(points, this.state.nFeatures, 'log1p');
    const out = copyMatrix(points);
    for (let i = 0; i < out.rows; i++) for (const j of this.state.columns) out.data[i * out.cols + j] = Math.expm1(out.data[i * out.cols + j]);
    return out;
  }

  toJSON(): Log1pState {
    return this.state;
  }

  static fromJSON(state: Log1pState): Log1pModel {
    return new Log1pModel(state);
  }
}

// ---------------------------------------------------------------------------------------------
// Winsorising: clip each chosen column at its own lower/upper quantile, learned at fit time so
// that scoring new customers uses the training bounds.

export interface WinsorizerOptions {
  /** Lower quantile in [0, 0.5). Default 0.01. */
  lowerQuantile?: number;
  /** Upper quantile in (0.5, 1]. Default 0.99. */
  upperQuantile?: number;
  /** Column indices to clip. Default: all. */
  columns?: number[];
}

export interface WinsorizerState {
  kind: 'winsorizer';
  columns: number[];
  nFeatures: number;
  lowerQuantile: number;
  upperQuantile: number;
  /** Clip bounds, one per entry of `columns`. */
  lowerBounds: number[];
  upperBounds: number[];
}

/** Quantile with linear interpolation between order statistics (numpy's default "linear"). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export class Winsorizer {
  constructor(readonly options: WinsorizerOptions = {}) {}

  fit(points: Matrix): WinsorizerModel {
    assertMatrix(points);
    const lowerQuantile = this.options.lowerQuantile ?? 0.01;
    const upperQuantile = this.options.upperQuantile ?? 0.99;
    if (!(lowerQuantile >= 0 && lowerQuantile < upperQuantile && upperQuantile <= 1)) {
      throw invalidInput(`winsorizer: need 0 <= lowerQuantile < upperQuantile <= 1, got ${lowerQuantile}, ${upperQuantile}`);
    }
    const columns = this.options.columns ?? Array.from({ length: points.cols }, (_, j) => j);
    checkColumns(columns, points.cols, 'winsorizer');
    const lowerBounds: number[] = [];
    const upperBounds: number[] = [];
    const column = new Float64Array(points.rows);
    for (const j of columns) {
      for (let i = 0; i < points.rows; i++) column[i] = points.data[i * points.cols + j];
      column.sort();
      lowerBounds.push(quantileSorted(column, lowerQuantile));
      upperBounds.push(quantileSorted(column, upperQuantile));
    }
    return new WinsorizerModel({
      kind: 'winsorizer', columns: [...columns], nFeatures: points.cols, lowerQuantile, upperQuantile, lowerBounds, upperBounds,
    });
  }
}

/** Clipping loses information, so there is no inverse transform. */
export class WinsorizerModel {
  constructor(readonly state: WinsorizerState) {}

  transform(points: Matrix): Matrix {
    checkWidth(points, this.state.nFeatures, 'winsorizer');
    const out = copyMatrix(points);
    const { columns, lowerBounds, upperBounds } = this.state;
    for (let i = 0; i < out.rows; i++) {
      for (let c = 0; c < columns.length; c++) {
        const at = i * out.cols + columns[c];
        out.data[at] = Math.min(upperBounds[c], Math.max(lowerBounds[c], out.data[at]));
      }
    }
    return out;
  }

  toJSON(): WinsorizerState {
    return this.state;
  }

  static fromJSON(state: WinsorizerState): WinsorizerModel {
    return new WinsorizerModel(state);
  }
}

// ---------------------------------------------------------------------------------------------
// Standardisation, as scikit-learn's StandardScaler: population standard deviation (ddof = 0),
// and a zero-variance column gets scale 1 so it maps to 0 instead of NaN.

export interface StandardScalerOptions {
  withMean?: boolean;
  withStd?: boolean;
}

export interface StandardScalerState {
  kind: 'standard-scaler';
  /** Per-column mean (zeros when withMean is false). */
  mean: number[];
  /** Per-column divisor: population std, or 1 for constant columns / withStd false. */
  scale: number[];
  /** Per-column population variance as seen at fit time. */
  variance: number[];
}

export class StandardScaler {
  constructor(readonly options: StandardScalerOptions = {}) {}

  fit(points: Matrix): StandardScalerModel {
    assertMatrix(points);
    const { mean, variance } = columnVariances(points);
    const withMean = this.options.withMean ?? true;
    const withStd = this.options.withStd ?? true;
    // A variance within the floating-point error bound of the two-pass algorithm is rounding
    // noise, not spread: treat the column as constant (same bound as scikit-learn 1.2).
    const n = points.rows;
    const scale = Array.from(variance, (v, j) => {
      const errorBound = n * Number.EPSILON * v + (n * mean[j] * Number.EPSILON) ** 2;
      return withStd && v > errorBound ? Math.sqrt(v) : 1;
    });
    return new StandardScalerModel({
      kind: 'standard-scaler',
      mean: withMean ? Array.from(mean) : new Array<number>(points.cols).fill(0),
      scale,
      variance: Array.from(variance),
    });
  }
}

export class StandardScalerModel {
  constructor(readonly state: StandardScalerState) {}

  transform(points: Matrix): Matrix {
    const { mean, scale } = this.state;
    checkWidth(points, mean.length, 'standard scaler');
    const out = copyMatrix(points);
    const d = out.cols;
    for (let i = 0; i < out.rows; i++) for (let j = 0; j < d; j++) out.data[i * d + j] = (out.data[i * d + j] - mean[j]) / scale[j];
    return out;
  }

  inverseTransform(points: Matrix): Matrix {
    const { mean, scale } = this.state;
    checkWidth(points, mean.length, 'standard scaler');
    const out = copyMatrix(points);
    const d = out.cols;
    for (let i = 0; i < out.rows; i++) for (let j = 0; j < d; j++) out.data[i * d + j] = out.data[i * d + j] * scale[j] + mean[j];
    return out;
  }

  toJSON(): StandardScalerState {
    return this.state;
  }

  static fromJSON(state: StandardScalerState): StandardScalerModel {
    return new StandardScalerModel(state);
  }
}

function checkWidth(points: Matrix, expected: number, what: string): void {
  if (points.cols !== expected) throw invalidInput(`${what}: fitted on ${expected} columns, got ${points.cols}`);
}
