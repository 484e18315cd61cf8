import type { Matrix } from '../matrix.js';
import type { Rng } from '../rng.js';

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, greedy variant as in scikit-learn):
 * the first centre is a uniformly random point; each next centre is the best of
 * `2 + floor(ln k)` candidates drawn with probability proportional to D(x)², "best" meaning the
 * one that most lowers the total potential Σ D(x)². Cost O(k · trials · n · d).
 *
 * Returns k×d centroids (row-major). Duplicate points are fine: a candidate with zero gain just
 * loses to the others, and when every point coincides all centres coincide (Lloyd then leaves
 * the extra clusters empty and relocates them).
 */
export function kMeansPlusPlus(points: Matrix, k: number, rng: Rng): Float64Array {
  const { rows: n, cols: d, data } = points;
  const centroids = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.nextInt(n);
  centroids.set(data.subarray(first * d, first * d + d), 0);

  let closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistanceRows(data, i * d, data, first * d, d);
    potential += closest[i];
  }
  const cumulative = new Float64Array(n);
  let candidateBest = new Float64Array(n);
  let candidateWork = new Float64Array(n);

  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i];
      cumulative[i] = running;
    }
    let bestPotential = Infinity;
    let bestIndex = 0;
    for (let t = 0; t < trials; t++) {
      // When every point already sits on a centre (potential 0), fall back to a uniform draw.
      const candidate = running > 0 ? searchCumulative(cumulative, rng.nextFloat() * running) : rng.nextInt(n);
      let candidatePotential = 0;
      const offset = candidate * d;
      for (let i = 0; i < n; i++) {
        const dist = squaredDistanceRows(data, i * d, data, offset, d);
        const kept = dist < closest[i] ? dist : closest[i];
        candidateWork[i] = kept;
        candidatePotential += kept;
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestIndex = candidate;
        const swap = candidateBest;
        candidateBest = candidateWork;
        candidateWork = swap;
      }
    }
    centroids.set(data.subarray(bestIndex * d, bestIndex * d + d), c * d);
    const swap = closest;
    closest = candidateBest;
    candidateBest = swap;
    potential = bestPotential;
  }
  return centroids;
}

/** k distinct random points as centres (Forgy); mainly for comparisons and tests. */
export function randomInit(points: Matrix, k: number, rng: Rng): Float64Array {
  const d = points.cols;
  const centroids = new Float64Array(k * d);
  const picks = rng.shuffle(rng.sampleWithoutReplacement(points.rows, k));
  picks.forEach((p, c) => centroids.set(points.data.subarray(p * d, p * d + d), c * d));
  return centroids;
}

/** First index whose cumulative weight is ≥ target (numpy searchsorted 'left'), clipped to n−1. */
function searchCumulative(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function squaredDistanceRows(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number): number {
  let sum = 0;
  for (let t = 0; t < d; t++) {
    const delta = a[aOffset + t] - b[bOffset + t];
    sum += delta * delta;
  }
  return sum;
}
