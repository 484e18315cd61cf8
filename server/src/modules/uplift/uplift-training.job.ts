import type { EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { ForestWorkerPool, RandomForestClassifier, selectRows, type FeatureMatrix } from '../../ml/forest/index.js';
import { evaluateUplift, saveUpliftModel, upliftTrainTestSplit, type ArmBalance, type FittedUpliftModel, type UpliftEvaluation } from '../../ml/uplift/index.js';
import type { FollowUp, JobHandler } from '../jobs/index.js';
import { activeModel, loadedForest, ModelVersionEntity, recordTrainedVersion, resolveTrainingParams, type TrainingParams } from '../models/index.js';
import { LEARNER_NAMES, createLearner, upliftForestOptions } from './uplift-learner.js';
import { loadUpliftData } from './uplift-data.js';

/** Below this many rows × trees the forests grow quicker in-process than on worker threads. */
const PARALLEL_WORK = 2_000_000;

/** What an uplift version stores as its `metrics`: the held-out evaluation and how it was made. */
export interface UpliftVersionMetrics {
  task: 'uplift';
  learner: TrainingParams['learner'];
  learnerName: string;
  target: TrainingParams['target'];
  trainingRows: number;
  testRows: number;
  /** Class transformation: the arms' balance and what was done about it (reweighted / none). */
  armBalance: ArmBalance | null;
  /** Which response ranking the learner is compared with: the active response model, or one fitted on the contacted training rows. */
  responseBaseline: string;
  evaluation: UpliftEvaluation;
}

/**
 * The response ranking the learner is compared with: the active response model's probabilities
 * on the held-out rows, or (no active one) a forest fitted on the contacted training rows with
 * the version's forest options, P(outcome | x, contacted) — what a response model trained on
 * these campaigns would be.
 */
async function responseScores(ctx: Parameters<JobHandler>[0], params: TrainingParams, XTrain: FeatureMatrix, tTrain: Float64Array, yTrain: Float64Array, XTest: FeatureMatrix): Promise<{ scores: Float64Array; name: string }> {
  const active = await activeModel(ctx.dataSource, 'response');
  if (active?.artefact) {
    const forest = loadedForest(ctx.dataSource, active);
    const positive = forest.classes.indexOf(1);
    return { scores: positive < 0 ? new Float64Array(XTest.nRows) : forest.predictPositiveProba(XTest, positive), name: `the active response model (v${active.version})` };
  }
  const treated = Int32Array.from(Array.from(tTrain.keys()).filter((i) => tTrain[i] === 1));
  const y = Float64Array.from(treated, (i) => yTrain[i]);
  const forest = new RandomForestClassifier({ ...upliftForestOptions(params), seed: params.hyperparameters.seed }).fit(selectRows(XTrain, treated), y);
  const positive = forest.classes.indexOf(1);
  return { scores: positive < 0 ? new Float64Array(XTest.nRows) : forest.predictPositiveProba(XTest, positive), name: 'a response forest fitted on the contacted training rows (no response model was active)' };
}

/**
 * Job 'uplift-training': outcomes with their arm → split stratified by arm × outcome → the chosen
 * meta-learner on the training part → Qini and uplift curves, both AUC normalisations and
 * uplift@k with bootstrap intervals on the held-out part, beside a random ranking and the
 * response model. The version row is written in the fenced completion transaction.
 */
export const upliftTrainingJob: JobHandler = async (ctx) => {
  const { dataSource } = ctx;
  const modelId = Number(ctx.job.payload?.modelId);
  const versions = dataSource.getRepository(ModelVersionEntity);
  const row = await versions.findOneBy({ id: modelId });
  if (!row) throw new AppError('NOT_FOUND', `model ${modelId} not found`);
  const params = resolveTrainingParams(row.params);
  if (params.kind !== 'uplift') throw new AppError('BAD_USER_INPUT', `model ${modelId} is a ${params.kind} model, not an uplift model`);
  await versions.update({ id: modelId }, { status: 'running' });

  ctx.progress(0, 100, 'loading outcomes with their arms');
  const data = await loadUpliftData(dataSource, params);
  ctx.checkpoint();
  const seed = params.hyperparameters.seed;
  const { train, test } = upliftTrainTestSplit(data.treatment, data.outcome, params.testFraction, seed);
  const pick = (values: Float64Array, rows: ArrayLike<number>) => Float64Array.from(rows, (i) => values[i]);
  const XTrain = selectRows(data.X, train), XTest = selectRows(data.X, test);
  const tTrain = pick(data.treatment, train), yTrain = pick(data.outcome, train);
  const tTest = pick(data.treatment, test), yTest = pick(data.outcome, test);

  const learner = createLearner(params);
  const pool = XTrain.nRows * params.hyperparameters.nEstimators >= PARALLEL_WORK ? new ForestWorkerPool({ threads: 2 }) : undefined;
  let model: FittedUpliftModel;
  try {
    ctx.progress(5, 100, `fitting the ${LEARNER_NAMES[params.learner]}`);
    model = await learner.fit(XTrain, tTrain, yTrain, {
      pool, onProgress: (e) => ctx.progress(5 + Math.round((e.done / Math.max(1, e.total)) * 70), 100, `${e.stage}: tree ${e.done}/${e.total}`),
    });
  } finally {
    await pool?.close();
  }
  ctx.checkpoint();
  ctx.progress(78, 100, 'fitting the response baseline');
  const response = await responseScores(ctx, params, XTrain, tTrain, yTrain, XTest);
  ctx.checkpoint();
  ctx.progress(85, 100, `evaluating (${params.bootstrapReplicates} bootstrap replicates)`);
  const evaluation = evaluateUplift(yTest, tTest, [
    { name: LEARNER_NAMES[params.learner], scores: model.predictUplift(XTest) },
    { name: 'response model', scores: response.scores },
  ], { baselines: ['response model'], bootstrap: { replicates: params.bootstrapReplicates, seed }, randomRanking: { seed }, kFractions: [0.1, 0.2, 0.3] });
  const metrics: UpliftVersionMetrics = {
    task: 'uplift', learner: params.learner, learnerName: LEARNER_NAMES[params.learner], target: params.target,
    trainingRows: train.length, testRows: test.length,
    armBalance: 'armBalance' in model ? (model as { armBalance: ArmBalance }).armBalance : null,
    responseBaseline: response.name, evaluation,
  };
  const artefact = JSON.stringify(saveUpliftModel(model));
  const followUp = ctx.job.payload?.followUp as FollowUp | undefined;
  const qini = evaluation.rankings[0].metrics.qiniAucScikitUplift;
  return {
    result: { modelId, kind: 'uplift', learner: params.learner, trainingRows: train.length, testRows: test.length, qiniAucScikitUplift: qini?.estimate ?? null },
    commit: async (manager: EntityManager) => {
      await recordTrainedVersion(manager, modelId, 'uplift', {
        windowStart: data.windowStart, windowEnd: data.windowEnd, trainingRows: train.length, testRows: test.length,
        dataSummary: { ...data.summary, armBalance: metrics.armBalance } as never, metrics: metrics as never, featureNames: data.featureNames, artefact,
      });
    },
    followUps: followUp ? [{ ...followUp, createdBy: 'pipeline' }] : [],
  };
};
