/** The optimiser on textbook test functions with known minima, and the finite-difference tools on known derivatives. */
import { describe, expect, it } from 'vitest';
import { centralDifferenceGradient, hessianFromGradient, hessianFromValues, invertPositiveDefinite } from './finite-differences.js';
import { bfgs, nelderMead, type ValueAndGradient } from './optimise.js';

/** Rosenbrock in n dimensions: Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1). */
const rosenbrock: ValueAndGradient = (x, gradient) => {
  let value = 0;
  gradient.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    value += 100 * a * a + b * b;
    gradient[i] += -400 * x[i] * a - 2 * b;
    gradient[i + 1] += 200 * a;
  }
  return value;
};
const rosenbrockValue = (x: Float64Array): number => rosenbrock(x, new Float64Array(x.length));

/** Beale: minimum 0 at (3, ½), narrow curved valleys and steep walls. */
const beale = (x: Float64Array): number => {
  const [u, v] = x;
  return (1.5 - u + u * v) ** 2 + (2.25 - u + u * v * v) ** 2 + (2.625 - u + u * v ** 3) ** 2;
};

describe('BFGS', () => {
  it('solves Rosenbrock from the classic start (−1.2, 1) with an analytic gradient', () => {
    const result = bfgs(rosenbrock, [-1.2, 1], { gradientTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.value).toBeLessThan(1e-16);
    expect(result.iterations).toBeLessThan(100);
  });

  it('solves 10-dimensional Rosenbrock from a spread of starts', () => {
    for (const start of [[-1.2, 1], [0, 0], [2, -2], [-3, 3]]) {
      const x0 = Array.from({ length: 10 }, (_, i) => start[i % 2]);
      const result = bfgs(rosenbrock, x0, { gradientTolerance: 1e-9 });
      expect(result.converged, `from ${start}`).toBe(true);
      // The 10-d function has a second, local minimum near (−1, 1, …, 1); check which one was found.
      const isGlobal = Math.abs(result.x[0] - 1) < 1e-5;
      expect(result.value).toBeLessThan(isGlobal ? 1e-12 : 4);
      for (let i = 1; i < 10; i++) expect(result.x[i]).toBeCloseTo(1, isGlobal ? 6 : 1);
    }
  });

  it('solves Beale with a finite-difference gradient', () => {
    const result = bfgs(centralDifferenceGradient(beale), [1, 1], { gradientTolerance: 1e-8 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(3, 6);
    expect(result.x[1]).toBeCloseTo(0.5, 6);
  });

  it('treats non-finite values as outside the domain and still converges', () => {
    // Minimum of (x − 2)² + (y + 1)² restricted to x > 0.5: NaN (not an exception) for x ≤ 0.5.
    const f: ValueAndGradient = (x, g) => {
      if (x[0] <= 0.5) {
        g.fill(NaN);
        return NaN;
      }
      g[0] = 2 * (x[0] - 2) - 0.001 / x[0];
      g[1] = 2 * (x[1] + 1);
      return (x[0] - 2) ** 2 + (x[1] + 1) ** 2 - 0.001 * Math.log(x[0]);
    };
    const result = bfgs(f, [0.6, 5]);
    expect(result.converged).toBe(true);
    expect(result.x[1]).toBeCloseTo(-1, 6);
    expect(result.x[0]).toBeGreaterThan(2);
    expect(result.x[0]).toBeLessThan(2.001);
  });

  it('reports instead of throwing when it cannot converge', () => {
    const capped = bfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(capped.converged).toBe(false);
    expect(capped.message).toMatch(/iteration limit/);
    const nowhere = bfgs((_x, g) => {
      g.fill(NaN);
      return NaN;
    }, [0, 0]);
    expect(nowhere.converged).toBe(false);
    expect(nowhere.message).toMatch(/not finite/);
  });
});

describe('Nelder–Mead', () => {
  it('finds the Rosenbrock and Beale minima without derivatives', () => {
    const r = nelderMead(rosenbrockValue, [-1.2, 1], { xTolerance: 1e-8, fTolerance: 1e-12, maxIterations: 5000, maxEvaluations: 10000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
    const b = nelderMead(beale, [1, 1], { xTolerance: 1e-8, fTolerance: 1e-12, maxIterations: 5000, maxEvaluations: 10000 });
    expect(b.x[0]).toBeCloseTo(3, 5);
    expect(b.x[1]).toBeCloseTo(0.5, 5);
  });

  it('stops at its evaluation budget and says so', () => {
    const r = nelderMead(rosenbrockValue, [-1.2, 1], { maxEvaluations: 20 });
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/evaluation limit/);
    expect(r.evaluations).toBeLessThanOrEqual(22);
  });
});

describe('finite differences and the inverse Hessian', () => {
  // f(x) = ½ xᵀ A x + bᵀ x + Σ sin(x_i), with known gradient and Hessian.
  const A = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2];
  const b = [1, -2, 0.5];
  const f: ValueAndGradient = (x, g) => {
    let value = 0;
    for (let i = 0; i < 3; i++) {
      let Ax = 0;
      for (let j = 0; j < 3; j++) Ax += A[i * 3 + j] * x[j];
      value += 0.5 * x[i] * Ax + b[i] * x[i] + Math.sin(x[i]);
      g[i] = Ax + b[i] + Math.cos(x[i]);
    }
    return value;
  };
  const x = Float64Array.of(0.3, -0.7, 1.1);
  const exactHessian = A.map((v, k) => (k % 4 === 0 ? v - Math.sin(x[k / 4]) : v));

  it('central-difference gradients agree with the analytic gradient', () => {
    const analytic = new Float64Array(3);
    const numeric = new Float64Array(3);
    f(x, analytic);
    centralDifferenceGradient((p) => f(p, new Float64Array(3)))(x, numeric);
    for (let i = 0; i < 3; i++) expect(numeric[i]).toBeCloseTo(analytic[i], 9);
  });

  it('both Hessian routines recover the exact Hessian', () => {
    const fromGradient = hessianFromGradient(f, x);
    const fromValues = hessianFromValues((p) => f(p, new Float64Array(3)), x);
    for (let k = 0; k < 9; k++) {
      expect(fromGradient[k]).toBeCloseTo(exactHessian[k], 8);
      expect(fromValues[k]).toBeCloseTo(exactHessian[k], 5);
    }
  });

  it('inverts a positive-definite matrix and refuses an indefinite one', () => {
    const inverse = invertPositiveDefinite(Float64Array.from(A), 3)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += A[i * 3 + k] * inverse[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    expect(invertPositiveDefinite(Float64Array.of(1, 2, 2, 1), 2)).toBeNull();
    expect(invertPositiveDefinite(Float64Array.of(1, 0, 0, NaN), 2)).toBeNull();
  });
});
