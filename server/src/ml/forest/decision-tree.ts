/**
 * One fitted CART tree in flat, struct-of-arrays form: node `i` is described by the i-th entry
 * of every array, the root is node 0 and children always have larger indices than parents.
 * Flat typed arrays keep prediction a tight loop and make save/load a matter of copying bytes.
 */
export interface DecisionTree {
  readonly nNodes: number;
  readonly nClasses: number;
  /** Split feature, or -1 for a leaf. */
  readonly feature: Int32Array;
  /** Rows with `x[feature] <= threshold` go left (raw feature units). NaN goes right. */
  readonly threshold: Float64Array;
  /** The same split on bin codes: `code <= thresholdBin` goes left (training data, OOB). */
  readonly thresholdBin: Uint8Array;
  /** Children of a split node; always `right[i] === left[i] + 1` (prediction relies on it). -1 for leaves. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** nNodes × nClasses class distribution of the (weighted) training rows in the node; rows sum to 1. */
  readonly value: Float64Array;
  /** Present on freshly trained trees; not saved with the model (only importances need them). */
  readonly stats?: TreeGrowthStats;
}

export interface TreeGrowthStats {
  /** Gini or entropy impurity of each node. */
  readonly impurity: Float64Array;
  /** Distinct training rows in each node (bootstrap duplicates count once, as in scikit-learn). */
  readonly nNodeSamples: Int32Array;
  /** Sum of sample weights (bootstrap count × class weight) in each node. */
  readonly weightedNodeSamples: Float64Array;
}

/** Leaf reached by one row of a row-major matrix. */
export function findLeaf(tree: DecisionTree, data: ArrayLike<number>, rowOffset: number): number {
  const { feature, threshold, left, right } = tree;
  let node = 0;
  let f = feature[0];
  while (f >= 0) {
    node = data[rowOffset + f] <= threshold[node] ? left[node] : right[node];
    f = feature[node];
  }
  return node;
}

/** Leaf reached by row `row` of column-major bin codes (nRows rows per feature). */
export function findLeafBinned(tree: DecisionTree, codes: Uint8Array, nRows: number, row: number): number {
  const { feature, thresholdBin, left, right } = tree;
  let node = 0;
  let f = feature[0];
  while (f >= 0) {
    node = codes[f * nRows + row] <= thresholdBin[node] ? left[node] : right[node];
    f = feature[node];
  }
  return node;
}

/**
 * Mean decrease in impurity per feature, normalised to sum to 1 (scikit-learn's
 * `tree_.compute_feature_importances`). A tree that is a single leaf returns all zeros.
 */
export function treeFeatureImportances(tree: DecisionTree, nFeatures: number): Float64Array {
  const importances = new Float64Array(nFeatures);
  const stats = tree.stats;
  if (!stats) throw new Error('tree has no growth statistics (loaded trees keep only the forest-level importances)');
  const { impurity, weightedNodeSamples } = stats;
  for (let node = 0; node < tree.nNodes; node++) {
    const f = tree.feature[node];
    if (f < 0) continue;
    const l = tree.left[node];
    const r = tree.right[node];
    importances[f] +=
      weightedNodeSamples[node] * impurity[node] - weightedNodeSamples[l] * impurity[l] - weightedNodeSamples[r] * impurity[r];
  }
  let total = 0;
  for (let f = 0; f < nFeatures; f++) total += importances[f];
  if (total > 0) for (let f = 0; f < nFeatures; f++) importances[f] /= total;
  return importances;
}
