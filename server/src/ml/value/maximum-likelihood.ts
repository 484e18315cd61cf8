import { invalidInput } from '../matrix.js';
import type { ProgressCallback } from '../progress.js';
import { Rng } from '../rng.js';
import { hessianFromGradient, hessianFromValues, invertPositiveDefinite } from './finite-differences.js';
import { bfgs, nelderMead, type OptimiseResult, type ValueAndGradient } from './optimise.js';

/*
 * Maximum likelihood for the customer-value models, shared by BG/NBD, Pareto/NBD and Gamma-Gamma:
 * the search runs on θ = ln(parameters), so every real vector is a valid model; from several
 * starting points (a data-driven guess, then seeded random multiples of it), each BFGS to a
 * small gradient, with a Nelder–Mead search first where BFGS alone does not converge. On large data the restarts run on a seeded
 * subsample and only the best is finished on all customers. Standard errors come from the
 * Hessian of the negative log-likelihood at the optimum. The outcome always carries diagnostics;
 * a fit that does not converge says so instead of throwing.
 */

/** One model's likelihood on one data set, in log-parameter space. */
export interface LikelihoodProblem {
  /** Customers (or weights) summed: the objective is the negative log-likelihood divided by it. */
  size: number;
  /** Mean negative log-likelihood at θ = ln(params), writing its gradient with respect to θ. */
  objective: ValueAndGradient;
  /** Whether `objective`'s gradient is analytic (tighter tolerances) or finite differences. */
  analyticGradient: boolean;
}

export interface MaximumLikelihoodOptions {
  /** Starting points tried. Default 3: the data-driven guess and 2 seeded random multiples of it. */
  restarts?: number;
  /** Seed of the random starting points and of the subsample. Default 0. */
  seed?: number;
  /** Explicit starting points (natural parameters, in the model's order); replaces the defaults. */
  starts?: number[][];
  /** BFGS iterations per start. Default 500. */
  maxIterations?: number;
  /** Converged when the ∞-norm of the mean log-likelihood's gradient in θ is below this. Default 1e-8 (analytic gradients) or 1e-7 (finite differences). */
  gradientTolerance?: number;
  /** Called after each starting point, the final pass on all customers and the Hessian (stage 'customer-value-fit'). */
  onProgress?: ProgressCallback;
  /** Above this many customers the restarts run on a seeded subsample of this size (they only need to find the basin; the best is then finished on everyone). Default 20,000. */
  restartSampleSize?: number;
}

export interface RunDiagnostics {
  start: number[];
  /** Log-likelihood the run reached (on the subsample when `onSample`). */
  logLikelihood: number;
  params: number[];
  converged: boolean;
  message: string;
  iterations: number;
  onSample: boolean;
}

export interface FitDiagnostics {
  /** The final optimisation reached the gradient tolerance and the Hessian is positive definite. */
  converged: boolean;
  message: string;
  iterations: number;
  evaluations: number;
  /** ∞-norm of the gradient of the mean log-likelihood in log-parameter space at the result. */
  gradientNorm: number;
  hessianPositiveDefinite: boolean;
  runs: RunDiagnostics[];
  /** Subsample size the restarts ran on, or null when they ran on all customers. */
  restartSampleSize: number | null;
  warnings: string[];
}

export interface MaximumLikelihoodResult {
  params: number[];
  /** Null where the Hessian is not positive definite. */
  standardErrors: (number | null)[];
  logLikelihood: number;
  diagnostics: FitDiagnostics;
}

export interface LikelihoodSpec {
  paramNames: readonly string[];
  /** Customers in the data. */
  size: number;
  /** The problem on all customers (indices null) or on a subset. */
  problem: (indices: Int32Array | null) => LikelihoodProblem;
  /** A sensible starting point from the data (natural parameters). */
  initialGuess: number[];
}

/** Log-parameters beyond ±LOG_BOUND (parameters outside e^±40) are treated as outside the model. */
export const LOG_BOUND = 40;
// A coarse simplex search only moves a poor start into the basin; BFGS does the rest.
const NELDER_MEAD = { xTolerance: 1e-3, fTolerance: 1e-7, initialStep: 0.1, zeroStep: 0.1 };

