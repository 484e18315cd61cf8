import type { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '../../errors.js';
import { enqueueJob, JobEntity, JOB_TYPES, type FollowUp } from '../jobs/index.js';
import { resolveTrainingParams, type ForestHyperparameters, type TrainingParams } from './model.params.js';
import { ActiveModelEntity, ModelVersionEntity, type ModelKind } from './model-version.entity.js';

export type TrainingInput = Partial<Omit<TrainingParams, 'hyperparameters'>> & { hyperparameters?: Partial<ForestHyperparameters> };

/**
 * Queues a training job. One training per kind at a time: a second request gets the running one
 * back. A follow-up (the demo scores everybody after its first model) starts when the training succeeds.
 */
export async function startTraining(dataSource: DataSource, input: TrainingInput, actor: string, followUp?: FollowUp) {
  const params = resolveTrainingParams(input);
  const versions = dataSource.getRepository(ModelVersionEntity);
  const model = await versions.save(versions.create({ kind: params.kind, version: null, status: 'queued', params, createdBy: actor, createdAt: new Date() }));
  // An uplift model is trained by the uplift module's job; the registry (versions, activation) is shared.
  const jobType = params.kind === 'uplift' ? JOB_TYPES.upliftTraining : JOB_TYPES.modelTraining;
  const { job, existing } = await enqueueJob(dataSource, jobType, { modelId: model.id, ...(followUp ? { followUp } : {}) }, { concurrencyKey: `model-training:${params.kind}`, createdBy: actor, maxAttempts: 2 });
  if (existing) {
    await versions.delete({ id: model.id });
    const active = await versions.findOneBy({ jobId: job.id });
    if (!active) throw new AppError('CONFLICT', `another ${params.kind} model is starting; try again`);
    return { model: active, job, existing: true };
  }
  model.jobId = job.id;
  await versions.update({ id: model.id }, { jobId: job.id });
  return { model, job, existing: false };
}

/** Queues a scoring job (one at a time). */
export async function startScoring(dataSource: DataSource, actor: string, asOf: string | null = null) {
  if (asOf !== null && Number.isNaN(Date.parse(asOf))) throw new AppError('BAD_USER_INPUT', 'asOf must be a date (YYYY-MM-DD)');
  return enqueueJob(dataSource, JOB_TYPES.scoring, { asOf }, { concurrencyKey: 'scoring', createdBy: actor, maxAttempts: 2 });
}

/** A version's status, taking a failed or cancelled job into account. */
export async function effectiveStatus(dataSource: DataSource, model: ModelVersionEntity): Promise<{ status: string; error: string | null }> {
  if (!['queued', 'running'].includes(model.status) || !model.jobId) return { status: model.status, error: model.error };
  const job = await dataSource.getRepository(JobEntity).findOneBy({ id: model.jobId });
  if (job && ['failed', 'cancelled'].includes(job.status)) return { status: job.status, error: job.error };
  return { status: job?.status === 'running' ? 'running' : model.status, error: null };
}

export async function getModel(dataSource: DataSource, id: number): Promise<ModelVersionEntity> {
  const model = await dataSource.getRepository(ModelVersionEntity).findOneBy({ id });
  if (!model) throw notFound('Model', id);
  return model;
}

export async function activeModel(dataSource: DataSource, kind: ModelKind): Promise<ModelVersionEntity | null> {
  const active = await dataSource.getRepository(ActiveModelEntity).findOneBy({ kind });
  return active ? dataSource.getRepository(ModelVersionEntity).findOneBy({ id: active.modelId }) : null;
}

/**
 * Kinds whose stored scores belong to one version: activating (or rolling back to) a version
 * queues the job that rescores everyone with it. The forest kinds are rescored by 'scoring' on demand.
 */
const RESCORE_ON_ACTIVATION: Partial<Record<ModelKind, FollowUp>> = {
  'customer-value': { type: JOB_TYPES.customerValue, payload: { mode: 'score', asOf: 'stored' }, concurrencyKey: 'customer-value-score', maxAttempts: 3 },
};

async function rescoreAfterActivation(dataSource: DataSource, kind: ModelKind, actor: string): Promise<void> {
  const job = RESCORE_ON_ACTIVATION[kind];
  if (job) await enqueueJob(dataSource, job.type, job.payload ?? {}, { concurrencyKey: job.concurrencyKey, maxAttempts: job.maxAttempts, createdBy: actor });
}

/**
 * Makes a succeeded version the active one of its kind: one UPDATE of the kind's row, which also
 * remembers the version it replaces (for rollback). The UPDATE is a compare-and-set on the model
 * it read, so two concurrent activations cannot both record the same predecessor.
 */
export async function activateModel(dataSource: DataSource, id: number, actor: string): Promise<ActiveModelEntity> {
  const model = await getModel(dataSource, id);
  if (model.status !== 'succeeded') throw new AppError('CONFLICT', `model ${id} is ${model.status}; only a succeeded version can be activated`);
  const repo = dataSource.getRepository(ActiveModelEntity);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await repo.findOneBy({ kind: model.kind });
    const now = new Date();
    if (current?.modelId === id) return current;
    if (!current) {
      try {
        await repo.insert({ kind: model.kind, modelId: id, previousModelId: null, activations: 1, activatedAt: now, activatedBy: actor });
        await rescoreAfterActivation(dataSource, model.kind, actor);
        return repo.findOneByOrFail({ kind: model.kind });
      } catch {
        continue; // another activation inserted the row first: go round and update it
      }
    }
    const updated = await repo.createQueryBuilder().update(ActiveModelEntity)
      .set({ modelId: id, previousModelId: current.modelId, activations: () => 'activations + 1', activatedAt: now, activatedBy: actor })
      .where('kind = :kind AND model_id = :seen', { kind: model.kind, seen: current.modelId }).execute();
    if (updated.affected) {
      await rescoreAfterActivation(dataSource, model.kind, actor);
      return repo.findOneByOrFail({ kind: model.kind });
    }
  }
  throw new AppError('CONFLICT', `the active ${model.kind} model keeps changing; try again`);
}

/**
 * Writes a succeeded training into its version row (the version number assigned here), inside the
 * job's fenced completion transaction; the first version of a kind becomes active by itself,
 * later ones wait for activateModel.
 */
export async function recordTrainedVersion(manager: EntityManager, modelId: number, kind: ModelKind, fields: Partial<ModelVersionEntity>): Promise<number> {
  const now = new Date();
  const [{ last }] = await manager.query('SELECT MAX(version) AS last FROM model_versions WHERE kind = ?', [kind]);
  const version = Number(last ?? 0) + 1;
  await manager.update(ModelVersionEntity, { id: modelId }, { ...fields, status: 'succeeded', version, finishedAt: now } as never);
  const active = await manager.findOneBy(ActiveModelEntity, { kind });
  if (!active) await manager.insert(ActiveModelEntity, { kind, modelId, previousModelId: null, activations: 1, activatedAt: now, activatedBy: 'segmenta' });
  return version;
}

/** Re-activates the version that was active before the current one. */
export async function rollbackModel(dataSource: DataSource, kind: ModelKind, actor: string): Promise<ActiveModelEntity> {
  const active = await dataSource.getRepository(ActiveModelEntity).findOneBy({ kind });
  if (!active?.previousModelId) throw new AppError('CONFLICT', `no earlier ${kind} model to roll back to`);
  return activateModel(dataSource, active.previousModelId, actor);
}
