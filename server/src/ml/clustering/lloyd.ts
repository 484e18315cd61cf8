import { assignKernelFor } from './kmeans-codegen.js';
import { inertiaOfRange } from './kmeans-kernels.js';

/*
 * Lloyd's algorithm as a generator: it owns the centre updates, empty-cluster relocation and
 * the stopping rule, and YIELDS the two data passes it needs ('assign', 'inertia') to a driver.
 * The synchronous driver below runs them in-line; the worker-thread runner splits them over
 * threads. One copy of the algorithm, two executors.
 *
 * Stopping rule (scikit-learn's semantics): stop when an assignment step changes no label
 * ("strict convergence"), or when the squared centre shift summed over all centres is
 * ≤ `tolerance` (an absolute value; KMeans passes tol × mean per-feature variance), or after
 * `maxIter` iterations. Unless strictly converged, one more assignment step makes the labels
 * consistent with the final centres; inertia is then Σ‖x − c(label)‖².
 */

export interface LloydState {
  /** n×d row-major points (may live in a SharedArrayBuffer). */
  data: Float64Array;
  n: number;
  d: number;
  k: number;
  /** k×d current centres; updated in place. */
  centroids: Float64Array;
  /** Half the distance from each centre to its nearest other centre (Hamerly's s(j)). */
  halfSeparation: Float64Array;
  /** How far each centre moved at the last update. */
  shifts: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  /** Per-cluster sums (k×d) and counts (k) of the latest assignment, filled by the driver. */
  sums: Float64Array;
  counts: Float64Array;
  /** The kernel's persistent, incrementally updated sums/counts (see assignWithBounds). */
  runningSums: Float64Array;
  runningCounts: Float64Array;
}

export type LloydRequest = { kind: 'assign'; firstPass: boolean } | { kind: 'inertia' };

export interface LloydOptions {
  maxIter: number;
  /** Absolute threshold on Σ_j ‖c_j(new) − c_j(old)‖². */
  tolerance: number;
  recordInertiaHistory?: boolean;
  onIteration?: (iteration: number) => void;
}

export interface LloydOutcome {
  nIter: number;
  inertia: number;
  /** True when the run stopped on the tolerance or on unchanged labels, not on maxIter. */
  converged: boolean;
  /** Σ‖x − c‖² after each centre update (labels of that step, new centres); non-increasing. */
  inertiaHistory: number[];
}

export function createLloydState(data: Float64Array, n: number, d: number, initialCentroids: Float64Array, k: number, allocate = allocateLocal): LloydState {
  return {
    data, n, d, k,
    centroids: copyInto(allocate.float64(k * d), initialCentroids),
    halfSeparation: allocate.float64(k),
    shifts: allocate.float64(k),
    labels: allocate.int32(n),
    upper: allocate.float64(n),
    lower: allocate.float64(n),
    sums: new Float64Array(k * d),
    counts: new Float64Array(k),
    runningSums: new Float64Array(k * d),
    runningCounts: new Float64Array(k),
  };
}

function copyInto(target: Float64Array, source: Float64Array): Float64Array {
  target.set(source);
  return target;
}

/** Where per-point and per-centre buffers live: local memory, or SharedArrayBuffers for workers. */
export interface ArrayAllocator {
  int32(length: number): Int32Array;
  float64(length: number): Float64Array;
}

export const allocateLocal: ArrayAllocator = {
  int32: (length) => new Int32Array(length),
  float64: (length) => new Float64Array(length),
};

