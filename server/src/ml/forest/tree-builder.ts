import type { BinnedMatrix } from './binning.js';
import type { DecisionTree } from './decision-tree.js';
import type { SeededRandom } from './random.js';
import { TreeArrays } from './tree-arrays.js';

export type SplitCriterion = 'gini' | 'entropy';

/** Hyperparameters of one tree, already resolved to counts (see `resolveForestOptions`). */
export interface TreeGrowthParams {
  criterion: SplitCriterion;
  /** Infinity for unlimited depth; the root has depth 0. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features examined per split (at least this many non-constant ones when available). */
  maxFeatures: number;
}

export interface TreeTrainingData {
  binned: BinnedMatrix;
  /** Bin edges per feature, to turn a bin threshold into a raw threshold. */
  edges: Float64Array[];
  /** Class index (0..nClasses-1) per row. */
  classIndex: Uint8Array;
  nClasses: number;
}

/** scikit-learn treats a node with impurity at or below machine epsilon as pure. */
const PURE_EPSILON = 2.220446049250313e-16;

/**
 * Grows one CART tree on histogram-binned features.
 *
 * `sampleWeight[r]` is the bootstrap count × class weight of row r; rows with weight 0 do not
 * take part (this is how scikit-learn bootstraps: counts as weights, no duplicated rows).
 * For each node, `maxFeatures` features are drawn without replacement; for each, one pass over
 * the node's rows fills a (bin × class) weight histogram and a scan over at most 255 bins finds
 * the best threshold. Cost is O(rows in node × maxFeatures) per node instead of the
 * O(rows log rows) sort of an exact splitter.
 */
export function growTree(data: TreeTrainingData, sampleWeight: Float64Array, params: TreeGrowthParams, rng: SeededRandom): DecisionTree {
  const { binned, classIndex, nClasses: K, edges } = data;
  const { codes, nRows, nFeatures, binCounts } = binned;
  const useGini = params.criterion === 'gini';

  let nActive = 0;
  for (let r = 0; r < nRows; r++) if (sampleWeight[r] > 0) nActive++;
  // Kept in ascending row order within every node (stable partition): histogram passes then
  // read the code columns almost sequentially, which matters once a column outgrows the cache.
  const rows = new Uint32Array(nActive);
  // Class and weight travel with the rows through every partition, so the histogram pass
  // reads them sequentially instead of gathering from row-indexed arrays.
  const rowClass = new Uint8Array(nActive);
  const rowWeight = new Float64Array(nActive);
  for (let r = 0, i = 0; r < nRows; r++) {
    if (sampleWeight[r] > 0) {
      rows[i] = r;
      rowClass[i] = classIndex[r];
      rowWeight[i] = sampleWeight[r];
      i++;
    }
  }
  const scratch = new Uint32Array(nActive);
  const scratchClass = new Uint8Array(nActive);
  const scratchWeight = new Float64Array(nActive);

  const out = new TreeArrays(K, Math.max(16, Math.min(2 * nActive, 1024)));
  const histWeight = new Float64Array(256 * K);
  const histCount = new Int32Array(256);
  const touched = new Uint8Array(256);
  const leftWeight = new Float64Array(K);
  const bestLeftWeight = new Float64Array(K);
  const featureOrder = new Int32Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) featureOrder[f] = f;

  // Depth-first, like scikit-learn's DepthFirstTreeBuilder; the stack holds created but not yet
  // split nodes. Both children of a split are created together, so right = left + 1 always:
  // prediction can then step with `left + (x > threshold)` instead of a hard-to-predict branch.
  interface Pending { node: number; start: number; end: number; depth: number; classWeight: Float64Array; nodeWeight: number; nodeImpurity: number }
  const createNode = (start: number, end: number, depth: number, classWeight: Float64Array): Pending => {
    let nodeWeight = 0;
    for (let k = 0; k < K; k++) nodeWeight += classWeight[k];
    const nodeImpurity = impurity(classWeight, nodeWeight, useGini);
    const node = out.addNode(classWeight, nodeWeight, nodeImpurity, end - start);
    return { node, start, end, depth, classWeight, nodeWeight, nodeImpurity };
  };
  const rootWeight = new Float64Array(K);
  for (let i = 0; i < nActive; i++) rootWeight[rowClass[i]] += rowWeight[i];
  const stack: Pending[] = [createNode(0, nActive, 0, rootWeight)];

  while (stack.length > 0) {
    const { node, start, end, depth, classWeight, nodeWeight, nodeImpurity } = stack.pop()!;
    const nSamples = end - start;

    const mustBeLeaf =
      depth >= params.maxDepth ||
      nSamples < params.minSamplesSplit ||
      nSamples < 2 * params.minSamplesLeaf ||
      nodeImpurity <= PURE_EPSILON;
    if (mustBeLeaf) continue;

    // ---- best split over a per-split random subset of features ----
    let bestProxy = -Infinity;
    let bestFeature = -1;
    let bestBin = 0;
    let visited = 0;
    let drawn = 0;
    while (drawn < nFeatures && visited < params.maxFeatures) {
      // Partial Fisher–Yates draw of the next feature.
      const j = drawn + rng.nextInt(nFeatures - drawn);
      const f = featureOrder[j];
      featureOrder[j] = featureOrder[drawn];
      featureOrder[drawn] = f;
      drawn++;

      const nBins = binCounts[f];
      if (nBins < 2) continue;
      // Histogram of this node's rows; `touched` lists the bins it uses so that small nodes
      // neither clear nor scan all 255 bins (the bins are left zeroed for the next feature).
      const nTouched = fillHistogram(codes, f * nRows, rows, rowClass, rowWeight, start, end, K, histCount, histWeight, touched);
      if (nTouched < 2) {
        // Constant in this node: like scikit-learn, it does not count towards maxFeatures.
        clearBins(touched, nTouched, histCount, histWeight, K);
        continue;
      }
      visited++;
      const sparse = nTouched * 4 < nBins;
      if (sparse) touched.subarray(0, nTouched).sort();
      const nScan = sparse ? nTouched : nBins;

      leftWeight.fill(0);
      let leftCount = 0;
      let leftTotal = 0;
      for (let s = 0; s < nScan - 1; s++) {
        const b = sparse ? touched[s] : s;
        const count = histCount[b];
        if (count === 0) continue;
        leftCount += count;
        for (let k = 0; k < K; k++) {
          const w = histWeight[b * K + k];
          leftWeight[k] += w;
          leftTotal += w;
        }
        const rightCount = nSamples - leftCount;
        if (rightCount < params.minSamplesLeaf) break;
        if (leftCount < params.minSamplesLeaf) continue;
        const rightTotal = nodeWeight - leftTotal;
        if (leftTotal <= 0 || rightTotal <= 0) continue;
        const proxy = splitProxy(leftWeight, leftTotal, classWeight, rightTotal, useGini);
        if (proxy > bestProxy) {
          bestProxy = proxy;
          bestFeature = f;
          // Any threshold between this bin and the next non-empty one gives the same partition;
          // take the middle of the gap, as an exact splitter takes the midpoint of two values.
          let next: number;
          if (sparse) next = touched[s + 1];
          else {
            next = b + 1;
            while (next < nBins && histCount[next] === 0) next++;
          }
          bestBin = (b + next - 1) >>> 1;
          bestLeftWeight.set(leftWeight);
        }
      }
      if (sparse) clearBins(touched, nTouched, histCount, histWeight, K);
      else {
        histCount.fill(0, 0, nBins);
        histWeight.fill(0, 0, nBins * K);
      }
    }
    if (bestFeature < 0) continue;

    // ---- stable partition of the node's rows ----
    const column = bestFeature * nRows;
    let write = start;
    let spilled = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      if (codes[column + r] <= bestBin) {
        rowClass[write] = rowClass[i];
        rowWeight[write] = rowWeight[i];
        rows[write++] = r;
      } else {
        scratchClass[spilled] = rowClass[i];
        scratchWeight[spilled] = rowWeight[i];
        scratch[spilled++] = r;
      }
    }
    rows.set(scratch.subarray(0, spilled), write);
    rowClass.set(scratchClass.subarray(0, spilled), write);
    rowWeight.set(scratchWeight.subarray(0, spilled), write);

    out.setSplit(node, bestFeature, bestBin, edges[bestFeature][bestBin]);
    const leftClassWeight = Float64Array.from(bestLeftWeight);
    const rightClassWeight = new Float64Array(K);
    for (let k = 0; k < K; k++) rightClassWeight[k] = Math.max(0, classWeight[k] - bestLeftWeight[k]);
    const leftChild = createNode(start, write, depth + 1, leftClassWeight);
    const rightChild = createNode(write, end, depth + 1, rightClassWeight);
    out.left[node] = leftChild.node;
    out.right[node] = rightChild.node;
    // Right pushed first so the left subtree is grown first.
    stack.push(rightChild, leftChild);
  }
  return out.finish();
}

