import type { DataSource, EntityManager } from 'typeorm';
import { sqlDate } from '../../db/sql.js';
import { AppError } from '../../errors.js';
import {
  fitCustomerValueModels, holdoutReport, loadValueModel, scoreCustomers, summariseTransactions, GammaGammaModel,
  type CustomerSummaries, type DataCheck, type HoldoutReport, type PurchaseModel, type Transactions,
} from '../../ml/value/index.js';
import { defaultAsOf } from '../features/index.js';
import type { JobHandler, JobRunContext } from '../jobs/index.js';
import { ActiveModelEntity, ModelVersionEntity, activeModel } from '../models/index.js';
import { resolveValueParams, type CustomerValueParams } from './customer-value.params.js';
import { loadOrderHistory } from './order-history.js';
import { writeValueScores } from './value-scores.js';

const DAY_MS = 86_400_000;

/** What a customer-value version stores in `metrics`: the fit's evidence, shown on the Models screen. */
export interface ValueModelMetrics {
  asOf: string;
  customers: number;
  purchaseCheck: DataCheck;
  spendCheck: DataCheck;
  /** The calibration/holdout check, or why there is none. */
  holdout: HoldoutReport | null;
  holdoutSkipped: string | null;
  holdoutCalibrationEnd: string | null;
}

/** The stored artefact: both fitted models (their toJSON: parameters, SEs, LL, diagnostics, options). */
export interface ValueArtefact { purchase: ReturnType<PurchaseModel['toJSON']>; spend: ReturnType<GammaGammaModel['toJSON']> }

/** "history-too-short: …; no-recent-orders: …" — every shortfall, in words. */
export function describeShortfall(purchaseCheck: DataCheck, spendCheck: DataCheck): string {
  const problems = [...purchaseCheck.problems, ...spendCheck.problems];
  return `not enough order data for customer value: ${problems.map((p) => p.message).join('; ')}`;
}

const summarise = (orders: Transactions, calibrationEnd: number, params: CustomerValueParams, holdoutEnd?: number): CustomerSummaries =>
  summariseTransactions(orders, { calibrationEnd, holdoutEnd, timeUnit: params.timeUnit });

/**
 * The holdout report of Fader, Hardie & Lee: the purchase model fitted on the orders up to
 * as-of − holdoutDays, its forecast of the last holdoutDays compared with what happened.
 */
function holdoutCheck(orders: Transactions, asOf: Date, params: CustomerValueParams): Pick<ValueModelMetrics, 'holdout' | 'holdoutSkipped' | 'holdoutCalibrationEnd'> {
  if (params.holdoutDays === 0) return { holdout: null, holdoutSkipped: 'holdoutDays is 0', holdoutCalibrationEnd: null };
  const calibrationEnd = asOf.getTime() - params.holdoutDays * DAY_MS - 1;
  const summaries = summarise(orders, calibrationEnd, params, asOf.getTime() - 1);
  const fit = fitCustomerValueModels(summaries, { purchaseModel: params.purchaseModel, purchase: { seed: params.seed, restarts: params.restarts }, spend: { dataMinimums: false } });
  const end = new Date(calibrationEnd + 1).toISOString();
  if (!fit.ok) return { holdout: null, holdoutSkipped: `the orders before ${end.slice(0, 10)} are ${describeShortfall(fit.purchaseCheck, fit.spendCheck).replace('not enough order data for customer value: ', 'too few: ')}`, holdoutCalibrationEnd: end };
  return { holdout: holdoutReport(fit.purchase, summaries), holdoutSkipped: null, holdoutCalibrationEnd: end };
}

/**
 * A date, or 'stored': the as-of date of the value scores stored now (an activation or rollback
 * changes the model, not the date); without either, the day after the last order.
 */
async function asOfOf(dataSource: DataSource, asOf: string | null | undefined): Promise<Date> {
  if (asOf === 'stored') {
    const [row] = await dataSource.query('SELECT MAX(value_as_of) AS as_of FROM customer_scores');
    return sqlDate(row?.as_of) ?? defaultAsOf(dataSource);
  }
  return asOf ? new Date(Date.parse(asOf)) : defaultAsOf(dataSource);
}

