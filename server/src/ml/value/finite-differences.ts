import type { Objective, ValueAndGradient } from './optimise.js';

/*
 * Derivatives by finite differences, for objectives without an analytic gradient and for the
 * Hessians behind standard errors, and the Cholesky inverse those standard errors need.
 */

/**
 * A value-and-gradient function from f alone by central differences, step h·max(1, |xᵢ|) with
 * h = 6e-6 ≈ ε^{1/3} (balances truncation, O(h²), against rounding, O(ε/h)): gradients good to
 * ~1e-10 of f's scale. Costs 2n + 1 evaluations.
 */
export function centralDifferenceGradient(f: Objective, h = 6e-6): ValueAndGradient {
  return (x, gradient) => {
    const value = f(x);
    const probe = Float64Array.from(x);
    for (let i = 0; i < x.length; i++) {
      const step = h * Math.max(1, Math.abs(x[i]));
      probe[i] = x[i] + step;
      const up = f(probe);
      probe[i] = x[i] - step;
      const down = f(probe);
      probe[i] = x[i];
      gradient[i] = (up - down) / (2 * step);
    }
    return value;
  };
}

/** Hessian (n×n row-major, symmetrised) by central differences of an analytic gradient. */
export function hessianFromGradient(fg: ValueAndGradient, x: ArrayLike<number>, h = 1e-5): Float64Array {
  const n = x.length;
  const H = new Float64Array(n * n);
  const probe = Float64Array.from(x);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const step = h * Math.max(1, Math.abs(x[i]));
    probe[i] = x[i] + step;
    fg(probe, up);
    probe[i] = x[i] - step;
    fg(probe, down);
    probe[i] = x[i];
    for (let j = 0; j < n; j++) H[i * n + j] = (up[j] - down[j]) / (2 * step);
  }
  symmetrise(H, n);
  return H;
}

/** Hessian (n×n row-major) by second differences of f alone; step h·max(1, |xᵢ|) with h = 1e-4 ≈ ε^{1/4}. */
export function hessianFromValues(f: Objective, x: ArrayLike<number>, h = 1e-4): Float64Array {
  const n = x.length;
  const H = new Float64Array(n * n);
  const probe = Float64Array.from(x);
  const steps = Array.from({ length: n }, (_, i) => h * Math.max(1, Math.abs(x[i])));
  const at = (i: number, si: number, j: number, sj: number): number => {
    probe[i] += si * steps[i];
    probe[j] += sj * steps[j];
    const v = f(probe);
    probe[i] = x[i];
    probe[j] = x[j];
    return v;
  };
  const center = f(probe);
  for (let i = 0; i < n; i++) {
    H[i * n + i] = (at(i, 1, i, 1) - 2 * center + at(i, -1, i, -1)) / (4 * steps[i] * steps[i]);
    for (let j = i + 1; j < n; j++) {
      const value = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * steps[i] * steps[j]);
      H[i * n + j] = value;
      H[j * n + i] = value;
    }
  }
  return H;
}

function symmetrise(H: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const mean = (H[i * n + j] + H[j * n + i]) / 2;
      H[i * n + j] = mean;
      H[j * n + i] = mean;
    }
  }
}

/**
 * The inverse of a symmetric positive-definite n×n matrix by Cholesky factorisation, or null
 * when the matrix is not positive definite (a saddle or a flat direction: no standard errors).
 */
export function invertPositiveDefinite(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j];
      }
    }
  }
  // A⁻¹ = L⁻ᵀ L⁻¹: solve L Lᵀ X = I column by column.
  const inverse = new Float64Array(n * n);
  const column = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i * n + k] * column[k];
      column[i] = s / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = column[i];
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * column[k];
      column[i] = s / L[i * n + i];
    }
    for (let i = 0; i < n; i++) inverse[i * n + c] = column[i];
  }
  return inverse;
}
