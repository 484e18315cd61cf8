import { MlInputError } from '../errors.js';
/**
 * Dense, row-major feature matrix: value of feature `f` for row `r` is
 * `data[r * nFeatures + f]`. Typed arrays instead of `number[][]` keep a million rows in one
 * allocation and make prediction loops cache-friendly.
 */
export interface FeatureMatrix {
  readonly data: Float64Array | Float32Array;
  readonly nRows: number;
  readonly nFeatures: number;
}

/** Labels are small non-negative integers or any numbers; the forest keeps the sorted distinct values as `classes`. */
export type Labels = ArrayLike<number>;

export function featureMatrixFromRows(rows: ArrayLike<ArrayLike<number>>): FeatureMatrix {
  const nRows = rows.length;
  const nFeatures = nRows > 0 ? rows[0].length : 0;
  const data = new Float64Array(nRows * nFeatures);
  for (let r = 0; r < nRows; r++) {
    const row = rows[r];
    if (row.length !== nFeatures) throw new MlInputError(`row ${r} has ${row.length} values, expected ${nFeatures}`);
    for (let f = 0; f < nFeatures; f++) data[r * nFeatures + f] = row[f];
  }
  return { data, nRows, nFeatures };
}

export function assertFeatureMatrix(matrix: FeatureMatrix): void {
  if (!Number.isInteger(matrix.nRows) || !Number.isInteger(matrix.nFeatures) || matrix.nRows < 0 || matrix.nFeatures < 0) {
    throw new MlInputError(`invalid matrix shape ${matrix.nRows} × ${matrix.nFeatures}`);
  }
  if (matrix.data.length !== matrix.nRows * matrix.nFeatures) {
    throw new MlInputError(`matrix data has ${matrix.data.length} values, expected ${matrix.nRows} × ${matrix.nFeatures}`);
  }
}

/** Copies the given rows (in the given order) into a new matrix. */
export function selectRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const { nFeatures } = matrix;
  const data = new Float64Array(rows.length * nFeatures);
  for (let i = 0; i < rows.length; i++) {
    const source = rows[i] * nFeatures;
    for (let f = 0; f < nFeatures; f++) data[i * nFeatures + f] = matrix.data[source + f];
  }
  return { data, nRows: rows.length, nFeatures };
}
