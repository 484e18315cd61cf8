/*
 * Special functions for the customer-value likelihoods, all for real arguments and in log space
 * where the values can overflow. Accuracy targets (checked against scipy.special in the tests):
 * logGamma and digamma to ~1e-14 relative, the hypergeometric functions to ~1e-12 relative.
 */

const HALF_LOG_TWO_PI = 0.9189385332046727;

/**
 * ln Γ(x) for x > 0: the Stirling series from x ≥ 15 (truncation error below 1e-17 there), and
 * the recurrence Γ(x) = Γ(x + n) / (x (x+1) … (x+n−1)) below it.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  let shift = 0;
  let product = 1;
  while (x < 15) {
    product *= x;
    x += 1;
    // Keep the product finite for tiny x (x → 0 makes it underflow long before 15 steps).
    if (product < 1e-280) {
      shift -= Math.log(product);
      product = 1;
    }
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Σ B₂ₖ / (2k (2k−1) x^(2k−1)), k = 1…7.
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360 - inv2 / 156))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series + shift - Math.log(product);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: asymptotic series from x ≥ 15 (truncation below 1e-17), recurrence below. */
export function digamma(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  let result = 0;
  while (x < 15) {
    result -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // Σ B₂ₖ / (2k x^(2k)), k = 1…6.
  return result + Math.log(x) - 0.5 / x - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(e^a + e^b) without overflow; either may be −∞. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a − e^b) for a ≥ b; −∞ when they are equal. */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b >= a) return -Infinity;
  const d = b - a;
  // log(1 − e^d): log1p(−e^d) loses accuracy for d near 0, log(−expm1(d)) for very negative d.
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** 1 / (1 + e^−v), without overflow for large |v|. */
export function logistic(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

const SERIES_EPSILON = 1e-16;
const MAX_SERIES_TERMS = 2_000_000;
const RESCALE_ABOVE = 1e250;
const LOG_RESCALE = Math.log(RESCALE_ABOVE);

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, by the Gauss series. Every term is positive,
 * so there is no cancellation; the running sum is rescaled before it can overflow, so a series
 * whose value is e^1000 still comes back exact in log space. The series stops when the rest is
 * provably below 1e-16 of the sum: once the term ratio q_n = (a+n)(b+n)z / ((c+n)(n+1)) is below 1
 * and falling toward z, the tail after term t is at most t·q/(1−q) with q = max(q_n, z).
 * Cost grows like (a + b)·z/(1 − z) terms, so callers keep z away from 1.
 */
export function logHyp2f1Positive(a: number, b: number, c: number, z: number): number {
  if (!(a > 0 && b > 0 && c > 0 && z >= 0 && z < 1)) return NaN;
  if (z === 0) return 0;
  let term = 1;
  let sum = 1;
  let logScale = 0;
  let ratio = (a * b * z) / c;
  for (let n = 0; n < MAX_SERIES_TERMS; n++) {
    term *= ratio;
    sum += term;
    if (sum > RESCALE_ABOVE) {
      sum /= RESCALE_ABOVE;
      term /= RESCALE_ABOVE;
      logScale += LOG_RESCALE;
    }
    const next = ((a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 2));
    if (ratio < 1 && (next <= ratio || ratio <= z)) {
      const q = Math.max(next, z);
      if ((term * q) / (1 - q) <= SERIES_EPSILON * sum) break;
    }
    ratio = next;
  }
  return logScale + Math.log(sum);
}

const CF_TINY = 1e-300;
const MAX_CF_TERMS = 1_000_000;

/**
 * ln ₂F₁(1, b; c; z) for c > b > 0 and 0 ≤ z < 1, by Gauss's continued fraction
 *   ₂F₁(1, b; c; z) = 1 / (1 − d₁z / (1 − d₂z / (1 − d₃z / …)))
 * with d_{2m+1} = (b+m)(c−1+m) / ((c−1+2m)(c+2m)) and d_{2m} = m(c−1−b+m) / ((c−2+2m)(c−1+2m)),
 * from the contiguous relations of ₂F₁(b, 0; c−1; z) (all dₖ > 0 and dₖ → 1/4). Evaluated with the
 * modified Lentz method for z > ½ (the power series below). Unlike the power series it converges
 * fast as z → 1 (a few hundred terms at z = 1 − 1e−5, where the series would need millions),
 * which is where the Pareto/NBD likelihood needs it: one parameter of α, β far above the other.
 */
export function logHyp2f1UnitA(b: number, c: number, z: number): number {
  if (!(b > 0 && c > b && z >= 0 && z < 1)) return NaN;
  if (z === 0) return 0;
  if (z <= 0.5) {
    // The power series is cheaper here: its term ratio (b+n)z/(c+n) is below z, so the tail after
    // a term t is below t·z/(1−z) ≤ t, and 1e-17 is reached within ~56 terms.
    let term = 1;
    let sum = 1;
    for (let n = 0; n < 200; n++) {
      term *= ((b + n) * z) / (c + n);
      sum += term;
      if (term <= 1e-17 * sum) break;
    }
    return Math.log(sum);
  }
  const g = c - 1;
  // Lentz on H = 1 + a₁/(1 + a₂/(1 + …)) with aₖ = −dₖ z; the value is 1/H.
  let f = 1;
  let C = 1;
  let D = 0;
  for (let k = 1; k < MAX_CF_TERMS; k++) {
    let d: number;
    if (k % 2 === 1) {
      const m = (k - 1) / 2;
      d = ((b + m) * (g + m)) / ((g + 2 * m) * (g + 2 * m + 1));
    } else {
      const m = k / 2;
      d = (m * (g - b + m)) / ((g + 2 * m - 1) * (g + 2 * m));
    }
    const ak = -d * z;
    D = 1 + ak * D;
    if (Math.abs(D) < CF_TINY) D = CF_TINY;
    C = 1 + ak / C;
    if (Math.abs(C) < CF_TINY) C = CF_TINY;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -Math.log(f);
}

/**
 * ∫₀¹ f(p) dp by tanh–sinh (double-exponential) quadrature, which is exact to ~1e-13 for
 * integrands analytic inside (0, 1) even with integrable power singularities at the ends (a Beta
 * density with a shape below 1). `f` receives p and 1 − p, both computed without cancellation.
 * Halves the step until two levels agree to `relativeTolerance`.
 */
export function integrateUnitInterval(f: (p: number, oneMinusP: number) => number, relativeTolerance = 1e-12): number {
  const point = (t: number): number => {
    const u = Math.PI * Math.sinh(t);
    // p = 1/(1 + e^−u), 1 − p = 1/(1 + e^u); dp/dt = p (1 − p) π cosh t.
    const p = 1 / (1 + Math.exp(-u));
    const q = 1 / (1 + Math.exp(u));
    const weight = p * q * Math.PI * Math.cosh(t);
    return weight === 0 ? 0 : f(p, q) * weight;
  };
  // Beyond |t| = 4 the weight p (1 − p) is below 1e-40: nothing left to add for the integrands here.
  const tMax = 4;
  let h = 0.5;
  let sum = point(0);
  for (let k = 1; k * h <= tMax; k++) sum += point(k * h) + point(-k * h);
  let estimate = sum * h;
  for (let level = 1; level <= 10; level++) {
    h /= 2;
    // The new nodes are the odd multiples of the halved step.
    for (let k = 1; k * h <= tMax; k += 2) sum += point(k * h) + point(-k * h);
    const next = sum * h;
    if (level >= 3 && Math.abs(next - estimate) <= relativeTolerance * Math.abs(next)) return next;
    estimate = next;
  }
  return estimate;
}

/**
 * E[h(p)] for p ~ Beta(a, b), any a, b > 0. The interval is split at ½ and each half mapped so
 * that the density's power singularity disappears (p = w^{1/a}/2 on the left, 1 − p = v^{1/b}/2
 * on the right), leaving smooth integrands for the tanh–sinh rule even when a or b is far below 1.
 * `h` receives p and 1 − p.
 */
export function betaExpectation(a: number, b: number, h: (p: number, oneMinusP: number) => number): number {
  const logOf = (u: number, oneMinusU: number): number => (u < 0.5 ? Math.log(u) : Math.log1p(-oneMinusU));
  // ∫₀^½ p^{a−1}(1−p)^{b−1} h dp = 2^{−a}/a ∫₀¹ (1−p)^{b−1} h(p) dw with p = w^{1/a}/2.
  const left = integrateUnitInterval((w, oneMinusW) => {
    const p = Math.exp(logOf(w, oneMinusW) / a) / 2;
    const q = 1 - p;
    return Math.exp((b - 1) * Math.log(q)) * h(p, q);
  });
  const right = integrateUnitInterval((v, oneMinusV) => {
    const q = Math.exp(logOf(v, oneMinusV) / b) / 2;
    const p = 1 - q;
    return Math.exp((a - 1) * Math.log(p)) * h(p, q);
  });
  const logNorm = -logBeta(a, b);
  return Math.exp(logNorm - a * Math.LN2 - Math.log(a)) * left + Math.exp(logNorm - b * Math.LN2 - Math.log(b)) * right;
}