/** Whether the version this job fits becomes the active one (decided again inside the commit). */
async function activates(manager: EntityManager, params: CustomerValueParams): Promise<boolean> {
  if (params.activate !== null) return params.activate;
  return !(await manager.findOneBy(ActiveModelEntity, { kind: 'customer-value' }));
}

/**
 * Job 'customer-value'. Mode 'fit' (payload.modelId): reads the orders before the as-of date,
 * checks the data minimums (below them the job fails with INSUFFICIENT_DATA naming every
 * shortfall), fits the purchase and spend models, runs the holdout check, and stores the version;
 * when the version becomes active (the first one, or `activate`) it also scores every customer.
 * Mode 'score': scores everyone with the active version as of a date (after an activation or a
 * rollback, or from the refresh chain). Everything is written in the fenced completion transaction.
 */
export const customerValueJob: JobHandler = async (ctx) => {
  return ctx.job.payload?.mode === 'score' ? scoreWithActive(ctx) : fitVersion(ctx);
};

async function fitVersion(ctx: JobRunContext) {
  const { dataSource } = ctx;
  const modelId = Number(ctx.job.payload?.modelId);
  const versions = dataSource.getRepository(ModelVersionEntity);
  const row = await versions.findOneBy({ id: modelId });
  if (!row || row.kind !== 'customer-value') throw new AppError('NOT_FOUND', `customer-value model ${modelId} not found`);
  const params = resolveValueParams(row.params as Partial<CustomerValueParams>);
  await versions.update({ id: modelId }, { status: 'running' });

  ctx.progress(0, 100, 'reading orders');
  const asOf = await asOfOf(dataSource, params.asOf);
  const orders = await loadOrderHistory(dataSource, asOf, ctx.pace);
  ctx.checkpoint();
  const summaries = summarise(orders, asOf.getTime() - 1, params);
  ctx.progress(10, 100, `fitting ${params.purchaseModel} and gamma-gamma on ${summaries.customerIds.length} customers`);
  const fit = fitCustomerValueModels(summaries, {
    purchaseModel: params.purchaseModel,
    purchase: { seed: params.seed, restarts: params.restarts, onProgress: (p) => ctx.progress(10 + Math.round((p.done / Math.max(1, p.total ?? 1)) * 40), 100, 'fitting the purchase model') },
    spend: { seed: params.seed },
  });
  if (!fit.ok) {
    const problems = [...fit.purchaseCheck.problems, ...fit.spendCheck.problems];
    throw new AppError('INSUFFICIENT_DATA', describeShortfall(fit.purchaseCheck, fit.spendCheck), { problems, facts: fit.purchaseCheck.facts });
  }
  ctx.checkpoint();
  ctx.progress(50, 100, 'holdout check');
  const check = holdoutCheck(orders, asOf, params);
  ctx.checkpoint();
  ctx.progress(70, 100, 'scoring customers');
  // Scored now (pure and quick), written only if the version becomes active in the commit.
  const scores = scoreCustomers(summaries, { purchase: fit.purchase, spend: fit.spend }, scoringSettings(params));
  const metrics: ValueModelMetrics = { asOf: asOf.toISOString(), customers: summaries.customerIds.length, purchaseCheck: fit.purchaseCheck, spendCheck: fit.spendCheck, ...check };
  const artefact: ValueArtefact = { purchase: fit.purchase.toJSON(), spend: fit.spend.toJSON() };
  let firstOrder = Infinity;
  for (const t of summaries.firstPurchaseAt) if (t < firstOrder) firstOrder = t;
  ctx.progress(90, 100, 'writing the version');
  return {
    result: { modelId, kind: 'customer-value', asOf: asOf.toISOString(), customers: summaries.customerIds.length, converged: artefact.purchase.diagnostics.converged },
    commit: async (manager: EntityManager) => {
      const now = new Date();
      const [{ last }] = await manager.query('SELECT MAX(version) AS last FROM model_versions WHERE kind = ?', ['customer-value']);
      const version = Number(last ?? 0) + 1;
      await manager.update(ModelVersionEntity, { id: modelId }, {
        status: 'succeeded', version, params: { ...params, asOf: asOf.toISOString() } as never, windowStart: Number.isFinite(firstOrder) ? new Date(firstOrder) : null, windowEnd: asOf,
        trainingRows: summaries.customerIds.length, testRows: check.holdout?.customers ?? 0, metrics: metrics as never, artefact: JSON.stringify(artefact),
        dataSummary: { orders: orders.customerIds.length, ...fit.purchaseCheck.facts } as never, finishedAt: now,
      });
      if (!(await activates(manager, params))) return;
      const active = await manager.findOneBy(ActiveModelEntity, { kind: 'customer-value' });
      if (!active) await manager.insert(ActiveModelEntity, { kind: 'customer-value', modelId, previousModelId: null, activations: 1, activatedAt: now, activatedBy: 'segmenta' });
      else if (active.modelId !== modelId) {
        await manager.update(ActiveModelEntity, { kind: 'customer-value' }, { modelId, previousModelId: active.modelId, activations: active.activations + 1, activatedAt: now, activatedBy: 'segmenta' });
      }
      await writeValueScores(manager, scores, modelId, asOf, ctx.pace);
    },
  };
}

