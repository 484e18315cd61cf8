import type { Matrix } from '../matrix.js';

/*
 * Exact agglomerative clustering by the nearest-neighbour-chain algorithm (Murtagh 1983;
 * Müllner 2011, "Modern hierarchical, agglomerative clustering algorithms", §3.2). It is valid
 * for "reducible" linkages (Ward, average, complete): O(n²) time.
 *
 * - Ward needs no distance matrix: the Ward distance of clusters A and B is
 *   sqrt(2·|A||B|/(|A|+|B|))·‖c_A − c_B‖, computable from centroids and sizes in O(d). Memory is
 *   O(n·d), so n = 20,000 costs ~1 MB instead of a 1.6 GB condensed matrix.
 * - Average and complete linkage update a condensed distance matrix (n(n−1)/2 entries) with
 *   Lance–Williams rules; Float64 up to FLOAT64_MATRIX_LIMIT points, Float32 above it
 *   (20,000 points → 800 MB instead of 1.6 GB; distances keep ~7 significant digits).
 *
 * Tie-breaking follows SciPy's nn_chain (what scikit-learn calls): the chain starts at the
 * lowest-index live cluster, the previous chain element wins ties, otherwise the lowest index
 * does; a merged cluster lives on in the higher of its two slots.
 */

export type LinkageMethod = 'ward' | 'average' | 'complete';
export type DistancePrecision = 'auto' | 'float64' | 'float32';

/** Above this many points, 'auto' precision stores the condensed matrix as Float32 (~1 GB at 16k). */
export const FLOAT64_MATRIX_LIMIT = 16_000;

/**
 * SciPy linkage matrix: (n−1) rows × 4 columns, row-major: [left id, right id, height, size].
 * Ids < n are points; id n + r is the cluster formed by row r. Rows ascend by height.
 */
export interface LinkageMatrix {
  data: Float64Array;
  nLeaves: number;
}

interface RawMerges {
  left: Int32Array;
  right: Int32Array;
  height: Float64Array;
}

export function computeLinkage(
  points: Matrix, method: LinkageMethod, precision: DistancePrecision = 'auto', onMerge?: (done: number) => void,
): LinkageMatrix {
  const raw = method === 'ward' ? wardChain(points, onMerge) : matrixChain(points, method, precision, onMerge);
  return sortAndLabel(raw, points.rows);
}

