/**
 * Held-out evaluation of uplift rankings: for each ranking (a learner's predicted uplift, the
 * response model's scores, a random ranking…) the Qini and uplift AUCs under both common
 * normalisations and uplift@k, each with a seeded percentile bootstrap interval, plus paired
 * differences against baseline rankings on the same replicates. Plain JSON in and out, so a
 * model version can store it as it is.
 */
import { SeededRandom } from '../forest/random.js';
import { downsampleCurve, type CurvePoint } from '../evaluation/ranking-metrics.js';
import { invalidInput } from '../matrix.js';
import { causalmlScores } from './causalml-scores.js';
import { armRows, percentileInterval, replicateWeights, resolveBootstrap, type BootstrapOptions, type Interval, type ResolvedBootstrapOptions } from './uplift-bootstrap.js';
import { assertFraction, upliftAtK, type UpliftAtKStrategy } from './uplift-at-k.js';
import { upliftByGroup, type UpliftGroup } from './uplift-by-decile.js';
import { aucsScikitUplift, qiniCurve, upliftCurve } from './uplift-curves.js';
import { rankSample, upliftOutcomes, type RankedSample, type RowWeights } from './uplift-sample.js';

export interface Ranking {
  name: string;
  /** Higher = target first. */
  scores: ArrayLike<number>;
}

export interface UpliftEvaluationOptions {
  /** Default [0.1, 0.2, 0.3]. */
  kFractions?: number[];
  /** Default 'overall'. */
  upliftAtKStrategy?: UpliftAtKStrategy;
  bootstrap?: BootstrapOptions;
  /** Adds a ranking named 'random' (uniform scores from this seed) and compares every other ranking with it; false to leave it out. Default seed 0. */
  randomRanking?: { seed: number } | false;
  /** Names of rankings that serve as baselines (e.g. 'response'); every other ranking is compared with each. */
  baselines?: string[];
  /** Points per stored curve; default 200. */
  curvePoints?: number;
}

/**
 * Metric values of one ranking on one sample. Names say whose normalisation:
 *   qiniAucScikitUplift   scikit-uplift `qini_auc_score` (negative_effect=True): area above random / perfect area above random
 *   qiniAucCausalml       causalml `qini_score(normalize=True)`: mean of the Qini curve scaled to end at ±1, minus random's
 *   upliftAucScikitUplift scikit-uplift `uplift_auc_score`: as the Qini one, on the uplift curve
 *   upliftAucCausalml     causalml `auuc_score(normalize=True)`: mean of the cumulative gain scaled to end at ±1 (random ≈ ½)
 *   upliftAt10, …         uplift@k (scikit-uplift `uplift_at_k`), k in percent
 */
export type UpliftMetricValues = Record<string, number>;

export function metricNames(kFractions: readonly number[]): string[] {
  return ['qiniAucScikitUplift', 'qiniAucCausalml', 'upliftAucScikitUplift', 'upliftAucCausalml', ...kFractions.map(upliftAtKName)];
}

function upliftAtKName(k: number): string {
  return `upliftAt${Math.round(k * 1000) / 10}`;
}

export function upliftMetrics(sample: RankedSample, kFractions: readonly number[], strategy: UpliftAtKStrategy = 'overall', weights: RowWeights = null): UpliftMetricValues {
  const causalml = causalmlScores(sample, weights);
  const scikitUplift = aucsScikitUplift(sample, weights);
  const values: UpliftMetricValues = {
    qiniAucScikitUplift: scikitUplift.qini,
    qiniAucCausalml: causalml.qini,
    upliftAucScikitUplift: scikitUplift.uplift,
    upliftAucCausalml: causalml.auuc,
  };
  upliftAtK(sample, kFractions, strategy, weights).forEach((value, i) => (values[upliftAtKName(kFractions[i])] = value));
  return values;
}

export interface RankingEvaluation {
  name: string;
  metrics: Record<string, Interval>;
  /** scikit-uplift's curves, at most `curvePoints` points: x = rows targeted, y = curve value, threshold = score. */
  upliftCurve: CurvePoint[];
  qiniCurve: CurvePoint[];
  /** Realised uplift per score decile, best first (no interval; each decile has its standard error). */
  deciles: UpliftGroup[];
}

export interface RankingComparison {
  ranking: string;
  baseline: string;
  /** ranking's metric − baseline's metric, on the evaluation rows and on each replicate. */
  differences: Record<string, Interval>;
}

export interface UpliftEvaluation {
  nRows: number;
  nTreated: number;
  nControl: number;
  treatedRate: number;
  controlRate: number;
  /** treatedRate − controlRate: the campaign's average effect on these rows. */
  averageUplift: number;
  kFractions: number[];
  upliftAtKStrategy: UpliftAtKStrategy;
  bootstrap: ResolvedBootstrapOptions;
  randomSeed: number | null;
  rankings: RankingEvaluation[];
  comparisons: RankingComparison[];
}

