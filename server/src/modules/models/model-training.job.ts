import type { EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { crossValidate, rocAuc, stratifiedKFold, stratifiedTrainTestSplit, type CrossValidationModel } from '../../ml/evaluation/index.js';
import { fitRandomForestParallel, RandomForestClassifier, saveForest, selectRows, type FeatureMatrix } from '../../ml/forest/index.js';
import { JobEntity, type FollowUp, type JobHandler } from '../jobs/index.js';
import { evaluateModel, type CrossValidationSummary } from './model-evaluation.js';
import { forestOptions, resolveTrainingParams, type TrainingParams } from './model.params.js';
import { ModelVersionEntity } from './model-version.entity.js';
import { recordTrainedVersion } from './model.service.js';
import { loadTrainingData } from './training-data.js';

/** Below this many rows × trees a fit is quicker in-process than paying for worker start-up. */
const PARALLEL_WORK = 2_000_000;

function fit(params: TrainingParams, X: FeatureMatrix, y: Float64Array, onProgress?: (done: number, total: number) => void): Promise<RandomForestClassifier> {
  const options = forestOptions(params.hyperparameters);
  if (X.nRows * params.hyperparameters.nEstimators < PARALLEL_WORK) return Promise.resolve(new RandomForestClassifier(options).fit(X, y, { onProgress }));
  return fitRandomForestParallel(options, X, y, { onProgress });
}

/** k-fold CV on the training rows: ROC AUC for a binary model, accuracy otherwise. */
async function crossValidation(params: TrainingParams, X: FeatureMatrix, y: Float64Array, binary: boolean): Promise<CrossValidationSummary | null> {
  if (params.cvFolds === 0) return null;
  const folds = stratifiedKFold(y, params.cvFolds, params.hyperparameters.seed);
  const createModel = (): CrossValidationModel => {
    let model: RandomForestClassifier | null = null;
    return {
      fit: async (Xf, yf) => { model = await fit(params, Xf, yf); },
      predictScores: (Xf) => (binary ? model!.predictPositiveProba(Xf) : model!.predict(Xf)),
    };
  };
  const metric = binary ? 'rocAuc' : 'accuracy';
  const result = await crossValidate(createModel, X, y, folds, {
    [metric]: binary ? (labels, scores) => rocAuc(labels, scores) : (labels, predicted) => labels.reduce((hits, v, i) => hits + (v === predicted[i] ? 1 : 0), 0) / labels.length,
  });
  return { folds: params.cvFolds, metric, mean: result.mean[metric], std: result.std[metric], perFold: result.perFold.map((r) => r[metric]) };
}

/**
 * Job 'model-training': data → stratified split → k-fold CV on the training part → fit on the
 * training part → evaluation on the held-out part. The stored forest is the one evaluated. The
 * version number is assigned, and everything written, in the fenced completion transaction.
 */
export const modelTrainingJob: JobHandler = async (ctx) => {
  const { dataSource } = ctx;
  const versions = dataSource.getRepository(ModelVersionEntity);
  // A chain (the refresh) queues the job with parameters only: its version row is made now.
  if (!ctx.job.payload?.modelId) {
    const params = resolveTrainingParams((ctx.job.payload?.params ?? {}) as Record<string, unknown>);
    const created = await versions.save(versions.create({ kind: params.kind, version: null, status: 'queued', params, jobId: ctx.job.id, createdBy: ctx.job.createdBy, createdAt: new Date() }));
    ctx.job.payload = { ...ctx.job.payload, modelId: created.id };
    await dataSource.getRepository(JobEntity).update({ id: ctx.job.id }, { payload: ctx.job.payload as never });
  }
  const modelId = Number(ctx.job.payload?.modelId);
  const row = await versions.findOneBy({ id: modelId });
  if (!row) throw new AppError('NOT_FOUND', `model ${modelId} not found`);
  const params = resolveTrainingParams(row.params);
  await versions.update({ id: modelId }, { status: 'running' });

  ctx.progress(0, 100, 'loading training data');
  const data = await loadTrainingData(dataSource, params);
  ctx.checkpoint();
  const { train, test } = stratifiedTrainTestSplit(data.y, params.testFraction, params.hyperparameters.seed);
  const XTrain = selectRows(data.X, train);
  const yTrain = Float64Array.from(train, (i) => data.y[i]);
  const XTest = selectRows(data.X, test);
  const yTest = Float64Array.from(test, (i) => data.y[i]);
  const binary = new Set(data.y).size === 2;

  ctx.progress(10, 100, `cross-validating (${params.cvFolds} folds)`);
  const cv = await crossValidation(params, XTrain, yTrain, binary);
  ctx.checkpoint();
  ctx.progress(40, 100, 'fitting the forest');
  const model = await fit(params, XTrain, yTrain, (done, total) => ctx.progress(40 + Math.round((done / total) * 40), 100, `tree ${done}/${total}`));
  ctx.checkpoint();
  ctx.progress(85, 100, 'evaluating');
  const metrics = evaluateModel({
    model, featureNames: data.featureNames, classNames: model.classes.map((c) => data.classNames.get(c) ?? String(c)),
    XTest, yTest, trainingRows: train.length, threshold: params.threshold, permutationRepeats: params.permutationRepeats,
    seed: params.hyperparameters.seed, crossValidation: cv,
  });
  const artefact = JSON.stringify(saveForest(model));
  const followUp = ctx.job.payload?.followUp as FollowUp | undefined;

  return {
    result: { modelId, kind: params.kind, trainingRows: train.length, testRows: test.length, rocAuc: metrics.rocAuc, accuracy: metrics.accuracy },
    commit: async (manager: EntityManager) => {
      await recordTrainedVersion(manager, modelId, params.kind, {
        windowStart: data.windowStart, windowEnd: data.windowEnd, trainingRows: train.length, testRows: test.length,
        segmentationRunId: data.segmentationRunId, dataSummary: data.summary as never, metrics: metrics as never, featureNames: data.featureNames,
        featureEncoding: data.encoding as never, artefact,
      });
    },
    // A pipeline (the demo: train, then score) starts its next job once this one has succeeded.
    followUps: followUp ? [{ ...followUp, createdBy: 'pipeline' }] : [],
  };
};
