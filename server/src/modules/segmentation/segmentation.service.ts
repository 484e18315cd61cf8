import type { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '../../errors.js';
import { adjustedRandScore, loadPipeline, matrixFromRows, transitionMatrix } from '../../ml/index.js';
import { withConflictRetry } from '../../db/conflict-retry.js';
import { sqlNumber } from '../../db/sql.js';
import { enqueueJob, JOB_TYPES, JobEntity } from '../jobs/index.js';
import { CustomerFeaturesEntity } from '../features/index.js';
import { recordActivationChanges } from '../changes/index.js';
import { LiveSegmentationEntity, SegmentationActivationEntity, SegmentEntity, SegmentMembershipEntity } from './segment.entity.js';
import { resolveParams, SEGMENTATION_FEATURES, type SegmentationFeature, type SegmentationParams } from './segmentation.params.js';
import { SegmentationRunEntity } from './segmentation-run.entity.js';
import { notifyRunActivated } from './run-activation-events.js';

export const DEFAULT_DATA_SET = 'default';

/**
 * Starts a run as a background job. One segmentation at a time per data set: while one is queued
 * or running, a second request gets that run back (`existing: true`).
 */
export async function startSegmentation(dataSource: DataSource, input: Partial<SegmentationParams>, actor: string, dataSet = DEFAULT_DATA_SET) {
  const params = resolveParams(input);
  const runs = dataSource.getRepository(SegmentationRunEntity);
  const run = await runs.save(runs.create({ dataSet, status: 'queued', algorithm: params.algorithm, params, createdBy: actor, createdAt: new Date() }));
  const { job, existing } = await enqueueJob(dataSource, JOB_TYPES.segmentation, { runId: run.id }, { concurrencyKey: `segmentation:${dataSet}`, createdBy: actor, maxAttempts: 3 });
  if (existing) {
    await runs.delete({ id: run.id });
    const active = await runs.findOneBy({ jobId: job.id });
    if (!active) throw new AppError('CONFLICT', 'another segmentation is starting; try again');
    return { run: active, existing: true };
  }
  run.jobId = job.id;
  await runs.update({ id: run.id }, { jobId: job.id });
  return { run, existing: false };
}

/**
 * The run of a job queued with parameters only (a pipeline: import → segmentation, the demo):
 * made when the job first runs, so that runs are still made here alone.
 */
export async function createRunForJob(dataSource: DataSource, job: Pick<JobEntity, 'id' | 'createdBy'>, input: Record<string, unknown>, dataSet = DEFAULT_DATA_SET) {
  const params = resolveParams(input);
  const runs = dataSource.getRepository(SegmentationRunEntity);
  // A job taken over after its worker died finds the run its first attempt created: one run per job.
  const earlier = await runs.findOne({ where: { jobId: job.id }, order: { id: 'ASC' } });
  if (earlier) return earlier;
  return runs.save(runs.create({ dataSet, status: 'running', algorithm: params.algorithm, params, jobId: job.id, createdBy: job.createdBy, createdAt: new Date() }));
}

export async function getRun(dataSource: DataSource, id: number): Promise<SegmentationRunEntity> {
  const run = await dataSource.getRepository(SegmentationRunEntity).findOneBy({ id });
  if (!run) throw notFound('Segmentation run', id);
  return run;
}

export async function liveRun(dataSource: DataSource, dataSet = DEFAULT_DATA_SET): Promise<SegmentationRunEntity | null> {
  const live = await dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet });
  return live ? dataSource.getRepository(SegmentationRunEntity).findOneBy({ id: live.runId }) : null;
}

/**
 * Makes a run live: one UPDATE of the data set's live row, so every membership switches at once
 * (memberships are per run). Concurrent activations serialise on that row; the last one wins and
 * the state is always one complete run.
 */
export async function activateRun(dataSource: DataSource, runId: number, actor: string, options: { alsoWrite?: (manager: EntityManager) => Promise<void> } = {}) {
  const run = await getRun(dataSource, runId);
  if (run.status !== 'succeeded') throw new AppError('CONFLICT', `run ${runId} is ${run.status}; only a succeeded run can go live`);
  const now = new Date();
  // The UPDATE takes the row's lock until commit, so the row read back is this activation's own.
  // Two activations at once on different cluster nodes: the one certified second is run again.
  return withConflictRetry(() => dataSource.transaction(async (manager) => {
    const updated = await manager.createQueryBuilder().update(LiveSegmentationEntity)
      .set({ runId, activatedAt: now, activatedBy: actor, version: () => 'version + 1' })
      .where('data_set = :dataSet', { dataSet: run.dataSet }).execute();
    if (!updated.affected) await manager.insert(LiveSegmentationEntity, { dataSet: run.dataSet, runId, version: 1, activatedAt: now, activatedBy: actor });
    // The run live until now is the last activation's: read after the UPDATE holds the lock (reading
    // the live row first would make SQLite upgrade a read lock, which two activations cannot both do).
    const previous = await manager.getRepository(SegmentationActivationEntity).findOne({ where: { dataSet: run.dataSet }, order: { id: 'DESC' } });
    await manager.insert(SegmentationActivationEntity, { dataSet: run.dataSet, runId, activatedAt: now, activatedBy: actor });
    if (previous?.runId !== runId) await notifyRunActivated(manager, { dataSet: run.dataSet, runId, previousRunId: previous?.runId ?? null, actor });
    // The caller's own record of the activation (the activation policy's decision) commits with it.
    if (options.alsoWrite) await options.alsoWrite(manager);
    // Every customer whose segment or persona changes goes into the change log, in this transaction.
    await recordActivationChanges(manager, { dataSet: run.dataSet, fromRunId: previous?.runId ?? null, toRunId: runId, now });
    // Targeting rows carry the live run's segment: a job rebuilds them (audiences join meanwhile).
    if (run.dataSet === 'default') await enqueueJob(manager, JOB_TYPES.targetingRebuild, {}, { createdBy: actor, maxAttempts: 3 });
    return manager.findOneByOrFail(LiveSegmentationEntity, { dataSet: run.dataSet });
  }));
}