export function* lloydIterations(state: LloydState, options: LloydOptions): Generator<LloydRequest, LloydOutcome, number> {
  const { d, k, centroids, shifts, sums, counts } = state;
  const previous = new Float64Array(k * d);
  const inertiaHistory: number[] = [];
  shifts.fill(0);
  updateHalfSeparation(state);
  let strict = false;
  let stoppedEarly = false;
  let iterations = 0;
  while (iterations < options.maxIter) {
    const changed = yield { kind: 'assign', firstPass: iterations === 0 };
    iterations++;
    previous.set(centroids);
    if (counts.some((c) => c === 0)) relocateEmptyClusters(state, previous);
    let shiftTotal = 0;
    for (let j = 0; j < k; j++) {
      let moved = 0;
      for (let t = 0; t < d; t++) {
        const value = sums[j * d + t] / counts[j];
        const delta = value - previous[j * d + t];
        moved += delta * delta;
        centroids[j * d + t] = value;
      }
      shifts[j] = Math.sqrt(moved);
      shiftTotal += moved;
    }
    updateHalfSeparation(state);
    if (options.recordInertiaHistory) inertiaHistory.push(yield { kind: 'inertia' });
    options.onIteration?.(iterations);
    if (iterations > 1 && changed === 0) {
      strict = true;
      stoppedEarly = true;
      break;
    }
    if (shiftTotal <= options.tolerance) {
      stoppedEarly = true;
      break;
    }
  }
  if (!strict) yield { kind: 'assign', firstPass: false };
  const inertia = yield { kind: 'inertia' };
  return { nIter: iterations, inertia, converged: stoppedEarly, inertiaHistory };
}

/** Runs the generator with both passes in the calling thread. */
export function runLloydSync(state: LloydState, options: LloydOptions): LloydOutcome {
  const steps = lloydIterations(state, options);
  const assignWithBounds = assignKernelFor(state.d, state.k);
  let reply = 0;
  for (;;) {
    const step = steps.next(reply);
    if (step.done) return step.value;
    if (step.value.kind === 'assign') {
      reply = assignWithBounds(state.data, state.d, 0, state.n, state.centroids, state.k, state.halfSeparation, state.shifts,
        state.labels, state.upper, state.lower, state.runningSums, state.runningCounts, step.value.firstPass ? 1 : 0);
      // The generator may edit sums/counts (empty-cluster relocation); the running totals stay true to the labels.
      state.sums.set(state.runningSums);
      state.counts.set(state.runningCounts);
    } else {
      reply = inertiaOfRange(state.data, state.d, 0, state.n, state.centroids, state.labels);
    }
  }
}

function updateHalfSeparation(state: LloydState): void {
  const { k, d, centroids, halfSeparation } = state;
  halfSeparation.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let dist = 0;
      for (let t = 0; t < d; t++) {
        const delta = centroids[a * d + t] - centroids[b * d + t];
        dist += delta * delta;
      }
      const half = Math.sqrt(dist) / 2;
      if (half < halfSeparation[a]) halfSeparation[a] = half;
      if (half < halfSeparation[b]) halfSeparation[b] = half;
    }
  }
}

/**
 * An empty cluster takes over the point farthest from its own (old) centre, as scikit-learn
 * does; the point's contribution moves from its donor cluster to the empty one. Labels and
 * bounds stay valid: the next assignment step uses the shifts of the moved centres.
 */
function relocateEmptyClusters(state: LloydState, oldCentroids: Float64Array): void {
  const { data, n, d, k, labels, sums, counts } = state;
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] === 0) empty.push(j);
  // Keep the `empty.length` farthest points, farthest first (m is tiny, so insertion is fine).
  const farIndex: number[] = [];
  const farDistance: number[] = [];
  for (let i = 0; i < n; i++) {
    let dist = 0;
    const c = labels[i] * d;
    for (let t = 0; t < d; t++) {
      const delta = data[i * d + t] - oldCentroids[c + t];
      dist += delta * delta;
    }
    if (farIndex.length < empty.length || dist > farDistance[farDistance.length - 1]) {
      let at = farDistance.length;
      while (at > 0 && farDistance[at - 1] < dist) at--;
      farDistance.splice(at, 0, dist);
      farIndex.splice(at, 0, i);
      if (farIndex.length > empty.length) {
        farIndex.pop();
        farDistance.pop();
      }
    }
  }
  empty.forEach((j, r) => {
    const point = farIndex[r];
    const donor = labels[point];
    // A donor with a single point would become empty itself; leave such a centre where it is.
    if (point === undefined || counts[donor] <= 1) {
      for (let t = 0; t < d; t++) sums[j * d + t] = oldCentroids[j * d + t];
      counts[j] = 1;
      return;
    }
    for (let t = 0; t < d; t++) {
      sums[donor * d + t] -= data[point * d + t];
      sums[j * d + t] = data[point * d + t];
    }
    counts[donor] -= 1;
    counts[j] = 1;
  });
}
