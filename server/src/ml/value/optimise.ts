/*
 * Unconstrained minimisation for the customer-value likelihoods (a handful of parameters, in
 * log space so that every real vector is a valid model): Nelder–Mead for a robust start from a
 * poor guess, BFGS with a strong-Wolfe line search to finish to a small gradient (derivatives by
 * finite differences are in finite-differences.ts). A non-finite objective value is treated as
 * +∞ (a point outside the region where the model is defined), never as an error. Nothing here
 * throws on non-convergence: the result says whether and why it stopped.
 */

/** f(x); may return ±∞ or NaN, read as +∞. */
export type Objective = (x: Float64Array) => number;
/** f(x), writing ∇f(x) into `gradient`. */
export type ValueAndGradient = (x: Float64Array, gradient: Float64Array) => number;

export interface OptimiseResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** Objective (or objective-and-gradient) evaluations. */
  evaluations: number;
  converged: boolean;
  /** Why it stopped, in words. */
  message: string;
  /** ∞-norm of the gradient at `x` (NaN for Nelder–Mead, which does not compute one). */
  gradientNorm: number;
}

const finiteOrInfinity = (value: number): number => (Number.isNaN(value) ? Infinity : value);

function maxAbs(values: Float64Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

// ---------------------------------------------------------------------------------------------
// Nelder–Mead

export interface NelderMeadOptions {
  /** Edge of the initial simplex along each axis: step·|x₀ᵢ|, or `zeroStep` where x₀ᵢ = 0. Default 0.05. */
  initialStep?: number;
  zeroStep?: number;
  /** Stop when every vertex is within this (∞-norm) of the best one... */
  xTolerance?: number;
  /** ...and every vertex's value within this of the best value. Defaults 1e-4 and 1e-4 (scipy's). */
  fTolerance?: number;
  /** Default 200 per dimension each. */
  maxIterations?: number;
  maxEvaluations?: number;
}

/**
 * Nelder–Mead simplex search with the standard coefficients (reflection 1, expansion 2,
 * contraction ½, shrink ½) and scipy's stopping rule.
 */
export function nelderMead(f: Objective, x0: ArrayLike<number>, options: NelderMeadOptions = {}): OptimiseResult {
  const n = x0.length;
  const step = options.initialStep ?? 0.05;
  const zeroStep = options.zeroStep ?? 0.00025;
  const xTolerance = options.xTolerance ?? 1e-4;
  const fTolerance = options.fTolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 200 * n;
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    return finiteOrInfinity(f(x));
  };
  const simplex: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const vertex = Float64Array.from(x0);
    vertex[i] = vertex[i] !== 0 ? vertex[i] * (1 + step) : zeroStep;
    simplex.push(vertex);
  }
  const values = simplex.map(evaluate);
  const order = (): void => {
    const indices = simplex.map((_, i) => i).sort((i, j) => values[i] - values[j] || i - j);
    const sortedSimplex = indices.map((i) => simplex[i]);
    const sortedValues = indices.map((i) => values[i]);
    for (let i = 0; i <= n; i++) {
      simplex[i] = sortedSimplex[i];
      values[i] = sortedValues[i];
    }
  };
  const centroid = new Float64Array(n);
  const pointAlong = (t: number): Float64Array => {
    // centroid + t·(centroid − worst)
    const out = new Float64Array(n);
    const worst = simplex[n];
    for (let j = 0; j < n; j++) out[j] = centroid[j] + t * (centroid[j] - worst[j]);
    return out;
  };
  let iterations = 0;
  let message = 'reached the iteration limit';
  let converged = false;
  order();
  while (iterations < maxIterations && evaluations < maxEvaluations) {
    let spreadX = 0;
    let spreadF = 0;
    for (let i = 1; i <= n; i++) {
      spreadF = Math.max(spreadF, Math.abs(values[i] - values[0]));
      for (let j = 0; j < n; j++) spreadX = Math.max(spreadX, Math.abs(simplex[i][j] - simplex[0][j]));
    }
    if (spreadX <= xTolerance && spreadF <= fTolerance) {
      converged = true;
      message = 'simplex smaller than the tolerances';
      break;
    }
    iterations++;
    centroid.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const reflected = pointAlong(1);
    const fr = evaluate(reflected);
    if (fr < values[0]) {
      const expanded = pointAlong(2);
      const fe = evaluate(expanded);
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
    } else if (fr < values[n - 1]) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const outside = fr < values[n];
      const contracted = pointAlong(outside ? 0.5 : -0.5);
      const fc = evaluate(contracted);
      if (fc < (outside ? fr : values[n])) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          for (let j = 0; j < n; j++) simplex[i][j] = simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]);
          values[i] = evaluate(simplex[i]);
        }
      }
    }
    order();
  }
  if (!converged && evaluations >= maxEvaluations) message = 'reached the evaluation limit';
  if (!Number.isFinite(values[0])) {
    converged = false;
    message = 'the objective was not finite anywhere the simplex went';
  }
  return { x: Float64Array.from(simplex[0]), value: values[0], iterations, evaluations, converged, message, gradientNorm: NaN };
}

