/**
 * T-learner ("two models"): one forest per arm predicts P(outcome | x) from that arm's rows; the
 * uplift is the difference of the two predictions. Simple and unbiased for a randomised campaign,
 * but each forest fits its arm's noise on its own, and the difference of two noisy probabilities
 * is noisier still when the effect is small compared with the response rate.
 */
import type { FeatureMatrix } from '../forest/feature-matrix.js';
import { loadForest, saveForest, type SerializedForest } from '../forest/forest-serialization.js';
import type { RandomForestClassifier } from '../forest/random-forest.js';
import {
  armData, assertFeatureCount, fitForest, forestOptions, learnerSeed, positiveProbability, SEED_STREAM, upliftTrainingSet,
  type TrainingSummary, type UpliftFitOptions, type UpliftForestOptions, type UpliftLearner,
} from './meta-learners.js';

export interface TLearnerOptions {
  /** Both arms' forests (UPLIFT_FOREST_DEFAULTS for what is not given). */
  forest?: UpliftForestOptions;
  /** Default 0. Both forests get deriveSeed(seed, 1). */
  seed?: number;
}

export interface TLearnerState {
  nFeaturesIn: number;
  treated: RandomForestClassifier;
  control: RandomForestClassifier;
  summary: TrainingSummary;
}

export interface SerializedTLearner {
  kind: 't-learner';
  params: TLearnerOptions;
  nFeaturesIn: number;
  summary: TrainingSummary;
  treated: SerializedForest;
  control: SerializedForest;
}

export class TLearner implements UpliftLearner {
  readonly kind = 't-learner' as const;
  readonly params: TLearnerOptions;
  private state: TLearnerState | null = null;

  constructor(options: TLearnerOptions = {}) {
    this.params = { seed: 0, ...options };
  }

  static fromLearnedState(params: TLearnerOptions, state: TLearnerState): TLearner {
    const model = new TLearner(params);
    model.state = state;
    return model;
  }

  async fit(X: FeatureMatrix, treatment: ArrayLike<number>, outcome: ArrayLike<number>, fitOptions: UpliftFitOptions = {}): Promise<this> {
    const set = upliftTrainingSet(X, treatment, outcome);
    const options = forestOptions(this.params.forest, learnerSeed(this.params.seed ?? 0, SEED_STREAM.outcome));
    const treatedArm = armData(set, set.treatedRows);
    const controlArm = armData(set, set.controlRows);
    const treated = await fitForest(options, treatedArm.X, treatedArm.y, 'outcome-treated', fitOptions);
    const control = await fitForest(options, controlArm.X, controlArm.y, 'outcome-control', fitOptions);
    this.state = { nFeaturesIn: X.nFeatures, treated, control, summary: set.summary };
    return this;
  }

  get learned(): Readonly<TLearnerState> {
    if (!this.state) throw new Error('TLearner is not fitted: call fit() first');
    return this.state;
  }

  get nFeaturesIn(): number {
    return this.learned.nFeaturesIn;
  }

  /** P(outcome | treated, x) and P(outcome | control, x) per row. */
  predictArms(X: FeatureMatrix): { treated: Float64Array; control: Float64Array } {
    assertFeatureCount(X, this.learned.nFeaturesIn);
    return { treated: positiveProbability(this.learned.treated, X), control: positiveProbability(this.learned.control, X) };
  }

  predictUplift(X: FeatureMatrix): Float64Array {
    const { treated, control } = this.predictArms(X);
    return treated.map((p, r) => p - control[r]);
  }

  toJSON(): SerializedTLearner {
    const { nFeaturesIn, summary, treated, control } = this.learned;
    return { kind: this.kind, params: { ...this.params }, nFeaturesIn, summary: { ...summary }, treated: saveForest(treated), control: saveForest(control) };
  }

  static fromJSON(saved: SerializedTLearner): TLearner {
    return TLearner.fromLearnedState(saved.params, { nFeaturesIn: saved.nFeaturesIn, summary: saved.summary, treated: loadForest(saved.treated), control: loadForest(saved.control) });
  }
}
