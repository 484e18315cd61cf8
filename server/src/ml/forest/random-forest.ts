import { findLeaf, type DecisionTree } from './decision-tree.js';
import { assertFeatureMatrix, type FeatureMatrix, type Labels } from './feature-matrix.js';
import { withDefaults, type RandomForestOptions, type ResolvedForestOptions } from './forest-options.js';
import { predictProbaRows } from './forest-scoring.js';
import type { ForestLearnedState } from './forest-state.js';
import { growForestTree, learnedState, prepareTrainingSet } from './forest-training.js';
import { MlInputError } from '../errors.js';

export interface FitOptions {
  /** Called after each tree with (trees grown, nEstimators); the job layer turns it into progress rows. */
  onProgress?: (treesGrown: number, nEstimators: number) => void;
  /**
   * A finite weight ≥ 0 per training row (scikit-learn's `sample_weight`): it multiplies the
   * bootstrap count and the class weight in the split criterion and the leaf distributions.
   * A row of weight 0 takes no part; a row of weight 2 counts as the row twice (without bootstrap).
   */
  sampleWeight?: ArrayLike<number>;
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
    const set = prepareTrainingSet(X, y, this.params, fitOptions.sampleWeight);
    const trees: DecisionTree[] = [];
    for (let i = 0; i < this.params.nEstimators; i++) {
      trees.push(growForestTree(set, this.params, i));
      fitOptions.onProgress?.(i + 1, this.params.nEstimators);
    }
    this.state = learnedState(set, this.params, X.nFeatures, trees);
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
    if (X.nFeatures !== nFeaturesIn) throw new MlInputError(`model was trained on ${nFeaturesIn} features, got ${X.nFeatures}`);
    const out = new Float64Array(X.nRows * classes.length);
    predictProbaRows(this.learned, X.data, 0, X.nRows, out);
    return out;
  }

  /** Probability of `classes[positiveIndex]` per row (default: the larger label of a binary problem). */
  predictPositiveProba(X: FeatureMatrix, positiveIndex = 1): Float64Array {
    const K = this.learned.classes.length;
    if (positiveIndex < 0 || positiveIndex >= K) throw new MlInputError(`positiveIndex ${positiveIndex} out of range for ${K} classes`);
    const proba = this.predictProba(X);
    const out = new Float64Array(X.nRows);
    for (let r = 0; r < X.nRows; r++) out[r] = proba[r * K + positiveIndex];
    return out;
  }

  /** Class distribution for one row (lowest-latency path, no matrix allocation). */
  predictRowProba(row: ArrayLike<number>): Float64Array {
    const { trees, nFeaturesIn, classes } = this.learned;
    if (row.length !== nFeaturesIn) throw new MlInputError(`model was trained on ${nFeaturesIn} features, got ${row.length}`);
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