export function resolveMaximumLikelihoodOptions(options: MaximumLikelihoodOptions): Required<Omit<MaximumLikelihoodOptions, 'starts' | 'gradientTolerance' | 'onProgress'>> & Pick<MaximumLikelihoodOptions, 'starts' | 'gradientTolerance'> {
  const restarts = options.restarts ?? 3;
  if (!Number.isInteger(restarts) || restarts < 1 || restarts > 100) throw invalidInput(`restarts must be an integer in 1..100, got ${restarts}`);
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw invalidInput(`seed must be a finite number, got ${seed}`);
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw invalidInput(`maxIterations must be a positive integer, got ${maxIterations}`);
  const restartSampleSize = options.restartSampleSize ?? 20_000;
  if (!Number.isInteger(restartSampleSize) || restartSampleSize < 100) throw invalidInput(`restartSampleSize must be an integer ≥ 100, got ${restartSampleSize}`);
  if (options.gradientTolerance !== undefined && !(options.gradientTolerance > 0)) throw invalidInput(`gradientTolerance must be > 0, got ${options.gradientTolerance}`);
  return { restarts, seed, maxIterations, restartSampleSize, starts: options.starts, gradientTolerance: options.gradientTolerance };
}

export function maximiseLikelihood(spec: LikelihoodSpec, options: MaximumLikelihoodOptions = {}): MaximumLikelihoodResult {
  const resolved = resolveMaximumLikelihoodOptions(options);
  const k = spec.paramNames.length;
  const rng = new Rng(resolved.seed);
  const starts = startingPoints(spec, resolved.starts, resolved.restarts, rng);
  const sampled = spec.size > resolved.restartSampleSize;
  const full = spec.problem(null);
  const searchProblem = sampled ? spec.problem(rng.sampleWithoutReplacement(spec.size, resolved.restartSampleSize)) : full;
  const tolerance = (problem: LikelihoodProblem): number => resolved.gradientTolerance ?? (problem.analyticGradient ? 1e-8 : 1e-7);

  const runs: RunDiagnostics[] = [];
  let best: OptimiseResult | null = null;
  let evaluations = 0;
  const steps = starts.length + (sampled ? 1 : 0) + 1;
  const report = (done: number): void => options.onProgress?.({ stage: 'customer-value-fit', done, total: steps });
  report(0);
  for (const start of starts) {
    const theta0 = start.map(Math.log);
    const bfgsOptions = { gradientTolerance: tolerance(searchProblem), maxIterations: resolved.maxIterations };
    let result = bfgs(searchProblem.objective, theta0, bfgsOptions);
    evaluations += result.evaluations;
    let iterations = result.iterations;
    let message = result.message;
    if (!result.converged) {
      // A poor start (a flat or undefined region): a coarse simplex search first, then BFGS again.
      const objectiveOnly = (theta: Float64Array): number => searchProblem.objective(theta, new Float64Array(k));
      const coarse = nelderMead(objectiveOnly, theta0, { ...NELDER_MEAD, maxIterations: 100 * k, maxEvaluations: 200 * k });
      const retry = bfgs(searchProblem.objective, Number.isFinite(coarse.value) ? coarse.x : theta0, bfgsOptions);
      evaluations += coarse.evaluations + retry.evaluations;
      iterations += coarse.iterations + retry.iterations;
      if (retry.value < result.value || (!(result.value < Infinity) && Number.isFinite(retry.value))) result = retry;
      message = `BFGS from the start: ${message}; after Nelder–Mead (${coarse.message}): ${retry.message}`;
    }
    runs.push({
      start,
      logLikelihood: -result.value * searchProblem.size,
      params: Array.from(result.x, Math.exp),
      converged: result.converged,
      message,
      iterations,
      onSample: sampled,
    });
    if (Number.isFinite(result.value) && (best === null || result.value < best.value)) best = result;
    report(runs.length);
  }

  const warnings: string[] = [];
  if (best === null) {
    return {
      params: new Array(k).fill(NaN),
      standardErrors: new Array(k).fill(null),
      logLikelihood: NaN,
      diagnostics: {
        converged: false, message: 'the likelihood was not finite from any starting point', iterations: 0, evaluations,
        gradientNorm: NaN, hessianPositiveDefinite: false, runs, restartSampleSize: sampled ? resolved.restartSampleSize : null,
        warnings: ['no starting point gave a finite likelihood: check the data (recency ≤ age, positive values)'],
      },
    };
  }
  let final: OptimiseResult = best;
  let iterations = runs.reduce((s, r) => s + r.iterations, 0);
  if (sampled) {
    // The mean log-likelihood's curvature on the subsample is close to the full data's: its
    // inverse lets the first steps on all customers be Newton steps instead of a fresh start.
    const sampleHessian = hessianFromGradient(searchProblem.objective, best.x);
    const initialInverseHessian = invertPositiveDefinite(sampleHessian, k) ?? undefined;
    evaluations += 2 * k;
    const polished = bfgs(full.objective, best.x, { gradientTolerance: tolerance(full), maxIterations: resolved.maxIterations, initialInverseHessian });
    evaluations += polished.evaluations;
    iterations += polished.iterations;
    final = polished;
    report(starts.length + 1);
  } else {
    // Recompute the gradient norm at the result (Nelder–Mead results carry none).
    const gradient = new Float64Array(k);
    full.objective(final.x, gradient);
    final = { ...final, gradientNorm: Math.max(...Array.from(gradient, Math.abs)) };
  }

  const theta = final.x;
  const params = Array.from(theta, Math.exp);
  const logLikelihood = -final.value * full.size;
  const { standardErrors, positiveDefinite } = standardErrorsAt(full, theta);
  report(steps);
  const converged = final.converged && positiveDefinite && Number.isFinite(logLikelihood);
  warnings.push(...describeProblems(spec.paramNames, params, theta, standardErrors, positiveDefinite, runs, final));
  return {
    params,
    standardErrors,
    logLikelihood,
    diagnostics: {
      converged,
      message: converged ? 'converged' : final.converged ? 'converged, but the Hessian is not positive definite (a flat or unidentified direction)' : final.message,
      iterations,
      evaluations,
      gradientNorm: final.gradientNorm,
      hessianPositiveDefinite: positiveDefinite,
      runs,
      restartSampleSize: sampled ? resolved.restartSampleSize : null,
      warnings,
    },
  };
}

