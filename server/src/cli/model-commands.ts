import { TRAINING_DEFAULTS as T } from '@segmenta/shared';
import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import { activateModel, activeModel, getModel, startScoring, startTraining, type ModelKind, type TrainingInput } from '../modules/models/index.js';
import { startCustomerValue, type CustomerValueParams, type ValueArtefact, type ValueModelMetrics } from '../modules/customer-value/index.js';
import type { ModelEvaluation } from '../modules/models/index.js';
import type { UpliftVersionMetrics } from '../modules/uplift/index.js';
import { JobEntity } from '../modules/jobs/index.js';
import type { Command, CommandContext } from './command.types.js';
import { progressLine, runJobHere } from './run-job.js';

const TRAIN_OPTIONS = {
  kind: { type: 'string' }, trees: { type: 'string' }, 'max-depth': { type: 'string' }, 'min-samples-leaf': { type: 'string' },
  'max-features': { type: 'string' }, 'class-weight': { type: 'string' }, 'no-bootstrap': { type: 'boolean' }, seed: { type: 'string' },
  'test-fraction': { type: 'string' }, folds: { type: 'string' }, threshold: { type: 'string' }, target: { type: 'string' },
  'sent-from': { type: 'string' }, 'sent-to': { type: 'string' }, campaigns: { type: 'string' }, activate: { type: 'boolean' },
  learner: { type: 'string' }, 'when-unbalanced': { type: 'string' }, replicates: { type: 'string' },
  // customer-value
  'as-of': { type: 'string' }, 'time-unit': { type: 'string' }, 'purchase-model': { type: 'string' }, 'horizon-days': { type: 'string' },
  margin: { type: 'string' }, 'discount-rate': { type: 'string' }, 'churn-horizon-days': { type: 'string' }, 'holdout-days': { type: 'string' },
  restarts: { type: 'string' },
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
  if (kind !== 'response' && kind !== 'segment' && kind !== 'uplift') throw new AppError('BAD_USER_INPUT', 'usage: segmenta train --kind response|segment|uplift|customer-value [...]');
  const maxFeatures = values['max-features'] as string | undefined;
  const classWeight = values['class-weight'] as string | undefined;
  const maxDepth = number(values, 'max-depth');
  return {
    kind, testFraction: number(values, 'test-fraction'), cvFolds: number(values, 'folds'), threshold: number(values, 'threshold'),
    target: values.target as TrainingInput['target'], sentFrom: values['sent-from'] as string | undefined, sentTo: values['sent-to'] as string | undefined,
    learner: values.learner as TrainingInput['learner'], whenUnbalanced: values['when-unbalanced'] as TrainingInput['whenUnbalanced'],
    bootstrapReplicates: number(values, 'replicates'),
    campaigns: typeof values.campaigns === 'string' ? values.campaigns.split(',').map((c) => c.trim()).filter(Boolean) : undefined,
    hyperparameters: {
      nEstimators: number(values, 'trees'), maxDepth: maxDepth === 0 ? null : maxDepth, minSamplesLeaf: number(values, 'min-samples-leaf'),
      maxFeatures: maxFeatures === undefined ? undefined : /^\d+$/.test(maxFeatures) ? Number(maxFeatures) : (maxFeatures as 'sqrt'),
      classWeight: classWeight === undefined ? undefined : classWeight === 'none' ? null : (classWeight as 'balanced'),
      bootstrap: values['no-bootstrap'] ? false : undefined, seed: number(values, 'seed'),
    },
  };
}

/** An uplift version's figures per ranking: Qini and uplift AUC (both normalisations) and uplift@k, each with its interval. */
function upliftHeadline(m: UpliftVersionMetrics) {
  const e = m.evaluation;
  const round = (v: number | null) => (v === null || Number.isNaN(v) ? null : Math.round(v * 10_000) / 10_000);
  return {
    task: 'uplift', learner: m.learnerName, target: m.target, trainingRows: m.trainingRows, testRows: m.testRows, averageUplift: round(e.averageUplift),
    armBalance: m.armBalance?.message ?? null, responseBaseline: m.responseBaseline,
    rankings: Object.fromEntries(e.rankings.map((r) => [r.name, Object.fromEntries(Object.entries(r.metrics).map(([k, i]) => [k, [round(i.estimate), round(i.lower), round(i.upper)]]))])),
  };
}

