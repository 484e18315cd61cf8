import { assertMatrix, createMatrix, invalidInput, type Matrix } from '../matrix.js';

/*
 * Principal component analysis by eigen-decomposition of the d×d sample covariance matrix
 * (cyclic Jacobi rotations). Feature counts here are small (d ≤ ~50), so the O(n·d²) covariance
 * pass dominates and the eigen-solve is negligible.
 *
 * Sign convention (matches scikit-learn 1.2's svd_flip with u_based_decision=True): each
 * component is oriented so that, among the training scores on that component, the one with the
 * largest absolute value is positive (first such row on exact ties).
 */

export interface PcaOptions {
  /** Number of components to keep (1..d). */
  nComponents?: number;
  /**
   * Alternatively, keep the fewest components whose cumulative explained-variance ratio exceeds
   * this fraction in (0, 1) (scikit-learn's float `n_components`).
   */
  varianceTarget?: number;
}

export interface PcaState {
  kind: 'pca';
  nFeatures: number;
  nComponents: number;
  mean: number[];
  /** nComponents rows × nFeatures columns, row-major; unit-length principal axes. */
  components: number[];
  /** Variance along each component (sample variance, divides by n − 1). */
  explainedVariance: number[];
  explainedVarianceRatio: number[];
}

export class Pca {
  constructor(readonly options: PcaOptions = {}) {}

  fit(points: Matrix): PcaModel {
    assertMatrix(points, 'points', 2);
    const { rows: n, cols: d, data } = points;
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;

    const covariance = new Float64Array(d * d);
    const centred = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) centred[j] = data[i * d + j] - mean[j];
      for (let a = 0; a < d; a++) {
        const ca = centred[a];
        for (let b = a; b < d; b++) covariance[a * d + b] += ca * centred[b];
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        covariance[a * d + b] /= n - 1;
        covariance[b * d + a] = covariance[a * d + b];
      }
    }

    const { values, vectors } = symmetricEigen(covariance, d);
    const order = Array.from({ length: d }, (_, j) => j).sort((a, b) => values[b] - values[a]);
    const totalVariance = values.reduce((sum, v) => sum + Math.max(v, 0), 0);
    const ratios = order.map((j) => (totalVariance > 0 ? Math.max(values[j], 0) / totalVariance : 0));

    const nComponents = this.chooseComponentCount(ratios, d);
    const components = new Float64Array(nComponents * d);
    for (let c = 0; c < nComponents; c++) {
      for (let j = 0; j < d; j++) components[c * d + j] = vectors[j * d + order[c]];
    }
    orientComponents(points, mean, components, nComponents);

    return new PcaModel({
      kind: 'pca',
      nFeatures: d,
      nComponents,
      mean: Array.from(mean),
      components: Array.from(components),
      explainedVariance: order.slice(0, nComponents).map((j) => Math.max(values[j], 0)),
      explainedVarianceRatio: ratios.slice(0, nComponents),
    });
  }

  private chooseComponentCount(ratios: number[], d: number): number {
    const { nComponents, varianceTarget } = this.options;
    if (nComponents !== undefined && varianceTarget !== undefined) {
      throw invalidInput('pca: give nComponents or varianceTarget, not both');
    }
    if (varianceTarget !== undefined) {
      if (!(varianceTarget > 0 && varianceTarget < 1)) throw invalidInput(`pca: varianceTarget must be in (0, 1), got ${varianceTarget}`);
      // Fewest components whose cumulative ratio is strictly greater than the target.
      let cumulative = 0;
      for (let c = 0; c < d; c++) {
        cumulative += ratios[c];
        if (cumulative > varianceTarget) return c + 1;
      }
      return d;
    }
    const count = nComponents ?? d;
    if (!Number.isInteger(count) || count < 1 || count > d) throw invalidInput(`pca: nComponents must be 1..${d}, got ${count}`);
    return count;
  }
}

export class PcaModel {
  constructor(readonly state: PcaState) {}

  get explainedVarianceRatio(): number[] {
    return this.state.explainedVarianceRatio;
  }

  /** Scores: (points − mean) · componentsᵀ, shape n × nComponents. */
  transform(points: Matrix): Matrix {
    const { nFeatures: d, nComponents: p, mean, components } = this.state;
    if (points.cols !== d) throw invalidInput(`pca: fitted on ${d} columns, got ${points.cols}`);
    const out = createMatrix(points.rows, p);
    const centred = new Float64Array(d);
    for (let i = 0; i < points.rows; i++) {
      for (let j = 0; j < d; j++) centred[j] = points.data[i * d + j] - mean[j];
      for (let c = 0; c < p; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += centred[j] * components[c * d + j];
        out.data[i * p + c] = sum;
      }
    }
    return out;
  }

  /** Back to feature space; exact only when all components were kept. */
  inverseTransform(scores: Matrix): Matrix {
    const { nFeatures: d, nComponents: p, mean, components } = this.state;
    if (scores.cols !== p) throw invalidInput(`pca: expected ${p} score columns, got ${scores.cols}`);
    const out = createMatrix(scores.rows, d);
    for (let i = 0; i < scores.rows; i++) {
      for (let j = 0; j < d; j++) {
        let sum = mean[j];
        for (let c = 0; c < p; c++) sum += scores.data[i * p + c] * components[c * d + j];
        out.data[i * d + j] = sum;
      }
    }
    return out;
  }

  toJSON(): PcaState {
    return this.state;
  }

  static fromJSON(state: PcaState): PcaModel {
    return new PcaModel(state);
  }
}

/** Flips each component so its largest-magnitude training score is positive (see file comment). */
function orientComponents(points: Matrix, mean: Float64Array, components: Float64Array, p: number): void {
  const { rows: n, cols: d, data } = points;
  const bestAbs = new Float64Array(p).fill(-1);
  const bestSign = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < p; c++) {
      let score = 0;
      for (let j = 0; j < d; j++) score += (data[i * d + j] - mean[j]) * components[c * d + j];
      if (Math.abs(score) > bestAbs[c]) {
        bestAbs[c] = Math.abs(score);
        bestSign[c] = score < 0 ? -1 : 1;
      }
    }
  }
  for (let c = 0; c < p; c++) if (bestSign[c] < 0) for (let j = 0; j < d; j++) components[c * d + j] = -components[c * d + j];
}

/**
 * Eigenvalues and eigenvectors of a symmetric d×d matrix by cyclic Jacobi rotations.
 * Returns `vectors` with eigenvector k in column k (vectors[j * d + k]). Converges quadratically;
 * we stop when the off-diagonal mass is below 1e-30 of the total or after 100 sweeps.
 */
export function symmetricEigen(matrix: Float64Array, d: number): { values: number[]; vectors: Float64Array } {
  const a = new Float64Array(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let total = 0;
  for (let i = 0; i < d * d; i++) total += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] * a[p * d + q];
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const app = a[p * d + p];
        const aqq = a[q * d + q];
        // Rotation angle that annihilates a[p][q] (Numerical Recipes' stable tan formula).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: d }, (_, i) => a[i * d + i]), vectors: v };
}
