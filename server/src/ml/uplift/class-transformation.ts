/**
 * Class transformation (Jaskowski & Jaroszewicz 2012, "Uplift modeling for clinical trial data";
 * scikit-uplift's ClassTransformation): z = 1 for a treated responder or a control non-responder,
 * else 0. When P(treated | x) = ½, P(z = 1 | x) = ½·P(y | t=1, x) + ½·(1 − P(y | t=0, x)), so
 * uplift(x) = 2·P(z = 1 | x) − 1 — one forest instead of two.
 *
 * The identity needs balanced arms. With a treated share p within `balanceTolerance` of ½ (default
 * 0.05) the rows are used as they are. Otherwise, by `whenUnbalanced`:
 *   'reweight' (default) — treated rows weigh n/(2·nT) and control rows n/(2·nC) in the forest,
 *                          which makes the weighted arms equal (exact for a randomised campaign);
 *   'refuse'             — fit throws a BAD_USER_INPUT error whose details carry the diagnostic.
 * Either way `armBalance` (and `checkArmBalance` before training) says what was found and done.
 */
import type { FeatureMatrix } from '../forest/feature-matrix.js';
import { loadForest, saveForest, type SerializedForest } from '../forest/forest-serialization.js';
import type { RandomForestClassifier } from '../forest/random-forest.js';
import { invalidInput } from '../matrix.js';
import {
  assertFeatureCount, fitForest, forestOptions, learnerSeed, SEED_STREAM, upliftTrainingSet,
  type TrainingSummary, type UpliftFitOptions, type UpliftForestOptions, type UpliftLearner,
} from './meta-learners.js';

export interface ClassTransformationOptions {
  forest?: UpliftForestOptions;
  /** Largest |treated share − ½| treated as balanced; default 0.05. */
  balanceTolerance?: number;
  /** Default 'reweight'. */
  whenUnbalanced?: 'reweight' | 'refuse';
  /** Default 0; the forest gets deriveSeed(seed, 1). */
  seed?: number;
}

export interface ArmBalance {
  nTreated: number;
  nControl: number;
  treatedShare: number;
  tolerance: number;
  balanced: boolean;
  /** 'none' (balanced), 'reweighted' or 'refused'. */
  action: 'none' | 'reweighted' | 'refused';
  /** Forest weight of each treated / control row (1 and 1 unless reweighted). */
  treatedWeight: number;
  controlWeight: number;
  message: string;
}

export function checkArmBalance(nTreated: number, nControl: number, tolerance = 0.05, whenUnbalanced: 'reweight' | 'refuse' = 'reweight'): ArmBalance {
  if (!(tolerance >= 0 && tolerance < 0.5)) throw invalidInput(`balanceTolerance must be in [0, 0.5), got ${tolerance}`);
  const n = nTreated + nControl;
  const treatedShare = nTreated / n;
  const balanced = Math.abs(treatedShare - 0.5) <= tolerance;
  const share = `${(100 * treatedShare).toFixed(1)} % of the ${n} training rows are treated`;
  if (balanced) return { nTreated, nControl, treatedShare, tolerance, balanced, action: 'none', treatedWeight: 1, controlWeight: 1, message: `${share}: balanced within ±${tolerance}, rows used as they are` };
  if (whenUnbalanced === 'refuse') {
    return { nTreated, nControl, treatedShare, tolerance, balanced, action: 'refused', treatedWeight: 1, controlWeight: 1, message: `${share}: the class transformation needs balanced arms (±${tolerance} of ½); refused` };
  }
  const treatedWeight = n / (2 * nTreated);
  const controlWeight = n / (2 * nControl);
  return {
    nTreated, nControl, treatedShare, tolerance, balanced, action: 'reweighted', treatedWeight, controlWeight,
    message: `${share}: unbalanced beyond ±${tolerance} of ½; treated rows weighted ${treatedWeight.toFixed(4)} and control rows ${controlWeight.toFixed(4)} so the arms weigh the same`,
  };
}