async function labelsOf(dataSource: DataSource, runId: number): Promise<Map<number, number>> {
  const rows = await dataSource.query('SELECT m.customer_id, s.label FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE m.run_id = ?', [runId]);
  return new Map(rows.map((r: Record<string, unknown>) => [sqlNumber(r.customer_id), sqlNumber(r.label)]));
}

/** How customers moved between the segments of two runs, and the adjusted Rand index of the two labelings. */
export async function compareRuns(dataSource: DataSource, fromRunId: number, toRunId: number) {
  const [from, to] = await Promise.all([labelsOf(dataSource, fromRunId), labelsOf(dataSource, toRunId)]);
  const a: number[] = [], b: number[] = [];
  for (const [customer, label] of from) {
    const other = to.get(customer);
    if (other !== undefined) { a.push(label); b.push(other); }
  }
  if (!a.length) throw new AppError('BAD_USER_INPUT', 'the two runs share no customers');
  const matrix = transitionMatrix(a, b);
  return { customersCompared: a.length, adjustedRandIndex: adjustedRandScore(a, b), fromLabels: matrix.rowLabels, toLabels: matrix.columnLabels, counts: matrix.counts };
}

/** Parsed pipelines by model version: a run's model never changes once written. */
const pipelines = new Map<string, ReturnType<typeof loadPipeline>>();
function cachedPipeline(run: SegmentationRunEntity) {
  const key = run.modelVersion ?? `run-${run.id}`;
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    pipeline = loadPipeline(run.model!);
    if (pipelines.size > 20) pipelines.delete(pipelines.keys().next().value!);
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

/** Places one customer (by id, or by feature values) in the live segmentation with its model version. */
export async function classifyCustomer(dataSource: DataSource, input: { customerId?: number; features?: Partial<Record<SegmentationFeature, number>> }, dataSet = DEFAULT_DATA_SET) {
  const run = await liveRun(dataSource, dataSet);
  if (!run?.model) throw new AppError('NOT_FOUND', 'no live segmentation yet: run one first');
  const pipeline = cachedPipeline(run);
  const names = pipeline.featureNames as SegmentationFeature[];
  let values: Partial<Record<SegmentationFeature, number>>;
  if (input.customerId !== undefined) {
    const row = await dataSource.getRepository(CustomerFeaturesEntity).findOneBy({ customerId: input.customerId, snapshotId: run.snapshotId ?? -1 });
    if (!row) throw new AppError('NOT_FOUND', `customer ${input.customerId} has no features in the live run's snapshot`);
    values = Object.fromEntries(names.map((f) => [f, Number((row as unknown as Record<string, unknown>)[f] ?? 0)]));
  } else {
    values = input.features ?? {};
    const missing = names.filter((f) => typeof values[f] !== 'number' || !Number.isFinite(values[f]));
    if (missing.length) throw new AppError('BAD_USER_INPUT', `features missing: ${missing.join(', ')}`);
  }
  const params = resolveParams(run.params);
  const raw = names.map((f) => (params.log1p.includes(f) ? Math.max(0, values[f] ?? 0) : values[f] ?? 0));
  const label = pipeline.predict(matrixFromRows([raw]))[0];
  const segment = await dataSource.getRepository(SegmentEntity).findOneByOrFail({ runId: run.id, label });
  return { runId: run.id, modelVersion: run.modelVersion ?? '', segment, features: values };
}

export const FEATURE_NAMES = Object.keys(SEGMENTATION_FEATURES);

/** The run that was live on a date (the last activation at or before it), or null. */
export async function runLiveOn(dataSource: DataSource, date: Date, dataSet = DEFAULT_DATA_SET): Promise<SegmentationRunEntity | null> {
  const activation = await dataSource.getRepository(SegmentationActivationEntity).createQueryBuilder('a')
    .where('a.data_set = :dataSet AND a.activated_at <= :date', { dataSet, date })
    .orderBy('a.activated_at', 'DESC').addOrderBy('a.id', 'DESC').limit(1).getOne();
  return activation ? dataSource.getRepository(SegmentationRunEntity).findOneBy({ id: activation.runId }) : null;
}

/** A customer's segment in the run that was live on a date. */
export async function segmentOn(dataSource: DataSource, customerId: number, date: Date, dataSet = DEFAULT_DATA_SET) {
  const run = await runLiveOn(dataSource, date, dataSet);
  if (!run) return null;
  const membership = await dataSource.getRepository(SegmentMembershipEntity).findOneBy({ runId: run.id, customerId });
  return membership ? dataSource.getRepository(SegmentEntity).findOneBy({ id: membership.segmentId }) : null;
}