/** Uniform scores in [0, 1) from `seed`, one per row (the 'random' ranking; the reference script draws the same). */
export function randomScores(nRows: number, seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  return Float64Array.from({ length: nRows }, () => rng.nextFloat());
}

export function evaluateUplift(outcome: ArrayLike<number>, treatment: ArrayLike<number>, rankings: Ranking[], options: UpliftEvaluationOptions = {}): UpliftEvaluation {
  const outcomes = upliftOutcomes(outcome, treatment);
  const nRows = outcomes.outcome.length;
  const kFractions = options.kFractions ?? [0.1, 0.2, 0.3];
  kFractions.forEach(assertFraction);
  const strategy = options.upliftAtKStrategy ?? 'overall';
  const bootstrap = resolveBootstrap(options.bootstrap);
  const random = options.randomRanking === undefined ? { seed: 0 } : options.randomRanking;
  const all = [...rankings];
  if (random) all.push({ name: 'random', scores: randomScores(nRows, random.seed) });
  const names = new Set<string>();
  for (const ranking of all) {
    if (names.has(ranking.name)) throw invalidInput(`ranking name '${ranking.name}' is used twice`);
    names.add(ranking.name);
  }
  const baselines = [...(options.baselines ?? []), ...(random ? ['random'] : [])];
  for (const name of baselines) if (!names.has(name)) throw invalidInput(`baseline '${name}' is not one of the rankings`);

  const samples = all.map((ranking) => rankSample(outcomes, ranking.scores, ranking.name));
  const metricKeys = metricNames(kFractions);
  const estimates = samples.map((sample) => upliftMetrics(sample, kFractions, strategy));
  // replicateValues[ranking][metric][b]
  const replicateValues = samples.map(() => metricKeys.map(() => new Float64Array(bootstrap.replicates)));
  const arms = armRows(outcomes);
  const weights = new Uint32Array(nRows);
  for (let b = 0; b < bootstrap.replicates; b++) {
    replicateWeights(arms, nRows, bootstrap.seed, b, weights);
    samples.forEach((sample, s) => {
      const values = upliftMetrics(sample, kFractions, strategy, weights);
      metricKeys.forEach((key, m) => (replicateValues[s][m][b] = values[key]));
    });
  }

  const curvePoints = options.curvePoints ?? 200;
  const evaluations: RankingEvaluation[] = samples.map((sample, s) => {
    const metrics: Record<string, Interval> = {};
    metricKeys.forEach((key, m) => (metrics[key] = percentileInterval(estimates[s][key], replicateValues[s][m], bootstrap.confidence)));
    const uplift = upliftCurve(sample);
    const qini = qiniCurve(sample);
    return {
      name: all[s].name,
      metrics,
      upliftCurve: downsampleCurve(uplift.x, uplift.y, uplift.thresholds, curvePoints),
      qiniCurve: downsampleCurve(qini.x, qini.y, qini.thresholds, curvePoints),
      deciles: upliftByGroup(sample, Math.min(10, nRows - 1)),
    };
  });

  const comparisons: RankingComparison[] = [];
  const indexOf = (name: string): number => all.findIndex((r) => r.name === name);
  for (let s = 0; s < all.length; s++) {
    if (baselines.includes(all[s].name)) continue;
    for (const baseline of baselines) {
      const t = indexOf(baseline);
      const differences: Record<string, Interval> = {};
      metricKeys.forEach((key, m) => {
        const diff = replicateValues[s][m].map((v, b) => v - replicateValues[t][m][b]);
        differences[key] = percentileInterval(estimates[s][key] - estimates[t][key], diff, bootstrap.confidence);
      });
      comparisons.push({ ranking: all[s].name, baseline, differences });
    }
  }

  let treatedResponders = 0;
  let controlResponders = 0;
  for (let row = 0; row < nRows; row++) {
    if (outcomes.treatment[row] === 1) treatedResponders += outcomes.outcome[row];
    else controlResponders += outcomes.outcome[row];
  }
  const treatedRate = treatedResponders / outcomes.nTreated;
  const controlRate = controlResponders / outcomes.nControl;
  return {
    nRows,
    nTreated: outcomes.nTreated,
    nControl: outcomes.nControl,
    treatedRate,
    controlRate,
    averageUplift: treatedRate - controlRate,
    kFractions: [...kFractions],
    upliftAtKStrategy: strategy,
    bootstrap,
    randomSeed: random ? random.seed : null,
    rankings: evaluations,
    comparisons,
  };
}
