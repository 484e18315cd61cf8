/**
 * Batch scoring kernel shared by `RandomForestClassifier.predictProba` and the scoring workers.
 */
import { binValue } from './binning.js';
import type { DecisionTree } from './decision-tree.js';
import type { ForestLearnedState } from './forest-state.js';

/** Rows scored per block: their uint8 codes (≈ 120 KB for 15 features) stay in L2 while every tree runs over them. */
const SCORING_BLOCK_ROWS = 8192;

/**
 * Mean leaf distribution of rows [rowStart, rowEnd) of a row-major matrix, written to `out`
 * (nRows × nClasses). Rows are first binned with the training edges, then the trees walk the
 * uint8 codes with `thresholdBin`: the same decisions as raw thresholds (code <= t exactly when
 * x <= edges[t]), but an eighth of the memory traffic of float64 rows. Used by `predictProba`
 * and by the scoring workers, so both give identical numbers.
 */
export function predictProbaRows(
  state: Pick<ForestLearnedState, 'trees' | 'binEdges' | 'classes'>,
  data: Float64Array | Float32Array,
  rowStart: number,
  rowEnd: number,
  out: Float64Array,
): void {
  const { trees, binEdges, classes } = state;
  const nFeatures = binEdges.length;
  const K = classes.length;
  const codes = new Uint8Array(SCORING_BLOCK_ROWS * nFeatures);
  const scale = 1 / trees.length;
  for (let blockStart = rowStart; blockStart < rowEnd; blockStart += SCORING_BLOCK_ROWS) {
    const blockRows = Math.min(rowEnd, blockStart + SCORING_BLOCK_ROWS) - blockStart;
    for (let f = 0; f < nFeatures; f++) {
      const edges = binEdges[f];
      const lastBin = edges.length;
      for (let i = 0; i < blockRows; i++) {
        const x = data[(blockStart + i) * nFeatures + f];
        // NaN: last bin, i.e. right of every split, as on the raw-threshold path.
        codes[i * nFeatures + f] = x === x ? binValue(edges, x) : lastBin;
      }
    }
    for (const tree of trees) accumulateTreeProbaBinned(tree, codes, nFeatures, blockRows, out, blockStart * K);
    for (let i = blockStart * K; i < (blockStart + blockRows) * K; i++) out[i] *= scale;
  }
}

/**
 * A tree re-encoded for branch-free scoring: a leaf points to itself with a threshold no code
 * exceeds, so every row can take exactly `depth` steps without testing for leaves, and several
 * rows can be walked in one loop. Derived lazily from the stored arrays, never saved.
 */
interface ScoringTree {
  depth: number;
  feature: Int32Array;
  threshold: Int32Array;
  next: Int32Array;
}

const scoringTrees = new WeakMap<DecisionTree, ScoringTree>();

function scoringTree(tree: DecisionTree): ScoringTree {
  let cached = scoringTrees.get(tree);
  if (cached) return cached;
  const n = tree.nNodes;
  const feature = new Int32Array(n);
  const threshold = new Int32Array(n);
  const next = new Int32Array(n);
  const depthOf = new Int32Array(n);
  let depth = 0;
  // Children have larger indices than parents, so one forward pass sees parents first.
  for (let node = 0; node < n; node++) {
    if (tree.feature[node] < 0) {
      feature[node] = 0;
      threshold[node] = 255;
      next[node] = node;
      depth = Math.max(depth, depthOf[node]);
    } else {
      feature[node] = tree.feature[node];
      threshold[node] = tree.thresholdBin[node];
      next[node] = tree.left[node];
      depthOf[tree.left[node]] = depthOf[tree.right[node]] = depthOf[node] + 1;
    }
  }
  cached = { depth, feature, threshold, next };
  scoringTrees.set(tree, cached);
  return cached;
}

/**
 * Adds one tree's leaf distributions for `nRows` rows of row-major codes into `out` from
 * `outOffset`. Eight rows are walked together: their steps are independent, so the CPU overlaps
 * the dependent loads of one row with the others'. `(threshold − code) >>> 31` is 1 exactly
 * when code > threshold (both in 0..255), i.e. "go right" (right = left + 1).
 */
function accumulateTreeProbaBinned(tree: DecisionTree, codes: Uint8Array, nFeatures: number, nRows: number, out: Float64Array, outOffset: number): void {
  const { depth, feature, threshold, next } = scoringTree(tree);
  const { value, nClasses: K } = tree;
  let r = 0;
  for (; r + 8 <= nRows; r += 8) {
    const o0 = r * nFeatures;
    const o1 = o0 + nFeatures;
    const o2 = o1 + nFeatures;
    const o3 = o2 + nFeatures;
    const o4 = o3 + nFeatures;
    const o5 = o4 + nFeatures;
    const o6 = o5 + nFeatures;
    const o7 = o6 + nFeatures;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    let n3 = 0;
    let n4 = 0;
    let n5 = 0;
    let n6 = 0;
    let n7 = 0;
    for (let d = 0; d < depth; d++) {
      n0 = next[n0] + ((threshold[n0] - codes[o0 + feature[n0]]) >>> 31);
      n1 = next[n1] + ((threshold[n1] - codes[o1 + feature[n1]]) >>> 31);
      n2 = next[n2] + ((threshold[n2] - codes[o2 + feature[n2]]) >>> 31);
      n3 = next[n3] + ((threshold[n3] - codes[o3 + feature[n3]]) >>> 31);
      n4 = next[n4] + ((threshold[n4] - codes[o4 + feature[n4]]) >>> 31);
      n5 = next[n5] + ((threshold[n5] - codes[o5 + feature[n5]]) >>> 31);
      n6 = next[n6] + ((threshold[n6] - codes[o6 + feature[n6]]) >>> 31);
      n7 = next[n7] + ((threshold[n7] - codes[o7 + feature[n7]]) >>> 31);
    }
    addLeaf(value, K, n0, out, outOffset + (r + 0) * K);
    addLeaf(value, K, n1, out, outOffset + (r + 1) * K);
    addLeaf(value, K, n2, out, outOffset + (r + 2) * K);
    addLeaf(value, K, n3, out, outOffset + (r + 3) * K);
    addLeaf(value, K, n4, out, outOffset + (r + 4) * K);
    addLeaf(value, K, n5, out, outOffset + (r + 5) * K);
    addLeaf(value, K, n6, out, outOffset + (r + 6) * K);
    addLeaf(value, K, n7, out, outOffset + (r + 7) * K);
  }
  for (; r < nRows; r++) {
    const o = r * nFeatures;
    let node = 0;
    for (let d = 0; d < depth; d++) node = next[node] + ((threshold[node] - codes[o + feature[node]]) >>> 31);
    addLeaf(value, K, node, out, outOffset + r * K);
  }
}

function addLeaf(value: Float64Array, K: number, leaf: number, out: Float64Array, target: number): void {
  const base = leaf * K;
  for (let k = 0; k < K; k++) out[target + k] += value[base + k];
}