function startingPoints(spec: LikelihoodSpec, explicit: number[][] | undefined, restarts: number, rng: Rng): number[][] {
  const k = spec.paramNames.length;
  if (explicit) {
    if (explicit.length === 0) throw invalidInput('starts must not be empty');
    for (const start of explicit) {
      if (start.length !== k || start.some((v) => !(v > 0 && Number.isFinite(v)))) {
        throw invalidInput(`each start needs ${k} positive parameters (${spec.paramNames.join(', ')}), got [${start.join(', ')}]`);
      }
    }
    return explicit.map((s) => [...s]);
  }
  const guess = spec.initialGuess.map((v) => (v > 0 && Number.isFinite(v) ? v : 1));
  const starts = [guess];
  // Random multiples e^U, U ~ uniform(−2, 2) per parameter: from about 1/7 to 7 times the guess.
  while (starts.length < restarts) starts.push(guess.map((v) => v * Math.exp(4 * rng.nextFloat() - 2)));
  return starts;
}

/**
 * Standard errors of the natural parameters by the delta method: with H the Hessian of the total
 * negative log-likelihood in θ = ln(params), Var(paramᵢ) ≈ paramᵢ² (H⁻¹)ᵢᵢ.
 */
function standardErrorsAt(problem: LikelihoodProblem, theta: Float64Array): { standardErrors: (number | null)[]; positiveDefinite: boolean } {
  const k = theta.length;
  const scale = problem.size;
  const H = problem.analyticGradient
    ? hessianFromGradient(problem.objective, theta)
    : hessianFromValues((t) => problem.objective(t, new Float64Array(k)), theta);
  for (let i = 0; i < H.length; i++) H[i] *= scale;
  const inverse = H.every(Number.isFinite) ? invertPositiveDefinite(H, k) : null;
  if (!inverse) return { standardErrors: new Array(k).fill(null), positiveDefinite: false };
  return { standardErrors: Array.from(theta, (t, i) => Math.exp(t) * Math.sqrt(inverse[i * k + i])), positiveDefinite: true };
}

function describeProblems(
  names: readonly string[], params: number[], theta: Float64Array, standardErrors: (number | null)[], positiveDefinite: boolean,
  runs: RunDiagnostics[], final: OptimiseResult,
): string[] {
  const warnings: string[] = [];
  if (!final.converged) warnings.push(`the optimiser stopped before the gradient tolerance: ${final.message}`);
  names.forEach((name, i) => {
    if (Math.abs(theta[i]) > 15) warnings.push(`${name} = ${params[i].toExponential(3)} is at an extreme: the data barely identify it`);
    const se = standardErrors[i];
    if (se !== null && se > 10 * params[i]) warnings.push(`${name} is poorly determined: standard error ${se.toPrecision(3)} against an estimate of ${params[i].toPrecision(3)}`);
  });
  if (!positiveDefinite) warnings.push('the Hessian is not positive definite at the result: no standard errors, and the optimum may be a saddle or a ridge');
  const finished = runs.filter((r) => Number.isFinite(r.logLikelihood));
  if (finished.length < runs.length) warnings.push(`${runs.length - finished.length} of ${runs.length} starting points gave no finite likelihood`);
  const bestLl = Math.max(...finished.map((r) => r.logLikelihood));
  const far = finished.filter((r) => r.converged && bestLl - r.logLikelihood > 1e-5 * Math.max(1, Math.abs(bestLl)));
  if (far.length > 0) warnings.push(`${far.length} starting point(s) converged to a worse local optimum (log-likelihood up to ${(bestLl - Math.min(...far.map((r) => r.logLikelihood))).toFixed(3)} lower)`);
  return warnings;
}