/** The hot loop of training: one pass over a node's rows for one feature. Returns the number of bins used. */
function fillHistogram(
  codes: Uint8Array,
  column: number,
  rows: Uint32Array,
  rowClass: Uint8Array,
  rowWeight: Float64Array,
  start: number,
  end: number,
  K: number,
  histCount: Int32Array,
  histWeight: Float64Array,
  touched: Uint8Array,
): number {
  let nTouched = 0;
  for (let i = start; i < end; i++) {
    const b = codes[column + rows[i]];
    if (histCount[b]++ === 0) touched[nTouched++] = b;
    histWeight[b * K + rowClass[i]] += rowWeight[i];
  }
  return nTouched;
}

function clearBins(touched: Uint8Array, nTouched: number, histCount: Int32Array, histWeight: Float64Array, K: number): void {
  for (let i = 0; i < nTouched; i++) {
    const b = touched[i];
    histCount[b] = 0;
    for (let k = 0; k < K; k++) histWeight[b * K + k] = 0;
  }
}

function impurity(classWeight: Float64Array, total: number, useGini: boolean): number {
  if (total <= 0) return 0;
  let result = useGini ? 1 : 0;
  for (let k = 0; k < classWeight.length; k++) {
    const p = classWeight[k] / total;
    if (useGini) result -= p * p;
    else if (p > 0) result -= p * Math.log2(p);
  }
  return result;
}

/**
 * Larger is better; equals −(wL·impurityL + wR·impurityR) up to a constant of the node, so the
 * argmax is the split with the largest impurity decrease (scikit-learn's proxy improvement).
 */
function splitProxy(left: Float64Array, leftTotal: number, node: Float64Array, rightTotal: number, useGini: boolean): number {
  const K = left.length;
  if (useGini) {
    let sumLeft = 0;
    let sumRight = 0;
    for (let k = 0; k < K; k++) {
      const l = left[k];
      const r = node[k] - l;
      sumLeft += l * l;
      sumRight += r * r;
    }
    return sumLeft / leftTotal + sumRight / rightTotal;
  }
  let entropyTerms = 0;
  for (let k = 0; k < K; k++) {
    const l = left[k];
    const r = node[k] - l;
    if (l > 0) entropyTerms += l * Math.log2(l / leftTotal);
    if (r > 0) entropyTerms += r * Math.log2(r / rightTotal);
  }
  return entropyTerms;
}
