/**
 * What the uplift meta-learners (T-learner, X-learner, class transformation) share: options,
 * training-data checks, seeding, forest fitting on one thread or a worker pool, and the model
 * interface. Each learner follows scikit-learn's estimator contract like the forest: options in
 * the constructor, `fit` resolves to the fitted learner, learned state in named read-only fields,
 * `toJSON()` for storage (see uplift-model-io.ts to load).
 *
 * Outcomes are binary (responded / converted); the treatment flag is 1 for customers who got the
 * message and 0 for the control group. Uplift = P(outcome | treated) − P(outcome | control).
 */
import { deriveSeed } from '../forest/random.js';
import { selectRows, type FeatureMatrix } from '../forest/feature-matrix.js';
import type { RandomForestOptions } from '../forest/forest-options.js';
import type { ForestWorkerPool } from '../forest/parallel-forest.js';
import { RandomForestClassifier } from '../forest/random-forest.js';
import { invalidInput } from '../matrix.js';
import type { ProgressCallback } from '../progress.js';
import { upliftOutcomes, type UpliftOutcomes } from './uplift-sample.js';

/** Forest hyperparameters of a learner's forests; their seeds come from the learner's `seed`. */
export type UpliftForestOptions = Omit<RandomForestOptions, 'seed' | 'oobScore'>;

/**
 * Uplift is a small difference of two noisy rates, so the forests default to shallower trees
 * with larger leaves than the response model's (each leaf ≥ 0.5 % of the rows it is fitted on).
 */
export const UPLIFT_FOREST_DEFAULTS: UpliftForestOptions = { nEstimators: 100, maxDepth: 8, minSamplesLeaf: 0.005 };

export interface UpliftFitOptions {
  /** Grows the trees on these worker threads; the fitted model is identical to a single-thread fit. */
  pool?: ForestWorkerPool;
  /** One event per grown tree: stage = which forest ('outcome-treated', 'effect-control', …), done/total trees. */
  onProgress?: ProgressCallback;
}

export type UpliftModelKind = 't-learner' | 'x-learner' | 'class-transformation';

/** Training figures every learner keeps (counts and observed rates per arm). */
export interface TrainingSummary {
  nRows: number;
  nTreated: number;
  nControl: number;
  treatedShare: number;
  treatedRate: number;
  controlRate: number;
}

export interface UpliftModel {
  readonly kind: UpliftModelKind;
  readonly nFeaturesIn: number;
  /** Predicted uplift per row, in [−1, 1]: P(outcome | treated, x) − P(outcome | control, x). */
  predictUplift(X: FeatureMatrix): Float64Array;
  toJSON(): unknown;
}

/** A learner before and after `fit` (every class here: TLearner, XLearner, ClassTransformation). */
export interface UpliftLearner extends UpliftModel {
  fit(X: FeatureMatrix, treatment: ArrayLike<number>, outcome: ArrayLike<number>, fitOptions?: UpliftFitOptions): Promise<this>;
}

/** Seed streams of a learner: the same kind of forest gets the same seed in both arms (see docs/uplift.md: swapping arms negates the uplift exactly). */
export const SEED_STREAM = { outcome: 1, effect: 2, propensity: 3 } as const;

export function learnerSeed(seed: number, stream: number): number {
  if (!Number.isInteger(seed)) throw invalidInput(`seed must be an integer, got ${seed}`);
  return deriveSeed(seed, stream);
}

export interface UpliftTrainingSet extends UpliftOutcomes {
  X: FeatureMatrix;
  treatedRows: Int32Array;
  controlRows: Int32Array;
  summary: TrainingSummary;
}

export function upliftTrainingSet(X: FeatureMatrix, treatment: ArrayLike<number>, outcome: ArrayLike<number>): UpliftTrainingSet {
  if (X.data.length !== X.nRows * X.nFeatures) throw invalidInput(`feature matrix has ${X.data.length} values, expected ${X.nRows} × ${X.nFeatures}`);
  if (treatment.length !== X.nRows) throw invalidInput(`treatment has ${treatment.length} values for ${X.nRows} rows`);
  const outcomes = upliftOutcomes(outcome, treatment);
  const treatedRows = new Int32Array(outcomes.nTreated);
  const controlRows = new Int32Array(outcomes.nControl);
  let t = 0;
  let c = 0;
  let treatedResponders = 0;
  let controlResponders = 0;
  for (let row = 0; row < X.nRows; row++) {
    if (outcomes.treatment[row] === 1) {
      treatedRows[t++] = row;
      treatedResponders += outcomes.outcome[row];
    } else {
      controlRows[c++] = row;
      controlResponders += outcomes.outcome[row];
    }
  }
  if (Math.min(t, c) < 2) throw invalidInput(`each arm needs at least 2 training rows, got ${t} treated and ${c} control`);
  return {
    ...outcomes,
    X,
    treatedRows,
    controlRows,
    summary: {
      nRows: X.nRows,
      nTreated: t,
      nControl: c,
      treatedShare: t / X.nRows,
      treatedRate: treatedResponders / t,
      controlRate: controlResponders / c,
    },
  };
}

/** The rows of one arm: features and outcomes. */
export function armData(set: UpliftTrainingSet, rows: Int32Array): { X: FeatureMatrix; y: Uint8Array } {
  return { X: selectRows(set.X, rows), y: Uint8Array.from(rows, (row) => set.outcome[row]) };
}

/** Fits one forest on the pool when given (same model either way), reporting progress under `stage`. */
export async function fitForest(
  options: RandomForestOptions,
  X: FeatureMatrix,
  y: ArrayLike<number>,
  stage: string,
  fitOptions: UpliftFitOptions,
  sampleWeight?: ArrayLike<number>,
): Promise<RandomForestClassifier> {
  const onProgress = fitOptions.onProgress ? (done: number, total: number) => fitOptions.onProgress!({ stage, done, total }) : undefined;
  if (fitOptions.pool) return fitOptions.pool.fit(options, X, y, { onProgress, sampleWeight });
  return new RandomForestClassifier(options).fit(X, y, { onProgress, sampleWeight });
}

/**
 * P(outcome = 1) per row. An arm whose training outcomes were all 0 (or all 1) gives a forest
 * with one class, which predicts that class with certainty.
 */
export function positiveProbability(forest: RandomForestClassifier, X: FeatureMatrix): Float64Array {
  const classes = forest.classes;
  if (classes.length === 1) return new Float64Array(X.nRows).fill(classes[0] === 1 ? 1 : 0);
  return forest.predictPositiveProba(X, classes.indexOf(1));
}

export function assertFeatureCount(X: FeatureMatrix, nFeaturesIn: number): void {
  if (X.nFeatures !== nFeaturesIn) throw invalidInput(`uplift model was trained on ${nFeaturesIn} features, got ${X.nFeatures}`);
}

export function forestOptions(user: UpliftForestOptions | undefined, seed: number): RandomForestOptions {
  return { ...UPLIFT_FOREST_DEFAULTS, ...(user ?? {}), seed };
}
