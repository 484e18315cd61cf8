/**
 * The steps of fitting a forest, as pure functions so the single-threaded `fit` and the
 * worker-thread trainer run exactly the same code: prepare (bin + encode) once, grow tree i
 * from (training set, options, i) alone, then assemble importances and out-of-bag figures in
 * tree order. Nothing here depends on which thread grew which tree.
 */
import { binMatrix, computeBinEdges } from './binning.js';
import { findLeafBinned, treeFeatureImportances, type DecisionTree } from './decision-tree.js';
import type { FeatureMatrix, Labels } from './feature-matrix.js';
import { bootstrapSampleCount, resolveTreeParams, type ResolvedForestOptions } from './forest-options.js';
import { SeededRandom, deriveSeed } from './random.js';
import { growTree, type TreeTrainingData } from './tree-builder.js';
import type { ForestLearnedState } from './forest-state.js';
import { MlInputError } from '../errors.js';

export interface ForestTrainingSet extends TreeTrainingData {
  /** Sorted distinct labels; class index k stands for classes[k]. */
  classes: number[];
  /**
   * Class weight × sample weight of each row (1 without either). For 'balancedSubsample' the class
   * part is computed per bootstrap sample, so this holds the sample weight alone.
   */
  rowClassWeight: Float64Array;
}

export function prepareTrainingSet(X: FeatureMatrix, y: Labels, options: ResolvedForestOptions, sampleWeight?: ArrayLike<number>): ForestTrainingSet {
  if (y.length !== X.nRows) throw new MlInputError(`X has ${X.nRows} rows but y has ${y.length} labels`);
  if (sampleWeight !== undefined) assertSampleWeight(sampleWeight, X.nRows);
  if (X.nRows < 2) throw new MlInputError('need at least 2 training rows');
  const classes = Array.from(new Set(Array.from(y))).sort((a, b) => a - b);
  if (classes.some((c) => !Number.isFinite(c))) throw new MlInputError('labels must be finite numbers');
  if (classes.length > 255) throw new MlInputError(`at most 255 classes are supported, got ${classes.length}`);
  const classIndex = new Uint8Array(y.length);
  const indexOf = new Map(classes.map((c, k) => [c, k]));
  for (let r = 0; r < y.length; r++) classIndex[r] = indexOf.get(y[r])!;
  const binEdges = computeBinEdges(X, { maxBins: options.maxBins, seed: options.seed });
  const binned = binMatrix(X, binEdges);
  const rowClassWeight = new Float64Array(y.length).fill(1);
  const cw = options.classWeight;
  if (cw === 'balanced') {
    const perClass = balancedWeights(classIndex, null, classes.length);
    for (let r = 0; r < y.length; r++) rowClassWeight[r] = perClass[classIndex[r]];
  } else if (cw && typeof cw === 'object') {
    const perClass = classes.map((c) => cw[String(c)] ?? 1);
    for (let r = 0; r < y.length; r++) rowClassWeight[r] = perClass[classIndex[r]];
  }
  if (sampleWeight !== undefined) for (let r = 0; r < y.length; r++) rowClassWeight[r] *= sampleWeight[r];
  return { binned, edges: binEdges.edges, classIndex, nClasses: classes.length, classes, rowClassWeight };
}

function assertSampleWeight(sampleWeight: ArrayLike<number>, nRows: number): void {
  if (sampleWeight.length !== nRows) throw new MlInputError(`sampleWeight has ${sampleWeight.length} values for ${nRows} rows`);
  let positive = 0;
  for (let r = 0; r < nRows; r++) {
    const w = sampleWeight[r];
    if (!(Number.isFinite(w) && w >= 0)) throw new MlInputError(`sampleWeight[${r}] must be a finite weight ≥ 0, got ${w}`);
    if (w > 0) positive++;
  }
  if (positive === 0) throw new MlInputError('sampleWeight is 0 for every row');
}

/** n / (nClasses present · count of the class); `counts` are bootstrap multiplicities or null for 1 each. */
function balancedWeights(classIndex: Uint8Array, counts: Uint32Array | null, nClasses: number): Float64Array {
  const perClass = new Float64Array(nClasses);
  let total = 0;
  for (let r = 0; r < classIndex.length; r++) {
    const c = counts ? counts[r] : 1;
    perClass[classIndex[r]] += c;
    total += c;
  }
  let present = 0;
  for (let k = 0; k < nClasses; k++) if (perClass[k] > 0) present++;
  for (let k = 0; k < nClasses; k++) perClass[k] = perClass[k] > 0 ? total / (present * perClass[k]) : 0;
  return perClass;
}

export function treeSeed(forestSeed: number, treeIndex: number): number {
  return deriveSeed(forestSeed, treeIndex);
}

