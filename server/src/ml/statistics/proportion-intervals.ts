/**
 * Intervals for proportions that keep their coverage with small groups and rates near 0 or 1,
 * where the normal-approximation (Wald) interval is too narrow or collapses to a point.
 *
 * - Wilson score interval for one rate k/n (Wilson 1927).
 * - Newcombe's hybrid score interval for a difference of two independent rates p₁ − p₂
 *   (Newcombe 1998, method 10): built from the two Wilson intervals, it needs no continuity
 *   correction and stays inside [−1, 1].
 *
 * Pure functions; counts in, proportions out (0.01 = one percentage point).
 */

/** Two-sided 95%: the 0.975 quantile of the standard normal. */
export const Z_95 = 1.959963984540054;
import { MlInputError } from '../errors.js';

export interface Interval { lower: number; upper: number }

/** Wilson score interval for k successes in n trials; null when n is 0. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (!(trials > 0)) return null;
  if (successes < 0 || successes > trials) throw new MlInputError(`successes must be in [0, ${trials}], got ${successes}`);
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const halfWidth = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Clamp rounding at the ends: at k = 0 the lower bound is exactly 0, at k = n the upper is 1.
  return { lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth), upper: successes === trials ? 1 : Math.min(1, centre + halfWidth) };
}

/**
 * Newcombe's hybrid score interval for p₁ − p₂ (k₁/n₁ − k₂/n₂); null when a group is empty.
 * lower = d − √((p₁ − l₁)² + (u₂ − p₂)²), upper = d + √((u₁ − p₁)² + (p₂ − l₂)²), where (lᵢ, uᵢ) is
 * the Wilson interval of group i.
 */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number, z = Z_95): Interval | null {
  const w1 = wilsonInterval(k1, n1, z), w2 = wilsonInterval(k2, n2, z);
  if (!w1 || !w2) return null;
  const p1 = k1 / n1, p2 = k2 / n2, d = p1 - p2;
  return {
    lower: d - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2),
    upper: d + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2),
  };
}
