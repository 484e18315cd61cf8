/**
 * X-learner (Künzel, Sekhon, Bickel & Yu 2019, "Metalearners for estimating heterogeneous
 * treatment effects using machine learning", PNAS 116(10)).
 *
 * 1. Outcome forests μ1 (treated rows) and μ0 (control rows), as the T-learner.
 * 2. Imputed effects: d = y − μ0(x) for a treated row, d = μ1(x) − y for a control row (μ clipped
 *    to [1e-6, 1 − 1e-6] so d is never exactly 0, which keeps the arm swap exact), and effect
 *    forests τ1 (on treated rows' d) and τ0 (on control rows' d), regressions on [−1, 1]
 *    (signed-target-forest.ts).
 * 3. τ(x) = e(x)·τ0(x) + (1 − e(x))·τ1(x), e the propensity P(treated | x): the effect learned on the
 *    arm whose imputations rest on the better-estimated outcome model gets more weight.
 *
 * Propensity: for a randomised campaign (Segmenta's own holdouts, Hillstrom) every customer had the
 * same chance of being treated, so the default is the constant treated share of the training rows,
 * nT/n — a fitted model would only add noise. `{ kind: 'constant', value }` gives the known
 * assignment rate instead. `{ kind: 'fitted' }` learns e(x) with a forest on the treatment flag,
 * for outcomes whose treatment was not randomised (e.g. an imported campaign that targeted some
 * customers on purpose); its two class probabilities are clipped to [clip, 1 − clip] (default
 * 0.01) and renormalised, so no customer's blend rests on an extreme estimate.
 */
import type { FeatureMatrix } from '../forest/feature-matrix.js';
import { loadForest, saveForest, type SerializedForest } from '../forest/forest-serialization.js';
import type { RandomForestClassifier } from '../forest/random-forest.js';
import { invalidInput } from '../matrix.js';
import {
  armData, assertFeatureCount, fitForest, forestOptions, learnerSeed, positiveProbability, SEED_STREAM, upliftTrainingSet,
  type TrainingSummary, type UpliftFitOptions, type UpliftForestOptions, type UpliftLearner,
} from './meta-learners.js';
import { fitSignedTargetForest, predictSignedTarget } from './signed-target-forest.js';

export type PropensityOptions = { kind: 'constant'; value?: number } | { kind: 'fitted'; forest?: UpliftForestOptions; clip?: number };

export interface XLearnerOptions {
  /** μ1 and μ0 (stage 1). */
  outcomeForest?: UpliftForestOptions;
  /** τ1 and τ0 (stage 2). */
  effectForest?: UpliftForestOptions;
  /** Default { kind: 'constant' } (the treated share of the training rows). */
  propensity?: PropensityOptions;
  /** Default 0: outcome forests deriveSeed(seed, 1), effect forests deriveSeed(seed, 2), propensity deriveSeed(seed, 3). */
  seed?: number;
}

/** e(x) as learned: a constant pair of weights, or a forest. */
export type LearnedPropensity = { kind: 'constant'; treated: number; control: number } | { kind: 'fitted'; clip: number; forest: RandomForestClassifier };

export interface XLearnerState {
  nFeaturesIn: number;
  outcomeTreated: RandomForestClassifier;
  outcomeControl: RandomForestClassifier;
  effectTreated: RandomForestClassifier;
  effectControl: RandomForestClassifier;
  propensity: LearnedPropensity;
  summary: TrainingSummary;
}

export interface SerializedXLearner {
  kind: 'x-learner';
  params: XLearnerOptions;
  nFeaturesIn: number;
  summary: TrainingSummary;
  outcomeTreated: SerializedForest;
  outcomeControl: SerializedForest;
  effectTreated: SerializedForest;
  effectControl: SerializedForest;
  propensity: { kind: 'constant'; treated: number; control: number } | { kind: 'fitted'; clip: number; forest: SerializedForest };
}

const OUTCOME_CLIP = 1e-6;
const clipOutcome = (p: number): number => Math.min(1 - OUTCOME_CLIP, Math.max(OUTCOME_CLIP, p));

export class XLearner implements UpliftLearner {
  readonly kind = 'x-learner' as const;
  readonly params: XLearnerOptions;
  private state: XLearnerState | null = null;

  constructor(options: XLearnerOptions = {}) {
    this.params = { seed: 0, propensity: { kind: 'constant' }, ...options };
    const propensity = this.params.propensity!;
    if (propensity.kind === 'constant' && propensity.value !== undefined && !(propensity.value > 0 && propensity.value < 1)) {
      throw invalidInput(`propensity value must be in (0, 1), got ${propensity.value}`);
    }
    if (propensity.kind === 'fitted' && propensity.clip !== undefined && !(propensity.clip >= 0 && propensity.clip < 0.5)) {
      throw invalidInput(`propensity clip must be in [0, 0.5), got ${propensity.clip}`);
    }
    if (propensity.kind !== 'constant' && propensity.kind !== 'fitted') throw invalidInput(`propensity kind must be 'constant' or 'fitted'`);
  }

  static fromLearnedState(params: XLearnerOptions, state: XLearnerState): XLearner {
    const model = new XLearner(params);
    model.state = state;
    return model;
  }