function wardChain(points: Matrix, onMerge?: (done: number) => void): RawMerges {
  const { rows: n, cols: d } = points;
  const centroids = new Float64Array(points.data);
  const size = new Float64Array(n).fill(1);
  const active = new Int32Array(n);
  for (let i = 0; i < n; i++) active[i] = i;
  let activeCount = n;
  const merges = newMerges(n);
  const chain = new Int32Array(n);
  let chainLength = 0;
  const scan = wardScanFor(d);
  const bestOut = new Float64Array(1);
  // Compares Ward objectives |A||B|/(|A|+|B|)·‖c_A − c_B‖² (monotone in the Ward distance).
  const wardObjective = (a: number, b: number): number => {
    let dist = 0;
    for (let t = 0; t < d; t++) {
      const delta = centroids[a * d + t] - centroids[b * d + t];
      dist += delta * delta;
    }
    return ((size[a] * size[b]) / (size[a] + size[b])) * dist;
  };
  for (let m = 0; m < n - 1; m++) {
    if (chainLength === 0) chain[chainLength++] = active[0];
    let x: number;
    let y: number;
    let best: number;
    for (;;) {
      x = chain[chainLength - 1];
      if (chainLength > 1) {
        y = chain[chainLength - 2];
        best = wardObjective(x, y);
      } else {
        y = -1;
        best = Infinity;
      }
      y = scan(centroids, size, active, activeCount, x, best, y, bestOut);
      best = bestOut[0];
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    const low = Math.min(x, y);
    const high = Math.max(x, y);
    merges.left[m] = low;
    merges.right[m] = high;
    merges.height[m] = Math.sqrt(2 * best);
    const total = size[low] + size[high];
    for (let t = 0; t < d; t++) {
      centroids[high * d + t] = (size[low] * centroids[low * d + t] + size[high] * centroids[high * d + t]) / total;
    }
    size[high] = total;
    size[low] = 0;
    activeCount = removeActive(active, activeCount, low);
    onMerge?.(m + 1);
  }
  return merges;
}

/**
 * Nearest live cluster to x by Ward objective, starting from (best, bestIndex); returns the
 * index and writes the objective to bestOut[0]. Strictly-smaller wins, so the scan order
 * (ascending slot) decides ties.
 */
export type WardScan = (
  centroids: Float64Array, size: Float64Array, active: Int32Array, activeCount: number,
  x: number, best: number, bestIndex: number, bestOut: Float64Array,
) => number;

export function genericWardScan(
  centroids: Float64Array, size: Float64Array, active: Int32Array, activeCount: number,
  x: number, best: number, bestIndex: number, bestOut: Float64Array,
): number {
  const d = centroids.length / size.length;
  const xOffset = x * d;
  const sizeX = size[x];
  for (let p = 0; p < activeCount; p++) {
    const i = active[p];
    if (i === x) continue;
    let dist = 0;
    const iOffset = i * d;
    for (let t = 0; t < d; t++) {
      const delta = centroids[xOffset + t] - centroids[iOffset + t];
      dist += delta * delta;
    }
    const objective = ((sizeX * size[i]) / (sizeX + size[i])) * dist;
    if (objective < best) {
      best = objective;
      bestIndex = i;
    }
  }
  bestOut[0] = best;
  return bestIndex;
}

const wardScans = new Map<number, WardScan>();

/**
 * The scan is the whole cost of Ward (O(n²) calls of its body). For small d a copy with x's
 * centroid in locals and the d-loop unrolled runs ~2× faster; it performs the same float
 * operations in the same order as genericWardScan, so trees do not depend on which ran.
 */
export function wardScanFor(d: number): WardScan {
  if (d > 32) return genericWardScan;
  let scan = wardScans.get(d);
  if (!scan) {
    const t = Array.from({ length: d }, (_, j) => j);
    const body = `
      const xOffset = x * ${d};
      ${t.map((j) => `const x${j} = centroids[xOffset + ${j}];`).join(' ')}
      const sizeX = size[x];
      for (let p = 0; p < activeCount; p++) {
        const i = active[p];
        if (i === x) continue;
        const o = i * ${d};
        ${t.map((j) => `const d${j} = x${j} - centroids[o + ${j}];`).join(' ')}
        const dist = ${t.map((j) => `d${j} * d${j}`).join(' + ')};
        const objective = ((sizeX * size[i]) / (sizeX + size[i])) * dist;
        if (objective < best) { best = objective; bestIndex = i; }
      }
      bestOut[0] = best;
      return bestIndex;`;
    scan = new Function('centroids', 'size', 'active', 'activeCount', 'x', 'best', 'bestIndex', 'bestOut', body) as WardScan;
    wardScans.set(d, scan);
  }
  return scan;
}

function matrixChain(points: Matrix, method: 'average' | 'complete', precision: DistancePrecision, onMerge?: (done: number) => void): RawMerges {
  const { rows: n, cols: d, data } = points;
  const useFloat32 = precision === 'float32' || (precision === 'auto' && n > FLOAT64_MATRIX_LIMIT);
  const entries = (n * (n - 1)) / 2;
  const dist = useFloat32 ? new Float32Array(entries) : new Float64Array(entries);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let sum = 0;
      for (let t = 0; t < d; t++) {
        const delta = data[i * d + t] - data[j * d + t];
        sum += delta * delta;
      }
      dist[at++] = Math.sqrt(sum);
    }
  }
  // Condensed index of the pair (i, j), i ≠ j.
  const index = (i: number, j: number): number => (i < j ? n * i - (i * (i + 1)) / 2 + j - i - 1 : n * j - (j * (j + 1)) / 2 + i - j - 1);
  const size = new Float64Array(n).fill(1);
  const active = new Int32Array(n);
  for (let i = 0; i < n; i++) active[i] = i;
  let activeCount = n;
  const merges = newMerges(n);
  const chain = new Int32Array(n);
  let chainLength = 0;
  const average = method === 'average';
  for (let m = 0; m < n - 1; m++) {
    if (chainLength === 0) chain[chainLength++] = active[0];
    let x: number;
    let y: number;
    let best: number;
    for (;;) {
      x = chain[chainLength - 1];
      if (chainLength > 1) {
        y = chain[chainLength - 2];
        best = dist[index(x, y)];
      } else {
        y = -1;
        best = Infinity;
      }
      // Inline condensed indexing: column x of the rows above it, then row x to the right.
      const rowX = n * x - (x * (x + 1)) / 2 - x - 1;
      for (let p = 0; p < activeCount; p++) {
        const i = active[p];
        if (i === x) continue;
        const value = i < x ? dist[n * i - (i * (i + 1)) / 2 + x - i - 1] : dist[rowX + i];
        if (value < best) {
          best = value;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    const low = Math.min(x, y);
    const high = Math.max(x, y);
    merges.left[m] = low;
    merges.right[m] = high;
    merges.height[m] = best;
    const sizeLow = size[low];
    const sizeHigh = size[high];
    for (let p = 0; p < activeCount; p++) {
      const i = active[p];
      if (i === low || i === high) continue;
      const toLow = dist[index(i, low)];
      const toHigh = dist[index(i, high)];
      dist[index(i, high)] = average ? (sizeLow * toLow + sizeHigh * toHigh) / (sizeLow + sizeHigh) : Math.max(toLow, toHigh);
    }
    size[high] = sizeLow + sizeHigh;
    size[low] = 0;
    activeCount = removeActive(active, activeCount, low);
    onMerge?.(m + 1);
  }
  return merges;
}

function newMerges(n: number): RawMerges {
  return { left: new Int32Array(Math.max(0, n - 1)), right: new Int32Array(Math.max(0, n - 1)), height: new Float64Array(Math.max(0, n - 1)) };
}

/** Removes `slot` from the ascending list of live slots, keeping it ascending (tie order depends on it). */
function removeActive(active: Int32Array, count: number, slot: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (active[mid] < slot) lo = mid + 1;
    else hi = mid;
  }
  active.copyWithin(lo, lo + 1, count);
  return count - 1;
}

/**
 * Stable sort of the merges by height, then SciPy's relabelling: each row's operands become the
 * ids of the clusters containing its two slot points at that moment (smaller id first), and the
 * new cluster gets id n + row.
 */
function sortAndLabel(raw: RawMerges, n: number): LinkageMatrix {
  const m = raw.height.length;
  const order = Array.from({ length: m }, (_, r) => r).sort((a, b) => raw.height[a] - raw.height[b] || a - b);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (node: number): number => {
    let root = node;
    while (parent[root] !== root) root = parent[root];
    while (parent[node] !== root) {
      const next = parent[node];
      parent[node] = root;
      node = next;
    }
    return root;
  };
  const sizes = new Float64Array(2 * n - 1).fill(1);
  const data = new Float64Array(m * 4);
  order.forEach((r, row) => {
    const a = find(raw.left[r]);
    const b = find(raw.right[r]);
    const id = n + row;
    data[row * 4] = Math.min(a, b);
    data[row * 4 + 1] = Math.max(a, b);
    data[row * 4 + 2] = raw.height[r];
    sizes[id] = sizes[a] + sizes[b];
    data[row * 4 + 3] = sizes[id];
    parent[a] = id;
    parent[b] = id;
  });
  return { data, nLeaves: n };
}

/**
 * Flat clusters from the first n − k merges: labels 0..k−1 numbered by first appearance
 * (the cluster of point 0 is 0, the next new cluster met in point order is 1, …).
 */
export function cutLinkage(linkage: LinkageMatrix, k: number): Int32Array {
  const n = linkage.nLeaves;
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (node: number): number => {
    while (parent[node] !== node) {
      parent[node] = parent[parent[node]];
      node = parent[node];
    }
    return node;
  };
  for (let row = 0; row < n - k; row++) {
    const id = n + row;
    parent[find(linkage.data[row * 4])] = id;
    parent[find(linkage.data[row * 4 + 1])] = id;
  }
  const labels = new Int32Array(n);
  const numbering = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let label = numbering.get(root);
    if (label === undefined) {
      label = numbering.size;
      numbering.set(root, label);
    }
    labels[i] = label;
  }
  return labels;
}