/** The headline figures of an evaluation (the full one is in the API). */
function headline(m: ModelEvaluation | null) {
  if (!m) return null;
  if ((m as unknown as { task: string }).task === 'uplift') return upliftHeadline(m as unknown as UpliftVersionMetrics);
  return {
    task: m.task, trainingRows: m.trainingRows, testRows: m.testRows, accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1,
    rocAuc: m.rocAuc, prAuc: m.prAuc, logLoss: m.logLoss, oobScore: m.oobScore, crossValidation: m.crossValidation,
    topFeatures: [...m.featureImportance].sort((a, b) => (b.permutationMean ?? 0) - (a.permutationMean ?? 0)).slice(0, 5).map((f) => f.feature),
  };
}

function valueInput(values: Record<string, unknown>): Partial<CustomerValueParams> {
  return {
    asOf: (values['as-of'] as string | undefined) ?? null, timeUnit: values['time-unit'] as CustomerValueParams['timeUnit'] | undefined,
    purchaseModel: values['purchase-model'] as CustomerValueParams['purchaseModel'] | undefined, horizonDays: number(values, 'horizon-days'),
    margin: number(values, 'margin'), annualDiscountRate: number(values, 'discount-rate'), churnHorizonDays: number(values, 'churn-horizon-days'),
    holdoutDays: number(values, 'holdout-days'), restarts: number(values, 'restarts'), seed: number(values, 'seed'),
    activate: values.activate ? true : null,
  };
}

/** `train --kind customer-value`: fit (and, when it becomes active, score everyone) here, then print the fit and its holdout check. */
async function trainValueNow(ctx: CommandContext) {
  const dataSource = await openDatabase(ctx.config);
  try {
    const { model } = await startCustomerValue(dataSource, valueInput(ctx.values), 'cli');
    const done = await runJobHere(dataSource, ctx.config, ctx.logger, model.jobId!, (j) => { if (!ctx.json) process.stderr.write(`\r${progressLine(j)}   `); });
    if (!ctx.json) process.stderr.write('\n');
    if (done.status !== 'succeeded') throw new AppError(done.error?.startsWith('not enough order data') ? 'INSUFFICIENT_DATA' : 'BAD_USER_INPUT', done.error ?? `customer-value fit ${done.status}`);
    const fitted = await getModel(dataSource, model.id);
    const artefact = JSON.parse(fitted.artefact!) as ValueArtefact;
    const metrics = fitted.metrics as unknown as ValueModelMetrics;
    const active = await activeModel(dataSource, 'customer-value');
    return {
      modelId: fitted.id, kind: fitted.kind, version: fitted.version, active: active?.id === fitted.id, asOf: metrics.asOf, customers: metrics.customers,
      purchase: { model: artefact.purchase.kind, params: artefact.purchase.params, standardErrors: artefact.purchase.standardErrors, logLikelihood: artefact.purchase.logLikelihood, converged: artefact.purchase.diagnostics.converged },
      spend: { params: artefact.spend.params, standardErrors: artefact.spend.standardErrors, converged: artefact.spend.diagnostics.converged },
      holdout: metrics.holdout
        ? { actualTotal: metrics.holdout.actualTotal, predictedTotal: metrics.holdout.predictedTotal, relativeError: metrics.holdout.relativeError, correlation: metrics.holdout.correlation }
        : { skipped: metrics.holdoutSkipped },
    };
  } finally {
    await dataSource.destroy();
  }
}

async function trainNow(ctx: CommandContext) {
  if (ctx.values.kind === 'customer-value') return trainValueNow(ctx);
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
    summary: 'Train a response model (from campaign outcomes), a segment classifier (from the live segmentation), an uplift model (from outcomes with a control group) or a customer-value model (from orders) and print its evaluation',
    usage: `--kind response|segment|uplift|customer-value [--learner t|x|class-transformation] [--when-unbalanced reweight|refuse] [--replicates 200] [--as-of YYYY-MM-DD] [--time-unit days|weeks] [--purchase-model bg-nbd|pareto-nbd] [--horizon-days 365] [--margin 1] [--discount-rate 0.1] [--churn-horizon-days 0] [--holdout-days 90] [--restarts 3] [--trees ${T.nEstimators}] [--max-depth ${T.maxDepth}|0] [--min-samples-leaf ${T.minSamplesLeaf}] [--max-features ${T.maxFeatures}|log2|all|N] [--class-weight none|balanced|balancedSubsample] [--no-bootstrap] [--seed ${T.seed}] [--test-fraction ${T.testFraction}] [--folds ${T.cvFolds}] [--threshold ${T.threshold}] [--target responded|converted] [--sent-from YYYY-MM-DD] [--sent-to YYYY-MM-DD] [--campaigns a,b] [--activate]`,
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
