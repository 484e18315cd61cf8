import { binValue } from './binning.js';
import { findLeaf, type DecisionTree } from './decision-tree.js';
import { assertFeatureMatrix, type FeatureMatrix, type Labels } from './feature-matrix.js';
import { withDefaults, type RandomForestOptions, type ResolvedForestOptions } from './forest-options.js';
import { forestFeatureImportances, growForestTree, outOfBag, prepareTrainingSet } from './forest-training.js';

export interface FitOptions {
  /** Called after each tree with (trees grown, nEstimators); the job layer turns it into progress rows. */
  onProgress?: (treesGrown: number, nEstimators: number) => void;
}

/** Everything `fit` learns. Loaded models have no OOB figures and trees without growth stats. */
export interface ForestLearnedState {
  classes: number[];
  nFeaturesIn: number;
  /** Per-feature bin edges used in training (kept for inspection and binned prediction). */
  binEdges: Float64Array[];
  trees: DecisionTree[];
  featureImportances: Float64Array;
  oobScore: number | null;
  oobProbabilities: Float64Array | null;
}

/**
 * Random-forest classifier following scikit-learn's estimator contract: hyperparameters go in
 * the constructor and stay untouched in `params`, `fit` returns the fitted model, and what was
 * learned lives in clearly named read-only fields (`classes`, `trees`, `featureImportances`…).
 */
export class RandomForestClassifier {
  readonly params: ResolvedForestOptions;
  private state: ForestLearnedState | null = null;

  constructor(options: RandomForestOptions = {}) {
    this.params = withDefaults(options);
  }

  /** A fitted model from already-learned state (used by `loadForest` and the worker trainer). */
  static fromLearnedState(options: RandomForestOptions, state: ForestLearnedState): RandomForestClassifier {
    const model = new RandomForestClassifier(options);
    model.state = state;
    return model;
  }

  fit(X: FeatureMatrix, y: Labels, fitOptions: FitOptions = {}): this {
    assertFeatureMatrix(X);
    const set = prepareTrainingSet(X, y, this.params);
    const trees: DecisionTree[] = [];
    for (let i = 0; i < this.params.nEstimators; i++) {
      trees.push(growForestTree(set, this.params, i));
      fitOptions.onProgress?.(i + 1, this.params.nEstimators);
    }
    const oob = this.params.oobScore ? outOfBag(set, this.params, trees) : null;
    this.state = {
      classes: set.classes,
      nFeaturesIn: X.nFeatures,
      binEdges: set.edges,
      trees,
      featureImportances: forestFeatureImportances(trees, X.nFeatures),
      oobScore: oob?.accuracy ?? null,
      oobProbabilities: oob?.probabilities ?? null,
    };
    return this;
  }

  get isFitted(): boolean {
    return this.state !== null;
  }
  get learned(): Readonly<ForestLearnedState> {
    if (!this.state) throw new Error('RandomForestClassifier is not fitted: call fit() first');
    return this.state;
  }
  get classes(): readonly number[] {
    return this.learned.classes;
  }
  get trees(): readonly DecisionTree[] {
    return this.learned.trees;
  }
  /** Mean decrease in impurity, normalised to sum to 1 (scikit-learn's feature_importances_). */
  get featureImportances(): Float64Array {
    return this.learned.featureImportances;
  }
  /** OOB accuracy, or null when trained without `oobScore: true`. */
  get oobScore(): number | null {
    return this.learned.oobScore;
  }
  /** nRows × nClasses OOB probabilities (NaN rows were never out of bag), or null. */
  get oobProbabilities(): Float64Array | null {
    return this.learned.oobProbabilities;
  }

  /**
   * Mean of the trees' leaf class distributions: nRows × nClasses, row-major; each row sums
   * to 1 up to rounding. Trees run in the outer loop so one tree's arrays stay in cache
   * while a block of rows goes through it.
   */
  predictProba(X: FeatureMatrix): Float64Array {
    const { trees, nFeaturesIn, classes } = this.learned;
    assertFeatureMatrix(X);
    if (X.nFeatures !== nFeaturesIn) throw new RangeError(`model was trained on ${nFeaturesIn} features, got ${X.nFeatures}`);
    const out = new Float64Array(X.nRows * classes.length);
    predictProbaRows(this.learned, X.data, 0, X.nRows, out);
    return out;
  }

  /** Probability of `classes[positiveIndex]` per row (default: the larger label of a binary problem). */
  predictPositiveProba(X: FeatureMatrix, positiveIndex = 1): Float64Array {
    const K = this.learned.classes.length;
    if (positiveIndex < 0 || positiveIndex >= K) throw new RangeError(`positiveIndex ${positiveIndex} out of range for ${K} classes`);
    const proba = this.predictProba(X);
    const out = new Float64Array(X.nRows);
    for (let r = 0; r < X.nRows; r++) out[r] = proba[r * K + positiveIndex];
    return out;
  }

  /** Class distribution for one row (lowest-latency path, no matrix allocation). */
  predictRowProba(row: ArrayLike<number>): Float64Array {
    const { trees, nFeaturesIn, classes } = this.learned;
    if (row.length !== nFeaturesIn) throw new RangeError(`model was trained on ${nFeaturesIn} features, got ${row.length}`);
    const K = classes.length;
    const out = new Float64Array(K);
    for (const tree of trees) {
      const leaf = findLeaf(tree, row, 0);
      for (let k = 0; k < K; k++) out[k] += tree.value[leaf * K + k];
    }
    // Same arithmetic as predictProba (sum, then × 1/nTrees) so both paths agree to the last bit.
    const scale = 1 / trees.length;
    for (let k = 0; k < K; k++) out[k] *= scale;
    return out;
  }

  /** Label with the highest mean probability (first class on ties, like numpy's argmax). */
  predict(X: FeatureMatrix): Float64Array {
    const { classes } = this.learned;
    const K = classes.length;
    const proba = this.predictProba(X);
    const out = new Float64Array(X.nRows);
    for (let r = 0; r < X.nRows; r++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (proba[r * K + k] > proba[r * K + best]) best = k;
      out[r] = classes[best];
    }
    return out;
  }
}

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
