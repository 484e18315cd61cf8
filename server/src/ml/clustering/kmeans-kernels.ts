/*
 * The hot loops of k-means, over a row range [start, end) of a row-major n×d Float64Array.
 *
 * Every function here is SELF-CONTAINED (no imports, no calls to anything outside its own
 * body): the worker-thread runner ships them to workers as source text via
 * `Function.prototype.toString`, which keeps the runner free of a separate worker file that
 * would need its own build/loader story. Keep it that way when editing.
 *
 * Bounds follow Hamerly (2010), "Making k-means even faster": per point an upper bound on the
 * distance to its assigned centre and a lower bound on the distance to the second-closest one.
 * A point is only re-examined when its upper bound exceeds max(lower bound, half the distance
 * from its centre to the nearest other centre). The labels are exactly Lloyd's labels; the
 * bounds only skip distance computations that cannot change the argmin.
 */

/**
 * One assignment step over [start, end): updates labels/bounds against `centroids` and keeps
 * `sums` (k×d per-cluster coordinate sums) and `counts` (k) of the range's labels up to date.
 * On the first pass (`firstPass` 1) it builds labels, bounds, sums and counts from scratch;
 * afterwards it only moves the points whose label changes from one cluster's sums to the
 * other's, so a point far from any boundary costs three array updates and no data read.
 * (The incremental sums drift by ~1e-16 relative per change; irrelevant next to `tol`.)
 * `shifts[j]` is how far centre j moved since the previous pass (zeros on the first pass).
 * Returns the number of points whose label changed (all of them on the first pass).
 */
export function assignWithBounds(
  data: Float64Array, d: number, start: number, end: number,
  centroids: Float64Array, k: number, halfSeparation: Float64Array, shifts: Float64Array,
  labels: Int32Array, upper: Float64Array, lower: Float64Array,
  sums: Float64Array, counts: Float64Array, firstPass: number,
): number {
  if (firstPass === 1) {
    sums.fill(0, 0, k * d);
    counts.fill(0, 0, k);
  }
  let maxShift = 0;
  let secondShift = 0;
  let argMaxShift = -1;
  for (let j = 0; j < k; j++) {
    if (shifts[j] > maxShift) {
      secondShift = maxShift;
      maxShift = shifts[j];
      argMaxShift = j;
    } else if (shifts[j] > secondShift) {
      secondShift = shifts[j];
    }
  }
  let changed = 0;
  for (let i = start; i < end; i++) {
    const row = i * d;
    const label = labels[i];
    let needsScan = firstPass === 1;
    if (!needsScan) {
      upper[i] += shifts[label];
      lower[i] -= label === argMaxShift ? secondShift : maxShift;
      const bound = halfSeparation[label] > lower[i] ? halfSeparation[label] : lower[i];
      if (upper[i] > bound) {
        // Tighten the upper bound to the exact distance before paying for a full scan.
        let own = 0;
        const c = label * d;
        for (let t = 0; t < d; t++) {
          const delta = data[row + t] - centroids[c + t];
          own += delta * delta;
        }
        upper[i] = Math.sqrt(own);
        needsScan = upper[i] > bound;
      }
    }
    if (needsScan) {
      let best = Infinity;
      let second = Infinity;
      let bestJ = 0;
      for (let j = 0; j < k; j++) {
        const c = j * d;
        let dist = 0;
        for (let t = 0; t < d; t++) {
          const delta = data[row + t] - centroids[c + t];
          dist += delta * delta;
        }
        if (dist < best) {
          second = best;
          best = dist;
          bestJ = j;
        } else if (dist < second) {
          second = dist;
        }
      }
      upper[i] = Math.sqrt(best);
      lower[i] = Math.sqrt(second);
      if (firstPass === 1) {
        changed++;
        labels[i] = bestJ;
        counts[bestJ] += 1;
        const c = bestJ * d;
        for (let t = 0; t < d; t++) sums[c + t] += data[row + t];
      } else if (bestJ !== label) {
        changed++;
        labels[i] = bestJ;
        counts[label] -= 1;
        counts[bestJ] += 1;
        const from = label * d;
        const to = bestJ * d;
        for (let t = 0; t < d; t++) {
          sums[from + t] -= data[row + t];
          sums[to + t] += data[row + t];
        }
      }
    }
  }
  return changed;
}

/** Sum of squared distances from each row in [start, end) to its labelled centre. */
export function inertiaOfRange(
  data: Float64Array, d: number, start: number, end: number, centroids: Float64Array, labels: Int32Array,
): number {
  let total = 0;
  for (let i = start; i < end; i++) {
    const row = i * d;
    const c = labels[i] * d;
    let dist = 0;
    for (let t = 0; t < d; t++) {
      const delta = data[row + t] - centroids[c + t];
      dist += delta * delta;
    }
    total += dist;
  }
  return total;
}

/** Labels each row in [start, end) with its nearest centre (lowest index on ties); returns the inertia. */
export function assignNearest(
  data: Float64Array, d: number, start: number, end: number, centroids: Float64Array, k: number, labels: Int32Array,
): number {
  let total = 0;
  for (let i = start; i < end; i++) {
    const row = i * d;
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0; j < k; j++) {
      const c = j * d;
      let dist = 0;
      for (let t = 0; t < d; t++) {
        const delta = data[row + t] - centroids[c + t];
        dist += delta * delta;
      }
      if (dist < best) {
        best = dist;
        bestJ = j;
      }
    }
    labels[i] = bestJ;
    total += best;
  }
  return total;
}