  async fit(X: FeatureMatrix, treatment: ArrayLike<number>, outcome: ArrayLike<number>, fitOptions: UpliftFitOptions = {}): Promise<this> {
    const set = upliftTrainingSet(X, treatment, outcome);
    const seed = this.params.seed ?? 0;
    const outcomeOptions = forestOptions(this.params.outcomeForest, learnerSeed(seed, SEED_STREAM.outcome));
    const treatedArm = armData(set, set.treatedRows);
    const controlArm = armData(set, set.controlRows);
    const outcomeTreated = await fitForest(outcomeOptions, treatedArm.X, treatedArm.y, 'outcome-treated', fitOptions);
    const outcomeControl = await fitForest(outcomeOptions, controlArm.X, controlArm.y, 'outcome-control', fitOptions);

    // Imputed effects: what the treated gained over their predicted control outcome, and what the
    // control rows missed against their predicted treated outcome.
    const controlOnTreated = positiveProbability(outcomeControl, treatedArm.X);
    const treatedOnControl = positiveProbability(outcomeTreated, controlArm.X);
    const imputedTreated = new Float64Array(treatedArm.y.length);
    for (let i = 0; i < imputedTreated.length; i++) imputedTreated[i] = treatedArm.y[i] - clipOutcome(controlOnTreated[i]);
    const imputedControl = new Float64Array(controlArm.y.length);
    for (let i = 0; i < imputedControl.length; i++) imputedControl[i] = clipOutcome(treatedOnControl[i]) - controlArm.y[i];
    const effectOptions = forestOptions(this.params.effectForest, learnerSeed(seed, SEED_STREAM.effect));
    const effectTreated = await fitSignedTargetForest(effectOptions, treatedArm.X, imputedTreated, 'effect-treated', fitOptions);
    const effectControl = await fitSignedTargetForest(effectOptions, controlArm.X, imputedControl, 'effect-control', fitOptions);

    const spec = this.params.propensity!;
    let propensity: LearnedPropensity;
    if (spec.kind === 'constant') {
      // Counts, not 1 − share, so exchanging the arms exchanges the two weights exactly.
      propensity = spec.value !== undefined
        ? { kind: 'constant', treated: spec.value, control: 1 - spec.value }
        : { kind: 'constant', treated: set.nTreated / X.nRows, control: set.nControl / X.nRows };
    } else {
      const options = forestOptions(spec.forest, learnerSeed(seed, SEED_STREAM.propensity));
      propensity = { kind: 'fitted', clip: spec.clip ?? 0.01, forest: await fitForest(options, X, set.treatment, 'propensity', fitOptions) };
    }
    this.state = { nFeaturesIn: X.nFeatures, outcomeTreated, outcomeControl, effectTreated, effectControl, propensity, summary: set.summary };
    return this;
  }

  get learned(): Readonly<XLearnerState> {
    if (!this.state) throw new Error('XLearner is not fitted: call fit() first');
    return this.state;
  }

  get nFeaturesIn(): number {
    return this.learned.nFeaturesIn;
  }

  /** e(x) and 1 − e(x) per row (the weights of τ0 and τ1). */
  predictPropensity(X: FeatureMatrix): { treated: Float64Array; control: Float64Array } {
    assertFeatureCount(X, this.learned.nFeaturesIn);
    const p = this.learned.propensity;
    if (p.kind === 'constant') return { treated: new Float64Array(X.nRows).fill(p.treated), control: new Float64Array(X.nRows).fill(p.control) };
    const proba = p.forest.predictProba(X);
    const treated = new Float64Array(X.nRows);
    const control = new Float64Array(X.nRows);
    const clip = (v: number): number => Math.min(1 - p.clip, Math.max(p.clip, v));
    for (let r = 0; r < X.nRows; r++) {
      const t = clip(proba[2 * r + 1]);
      const c = clip(proba[2 * r]);
      treated[r] = t / (t + c);
      control[r] = c / (c + t);
    }
    return { treated, control };
  }

  /** The two stage-2 estimates per row: τ1 (from treated rows) and τ0 (from control rows). */
  predictEffects(X: FeatureMatrix): { fromTreated: Float64Array; fromControl: Float64Array } {
    assertFeatureCount(X, this.learned.nFeaturesIn);
    return { fromTreated: predictSignedTarget(this.learned.effectTreated, X), fromControl: predictSignedTarget(this.learned.effectControl, X) };
  }

  predictUplift(X: FeatureMatrix): Float64Array {
    const { fromTreated, fromControl } = this.predictEffects(X);
    const e = this.predictPropensity(X);
    return fromControl.map((tau0, r) => e.treated[r] * tau0 + e.control[r] * fromTreated[r]);
  }

  toJSON(): SerializedXLearner {
    const s = this.learned;
    const propensity = s.propensity.kind === 'constant' ? { ...s.propensity } : { kind: 'fitted' as const, clip: s.propensity.clip, forest: saveForest(s.propensity.forest) };
    return {
      kind: this.kind,
      params: structuredClone(this.params),
      nFeaturesIn: s.nFeaturesIn,
      summary: { ...s.summary },
      outcomeTreated: saveForest(s.outcomeTreated),
      outcomeControl: saveForest(s.outcomeControl),
      effectTreated: saveForest(s.effectTreated),
      effectControl: saveForest(s.effectControl),
      propensity,
    };
  }

  static fromJSON(saved: SerializedXLearner): XLearner {
    const p = saved.propensity;
    return XLearner.fromLearnedState(saved.params, {
      nFeaturesIn: saved.nFeaturesIn,
      summary: saved.summary,
      outcomeTreated: loadForest(saved.outcomeTreated),
      outcomeControl: loadForest(saved.outcomeControl),
      effectTreated: loadForest(saved.effectTreated),
      effectControl: loadForest(saved.effectControl),
      propensity: p.kind === 'constant' ? { ...p } : { kind: 'fitted', clip: p.clip, forest: loadForest(p.forest) },
    });
  }
}