/** Bootstrap multiplicity of each row for tree `treeIndex` (all ones without bootstrap). */
export function bootstrapCounts(options: ResolvedForestOptions, nRows: number, treeIndex: number): Uint32Array {
  const counts = new Uint32Array(nRows);
  if (!options.bootstrap) return counts.fill(1);
  // Its own stream, so the OOB pass can replay the draws without replaying the splits.
  const rng = new SeededRandom(deriveSeed(treeSeed(options.seed, treeIndex), 0));
  const draws = bootstrapSampleCount(options, nRows);
  for (let i = 0; i < draws; i++) counts[rng.nextInt(nRows)]++;
  return counts;
}

export function growForestTree(set: ForestTrainingSet, options: ResolvedForestOptions, treeIndex: number): DecisionTree {
  const { nRows, nFeatures } = set.binned;
  const counts = bootstrapCounts(options, nRows, treeIndex);
  const weights = new Float64Array(nRows);
  if (options.classWeight === 'balancedSubsample') {
    const perClass = balancedWeights(set.classIndex, counts, set.nClasses);
    for (let r = 0; r < nRows; r++) weights[r] = counts[r] * perClass[set.classIndex[r]] * set.rowClassWeight[r];
  } else {
    for (let r = 0; r < nRows; r++) weights[r] = counts[r] * set.rowClassWeight[r];
  }
  const params = resolveTreeParams(options, nRows, nFeatures);
  const rng = new SeededRandom(deriveSeed(treeSeed(options.seed, treeIndex), 1));
  return growTree(set, weights, params, rng);
}

/**
 * scikit-learn's `feature_importances_`: per-tree normalised mean decrease in impurity,
 * averaged over the trees that split at all, then normalised again.
 */
export function forestFeatureImportances(trees: readonly DecisionTree[], nFeatures: number): Float64Array {
  const sum = new Float64Array(nFeatures);
  let used = 0;
  for (const tree of trees) {
    if (tree.nNodes <= 1) continue;
    const importances = treeFeatureImportances(tree, nFeatures);
    for (let f = 0; f < nFeatures; f++) sum[f] += importances[f];
    used++;
  }
  if (used === 0) return sum;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) total += sum[f] / used;
  for (let f = 0; f < nFeatures; f++) sum[f] = total > 0 ? sum[f] / used / total : 0;
  return sum;
}

export interface OutOfBagResult {
  /** nRows × nClasses; NaN for a row that was in every tree's bootstrap sample. */
  probabilities: Float64Array;
  /** Accuracy over the rows that were out of bag at least once. */
  accuracy: number;
  /** Rows with at least one out-of-bag prediction. */
  nScoredRows: number;
}

/** Replays each tree's bootstrap draws and averages the trees that did not see the row. */
export function outOfBag(set: ForestTrainingSet, options: ResolvedForestOptions, trees: readonly DecisionTree[]): OutOfBagResult {
  const { nRows } = set.binned;
  const K = set.nClasses;
  const sums = new Float64Array(nRows * K);
  const seen = new Uint32Array(nRows);
  trees.forEach((tree, treeIndex) => {
    const counts = bootstrapCounts(options, nRows, treeIndex);
    for (let r = 0; r < nRows; r++) {
      if (counts[r] !== 0) continue;
      const leaf = findLeafBinned(tree, set.binned.codes, nRows, r);
      for (let k = 0; k < K; k++) sums[r * K + k] += tree.value[leaf * K + k];
      seen[r]++;
    }
  });
  let correct = 0;
  let scored = 0;
  for (let r = 0; r < nRows; r++) {
    if (seen[r] === 0) {
      for (let k = 0; k < K; k++) sums[r * K + k] = NaN;
      continue;
    }
    let best = 0;
    for (let k = 0; k < K; k++) {
      sums[r * K + k] /= seen[r];
      if (sums[r * K + k] > sums[r * K + best]) best = k;
    }
    scored++;
    if (best === set.classIndex[r]) correct++;
  }
  return { probabilities: sums, accuracy: scored > 0 ? correct / scored : NaN, nScoredRows: scored };
}


/** The fitted state from grown trees: the same whether the trees were grown on one thread or many. */
export function learnedState(set: ForestTrainingSet, options: ResolvedForestOptions, nFeatures: number, trees: DecisionTree[]): ForestLearnedState {
  const oob = options.oobScore ? outOfBag(set, options, trees) : null;
  return {
    classes: set.classes,
    nFeaturesIn: nFeatures,
    binEdges: set.edges,
    trees,
    featureImportances: forestFeatureImportances(trees, nFeatures),
    oobScore: oob?.accuracy ?? null,
    oobProbabilities: oob?.probabilities ?? null,
  };
}