export interface ClassTransformationState {
  nFeaturesIn: number;
  forest: RandomForestClassifier;
  armBalance: ArmBalance;
  summary: TrainingSummary;
}

export interface SerializedClassTransformation {
  kind: 'class-transformation';
  params: ClassTransformationOptions;
  nFeaturesIn: number;
  summary: TrainingSummary;
  armBalance: ArmBalance;
  forest: SerializedForest;
}

export class ClassTransformation implements UpliftLearner {
  readonly kind = 'class-transformation' as const;
  readonly params: ClassTransformationOptions;
  private state: ClassTransformationState | null = null;

  constructor(options: ClassTransformationOptions = {}) {
    this.params = { seed: 0, balanceTolerance: 0.05, whenUnbalanced: 'reweight', ...options };
    if (this.params.whenUnbalanced !== 'reweight' && this.params.whenUnbalanced !== 'refuse') {
      throw invalidInput(`whenUnbalanced must be 'reweight' or 'refuse', got ${String(this.params.whenUnbalanced)}`);
    }
  }

  static fromLearnedState(params: ClassTransformationOptions, state: ClassTransformationState): ClassTransformation {
    const model = new ClassTransformation(params);
    model.state = state;
    return model;
  }

  async fit(X: FeatureMatrix, treatment: ArrayLike<number>, outcome: ArrayLike<number>, fitOptions: UpliftFitOptions = {}): Promise<this> {
    const set = upliftTrainingSet(X, treatment, outcome);
    const armBalance = checkArmBalance(set.nTreated, set.nControl, this.params.balanceTolerance, this.params.whenUnbalanced);
    if (armBalance.action === 'refused') throw invalidInput(armBalance.message, { armBalance });
    const transformed = set.outcome.map((y, row) => (y === set.treatment[row] ? 1 : 0));
    const weights = armBalance.action === 'reweighted'
      ? Float64Array.from(set.treatment, (t) => (t === 1 ? armBalance.treatedWeight : armBalance.controlWeight))
      : undefined;
    const options = forestOptions(this.params.forest, learnerSeed(this.params.seed ?? 0, SEED_STREAM.outcome));
    const forest = await fitForest(options, X, transformed, 'class-transformation', fitOptions, weights);
    this.state = { nFeaturesIn: X.nFeatures, forest, armBalance, summary: set.summary };
    return this;
  }

  get learned(): Readonly<ClassTransformationState> {
    if (!this.state) throw new Error('ClassTransformation is not fitted: call fit() first');
    return this.state;
  }

  get nFeaturesIn(): number {
    return this.learned.nFeaturesIn;
  }

  get armBalance(): ArmBalance {
    return this.learned.armBalance;
  }

  /** 2·P(z = 1 | x) − 1, computed as P(z = 1) − P(z = 0) (the same up to rounding, and exactly antisymmetric when the arms are exchanged). */
  predictUplift(X: FeatureMatrix): Float64Array {
    assertFeatureCount(X, this.learned.nFeaturesIn);
    const { forest } = this.learned;
    if (forest.classes.length === 1) return new Float64Array(X.nRows).fill(forest.classes[0] === 1 ? 1 : -1);
    const proba = forest.predictProba(X);
    const out = new Float64Array(X.nRows);
    for (let r = 0; r < X.nRows; r++) out[r] = proba[2 * r + 1] - proba[2 * r];
    return out;
  }

  toJSON(): SerializedClassTransformation {
    const s = this.learned;
    return { kind: this.kind, params: { ...this.params }, nFeaturesIn: s.nFeaturesIn, summary: { ...s.summary }, armBalance: { ...s.armBalance }, forest: saveForest(s.forest) };
  }

  static fromJSON(saved: SerializedClassTransformation): ClassTransformation {
    return ClassTransformation.fromLearnedState(saved.params, { nFeaturesIn: saved.nFeaturesIn, summary: saved.summary, armBalance: saved.armBalance, forest: loadForest(saved.forest) });
  }
}