// ---------------------------------------------------------------------------------------------
// BFGS with a strong-Wolfe line search (Nocedal & Wright, Numerical Optimization, 2nd ed.,
// algorithms 3.5, 3.6 and 6.1).

export interface BfgsOptions {
  /** Converged when ‖∇f‖∞ ≤ this. Default 1e-8. */
  gradientTolerance?: number;
  /**
   * When f can no longer decrease at double precision before reaching `gradientTolerance` (the
   * gradient is then dominated by rounding), the result still counts as converged if ‖∇f‖∞ is
   * at most this. Default 1000 × gradientTolerance.
   */
  acceptableGradient?: number;
  /** Default 1000. */
  maxIterations?: number;
  /** Starting inverse-Hessian approximation (n×n row-major, positive definite); default the identity, rescaled after the first step. */
  initialInverseHessian?: Float64Array;
}

interface LinePoint {
  step: number;
  value: number;
  slope: number;
  x: Float64Array;
  gradient: Float64Array;
}

const WOLFE_C1 = 1e-4;
const WOLFE_C2 = 0.9;

/** Minimises f from x0; `fg` returns f and fills the gradient. */
export function bfgs(fg: ValueAndGradient, x0: ArrayLike<number>, options: BfgsOptions = {}): OptimiseResult {
  const n = x0.length;
  const gradientTolerance = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  const acceptableGradient = options.acceptableGradient ?? 1000 * gradientTolerance;
  let evaluations = 0;
  let x: Float64Array = Float64Array.from(x0);
  let gradient: Float64Array = new Float64Array(n);
  let value = finiteOrInfinity(fg(x, gradient));
  evaluations++;
  if (!Number.isFinite(value) || gradient.some((g) => !Number.isFinite(g))) {
    return { x, value, iterations: 0, evaluations, converged: false, message: 'the objective or its gradient is not finite at the start', gradientNorm: NaN };
  }
  // Inverse-Hessian approximation, row-major n×n.
  const H = new Float64Array(n * n);
  const resetH = (scale: number): void => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = scale;
  };
  resetH(1);
  let freshH = true;
  if (options.initialInverseHessian && options.initialInverseHessian.length === n * n) {
    H.set(options.initialInverseHessian);
    freshH = false;
  }
  const direction = new Float64Array(n);
  let iterations = 0;
  let message = 'reached the iteration limit';
  let converged = false;

  const evaluateAt = (step: number): LinePoint => {
    const point = new Float64Array(n);
    for (let i = 0; i < n; i++) point[i] = x[i] + step * direction[i];
    const g = new Float64Array(n);
    const v = finiteOrInfinity(fg(point, g));
    evaluations++;
    const finite = Number.isFinite(v) && g.every((gi) => Number.isFinite(gi));
    return { step, value: finite ? v : Infinity, slope: finite ? dot(g, direction) : NaN, x: point, gradient: g };
  };

  while (iterations < maxIterations) {
    const gradientNorm = maxAbs(gradient);
    if (gradientNorm <= gradientTolerance) {
      converged = true;
      message = 'gradient below the tolerance';
      break;
    }
    iterations++;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= H[i * n + j] * gradient[j];
      direction[i] = s;
    }
    let slope0 = dot(gradient, direction);
    if (!(slope0 < 0)) {
      // The approximation lost positive definiteness: fall back to steepest descent.
      resetH(1);
      freshH = true;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i];
      slope0 = dot(gradient, direction);
    }
    // A first step of length 1 along −∇f can be wild; scale it to a unit move in x.
    const initialStep = freshH ? Math.min(1, 1 / maxAbs(direction)) : 1;
    const accepted = strongWolfeSearch(evaluateAt, value, slope0, initialStep);
    if (!accepted) {
      if (!freshH) {
        resetH(1);
        freshH = true;
        continue;
      }
      converged = maxAbs(gradient) <= acceptableGradient;
      message = converged
        ? 'stopped at the precision limit of the objective, gradient within the acceptable bound'
        : 'the line search found no acceptable step (the objective may be flat, noisy or discontinuous here)';
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = accepted.x[i] - x[i];
      y[i] = accepted.gradient[i] - gradient[i];
    }
    const previousValue = value;
    x = accepted.x;
    gradient = accepted.gradient;
    value = accepted.value;
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (freshH) {
        // Nocedal & Wright (6.20): scale the initial matrix before the first update.
        resetH(sy / dot(y, y));
        freshH = false;
      }
      updateInverseHessian(H, s, y, sy, n);
    }
    if (previousValue - value <= 1e-16 * Math.max(1, Math.abs(value)) && maxAbs(s) <= 1e-14 * Math.max(1, maxAbs(x))) {
      converged = maxAbs(gradient) <= acceptableGradient;
      message = converged
        ? 'stopped at the precision limit of the objective, gradient within the acceptable bound'
        : 'no further progress possible at double precision';
      break;
    }
  }
  return { x, value, iterations, evaluations, converged, message, gradientNorm: maxAbs(gradient) };
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs). */
function updateInverseHessian(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, n: number): void {
  const rho = 1 / sy;
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < n; j++) t += H[i * n + j] * y[j];
    Hy[i] = t;
  }
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
  }
}

