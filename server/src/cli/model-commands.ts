import { TRAINING_DEFAULTS as T } from '@segmenta/shared';
import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import { activateModel, getModel, startScoring, startTraining, type ModelKind, type TrainingInput } from '../modules/models/index.js';
import type { ModelEvaluation } from '../modules/models/index.js';
import { JobEntity } from '../modules/jobs/index.js';
import type { Command, CommandContext } from './command.types.js';
import { progressLine, runJobHere } from './run-job.js';

const TRAIN_OPTIONS = {
  kind: { type: 'string' }, trees: { type: 'string' }, 'max-depth': { type: 'string' }, 'min-samples-leaf': { type: 'string' },
  'max-features': { type: 'string' }, 'class-weight': { type: 'string' }, 'no-bootstrap': { type: 'boolean' }, seed: { type: 'string' },
  'test-fraction': { type: 'string' }, folds: { type: 'string' }, threshold: { type: 'string' }, target: { type: 'string' },
  'sent-from': { type: 'string' }, 'sent-to': { type: 'string' }, campaigns: { type: 'string' }, activate: { type: 'boolean' },
} as const;

function number(values: Record<string, unknown>, key: string): number | undefined {
  const value = values[key];
  if (typeof value !== 'string') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new AppError('BAD_USER_INPUT', `--${key} must be a number, got "${value}"`);
  return parsed;
}

function trainingInput(values: Record<string, unknown>): TrainingInput {
  const kind = values.kind;
  if (kind !== 'response' && kind !== 'segment') throw new AppError('BAD_USER_INPUT', 'usage: segmenta train --kind response|segment [...]');
  const maxFeatures = values['max-features'] as string | undefined;
  const classWeight = values['class-weight'] as string | undefined;
  const maxDepth = number(values, 'max-depth');
  return {
    kind, testFraction: number(values, 'test-fraction'), cvFolds: number(values, 'folds'), threshold: number(values, 'threshold'),
    target: values.target as TrainingInput['target'], sentFrom: values['sent-from'] as string | undefined, sentTo: values['sent-to'] as string | undefined,
    campaigns: typeof values.campaigns === 'string' ? values.campaigns.split(',').map((c) => c.trim()).filter(Boolean) : undefined,
    hyperparameters: {
      nEstimators: number(values, 'trees'), maxDepth: maxDepth === 0 ? null : maxDepth, minSamplesLeaf: number(values, 'min-samples-leaf'),
      maxFeatures: maxFeatures === undefined ? undefined : /^\d+$/.test(maxFeatures) ? Number(maxFeatures) : (maxFeatures as 'sqrt'),
      classWeight: classWeight === undefined ? undefined : classWeight === 'none' ? null : (classWeight as 'balanced'),
      bootstrap: values['no-bootstrap'] ? false : undefined, seed: number(values, 'seed'),
    },
  };
}

/** The headline figures of an evaluation (the full one is in the API). */
function headline(m: ModelEvaluation | null) {
  if (!m) return null;
  return {
    task: m.task, trainingRows: m.trainingRows, testRows: m.testRows, accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1,
    rocAuc: m.rocAuc, prAuc: m.prAuc, logLoss: m.logLoss, oobScore: m.oobScore, crossValidation: m.crossValidation,
    topFeatures: [...m.featureImportance].sort((a, b) => (b.permutationMean ?? 0) - (a.permutationMean ?? 0)).slice(0, 5).map((f) => f.feature),
  };
}

async function trainNow(ctx: CommandContext) {
  const input = trainingInput(ctx.values);
  const dataSource = await openDatabase(ctx.config);
  try {
    const { model } = await startTraining(dataSource, input, 'cli');
    const done = await runJobHere(dataSource, ctx.config, ctx.logger, model.jobId!, (j) => { if (!ctx.json) process.stderr.write(`\r${progressLine(j)}   `); });
    if (!ctx.json) process.stderr.write('\n');
    if (done.status !== 'succeeded') throw new AppError('BAD_USER_INPUT', done.error ?? `training ${done.status}`);
    if (ctx.values.activate) await activateModel(dataSource, model.id, 'cli');
    const trained = await getModel(dataSource, model.id);
    return {
      modelId: trained.id, kind: trained.kind, version: trained.version, hyperparameters: trained.params.hyperparameters,
      window: { start: trained.windowStart, end: trained.windowEnd }, evaluation: headline(trained.metrics),
    };
  } finally {
    await dataSource.destroy();
  }
}

async function scoreNow(ctx: CommandContext) {
  const dataSource = await openDatabase(ctx.config);
  try {
    const { job } = await startScoring(dataSource, 'cli', (ctx.values['as-of'] as string | undefined) ?? null);
    const done: JobEntity = await runJobHere(dataSource, ctx.config, ctx.logger, job.id, (j) => { if (!ctx.json) process.stderr.write(`\r${progressLine(j)}   `); });
    if (!ctx.json) process.stderr.write('\n');
    if (done.status !== 'succeeded') throw new AppError('BAD_USER_INPUT', done.error ?? `scoring ${done.status}`);
    return { jobId: job.id, ...(done.result ?? {}) };
  } finally {
    await dataSource.destroy();
  }
}

export const MODEL_COMMANDS: Record<string, Command> = {
  train: {
    summary: 'Train a response model (from campaign outcomes) or a segment classifier (from the live segmentation) and print its evaluation',
    usage: `--kind response|segment [--trees ${T.nEstimators}] [--max-depth ${T.maxDepth}|0] [--min-samples-leaf ${T.minSamplesLeaf}] [--max-features ${T.maxFeatures}|log2|all|N] [--class-weight none|balanced|balancedSubsample] [--no-bootstrap] [--seed ${T.seed}] [--test-fraction ${T.testFraction}] [--folds ${T.cvFolds}] [--threshold ${T.threshold}] [--target responded|converted] [--sent-from YYYY-MM-DD] [--sent-to YYYY-MM-DD] [--campaigns a,b] [--activate]`,
    options: TRAIN_OPTIONS,
    run: trainNow,
  },
  score: {
    summary: "Score every customer with the active models into customer_scores (response probability, predicted segment)",
    usage: '[--as-of YYYY-MM-DD]',
    options: { 'as-of': { type: 'string' } },
    run: scoreNow,
  },
  'activate-model': {
    summary: 'Make a trained model version the active one of its kind (also how to roll back)',
    usage: '<model id>',
    options: {},
    async run(ctx) {
      const id = Number(ctx.positionals[0]);
      if (!Number.isInteger(id) || id < 1) throw new AppError('BAD_USER_INPUT', 'usage: segmenta activate-model <model id>');
      const dataSource = await openDatabase(ctx.config);
      try {
        const active = await activateModel(dataSource, id, 'cli');
        return { kind: active.kind as ModelKind, modelId: active.modelId, previousModelId: active.previousModelId };
      } finally {
        await dataSource.destroy();
      }
    },
  },
};