const scoringSettings = (params: CustomerValueParams) => ({
  horizonDays: params.horizonDays, margin: params.margin, annualDiscountRate: params.annualDiscountRate, churnHorizonDays: params.churnHorizonDays,
});

/** The fitted models of a stored version. */
export function loadVersionModels(model: Pick<ModelVersionEntity, 'id' | 'artefact'>): { purchase: PurchaseModel; spend: GammaGammaModel } {
  if (!model.artefact) throw new AppError('CONFLICT', `customer-value model ${model.id} has no fitted models`);
  const artefact = JSON.parse(model.artefact) as ValueArtefact;
  const purchase = loadValueModel(artefact.purchase as never);
  const spend = loadValueModel(artefact.spend as never);
  if (!(spend instanceof GammaGammaModel) || purchase instanceof GammaGammaModel) throw new AppError('CONFLICT', `customer-value model ${model.id} has an unreadable artefact`);
  return { purchase, spend };
}

async function scoreWithActive(ctx: JobRunContext) {
  const { dataSource } = ctx;
  const model = await activeModel(dataSource, 'customer-value');
  if (!model) throw new AppError('BAD_USER_INPUT', 'no active customer-value model: fit one first');
  const params = resolveValueParams(model.params as Partial<CustomerValueParams>);
  const asOf = await asOfOf(dataSource, ctx.job.payload?.asOf as string | null | undefined);
  ctx.progress(0, 100, 'reading orders');
  const orders = await loadOrderHistory(dataSource, asOf, ctx.pace);
  ctx.checkpoint();
  ctx.progress(40, 100, `scoring with customer-value v${model.version}`);
  const summaries = summarise(orders, asOf.getTime() - 1, params);
  const scores = scoreCustomers(summaries, loadVersionModels(model), scoringSettings(params));
  ctx.checkpoint();
  ctx.progress(80, 100, 'writing scores');
  return {
    result: { modelId: model.id, mode: 'score', asOf: asOf.toISOString(), customers: summaries.customerIds.length },
    commit: async (manager: EntityManager) => {
      // An activation meanwhile queued its own scoring: do not overwrite its scores with an older version's.
      const active = await manager.findOneBy(ActiveModelEntity, { kind: 'customer-value' });
      if (active?.modelId !== model.id) throw new AppError('CONFLICT', 'the active customer-value model changed while scoring; scoring again');
      await writeValueScores(manager, scores, model.id, asOf, ctx.pace);
    },
  };
}