function strongWolfeSearch(evaluateAt: (step: number) => LinePoint, value0: number, slope0: number, initialStep: number): LinePoint | null {
  const sufficient = (p: LinePoint): boolean => p.value <= value0 + WOLFE_C1 * p.step * slope0;
  const curvature = (p: LinePoint): boolean => Math.abs(p.slope) <= -WOLFE_C2 * slope0;
  let previous: LinePoint = { step: 0, value: value0, slope: slope0, x: new Float64Array(0), gradient: new Float64Array(0) };
  let step = initialStep;
  for (let i = 0; i < 30; i++) {
    const current = evaluateAt(step);
    if (!Number.isFinite(current.value) || !sufficient(current) || (i > 0 && current.value >= previous.value)) {
      return zoom(evaluateAt, previous, current, value0, slope0);
    }
    if (curvature(current)) return current;
    if (current.slope >= 0) return zoom(evaluateAt, current, previous, value0, slope0);
    previous = current;
    step *= 2;
  }
  return null;
}

function zoom(evaluateAt: (step: number) => LinePoint, low: LinePoint, high: LinePoint, value0: number, slope0: number): LinePoint | null {
  // At the precision limit of f no step satisfies the conditions; 20 halvings of the bracket
  // (a millionth of it) are enough to tell.
  for (let i = 0; i < 20; i++) {
    const lo = Math.min(low.step, high.step);
    const hi = Math.max(low.step, high.step);
    let trial = (low.step + high.step) / 2;
    if (Number.isFinite(high.value) && Number.isFinite(low.slope)) {
      // Minimiser of the quadratic through (low, value, slope) and (high, value), kept inside the
      // middle 80 % of the bracket.
      const d = high.step - low.step;
      const denominator = 2 * (high.value - low.value - low.slope * d);
      if (denominator > 0) {
        const candidate = low.step - (low.slope * d * d) / denominator;
        trial = Math.min(Math.max(candidate, lo + 0.1 * (hi - lo)), hi - 0.1 * (hi - lo));
      }
    }
    if (hi - lo <= 1e-16 * Math.max(1, hi)) break;
    const current = evaluateAt(trial);
    if (!Number.isFinite(current.value) || current.value > value0 + WOLFE_C1 * trial * slope0 || current.value >= low.value) {
      high = current;
    } else {
      if (Math.abs(current.slope) <= -WOLFE_C2 * slope0) return current;
      if (current.slope * (high.step - low.step) >= 0) high = low;
      low = current;
    }
  }
  // No point met the curvature condition; a point with sufficient decrease still makes progress.
  return low.step > 0 && low.x.length > 0 ? low : null;
}