export interface DendrogramMerge {
  /** Cluster id (n + row of the linkage matrix). */
  id: number;
  left: number;
  right: number;
  height: number;
  size: number;
}

/** The top of the tree for a UI: the last merges, and the collapsed subtrees they start from. */
export interface Dendrogram {
  nLeaves: number;
  /** Ascending height; the last one is the root. */
  merges: DendrogramMerge[];
  /** Children of `merges` that are not themselves in `merges` (points or collapsed subtrees). */
  leaves: { id: number; size: number }[];
}

export function dendrogramTop(linkage: LinkageMatrix, lastMerges = 50): Dendrogram {
  const n = linkage.nLeaves;
  const m = n - 1;
  const from = Math.max(0, m - lastMerges);
  const merges: DendrogramMerge[] = [];
  const shown = new Set<number>();
  for (let row = from; row < m; row++) {
    const z = linkage.data.subarray(row * 4, row * 4 + 4);
    merges.push({ id: n + row, left: z[0], right: z[1], height: z[2], size: z[3] });
    shown.add(n + row);
  }
  const sizeOf = (id: number): number => (id < n ? 1 : linkage.data[(id - n) * 4 + 3]);
  const leaves = merges
    .flatMap((merge) => [merge.left, merge.right])
    .filter((id) => !shown.has(id))
    .map((id) => ({ id, size: sizeOf(id) }));
  return { nLeaves: n, merges, leaves };
}
