import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { enqueueJob, JOB_TYPES } from '../jobs/index.js';
import { ModelVersionEntity } from '../models/index.js';
import { resolveValueParams, type CustomerValueParams } from './customer-value.params.js';

/**
 * Queues the fit of a new customer-value version (one at a time: a second request gets the
 * running one back). The version row exists from the start, so the Models screen shows it queued.
 */
export async function startCustomerValue(dataSource: DataSource, input: Partial<CustomerValueParams>, actor: string) {
  const params = resolveValueParams(input);
  const versions = dataSource.getRepository(ModelVersionEntity);
  const model = await versions.save(versions.create({ kind: 'customer-value', version: null, status: 'queued', params: params as never, createdBy: actor, createdAt: new Date() }));
  const { job, existing } = await enqueueJob(dataSource, JOB_TYPES.customerValue, { mode: 'fit', modelId: model.id }, { concurrencyKey: 'customer-value-fit', createdBy: actor, maxAttempts: 2 });
  if (existing) {
    await versions.delete({ id: model.id });
    const running = await versions.findOneBy({ jobId: job.id });
    if (!running) throw new AppError('CONFLICT', 'another customer-value model is starting; try again');
    return { model: running, job, existing: true };
  }
  model.jobId = job.id;
  await versions.update({ id: model.id }, { jobId: job.id });
  return { model, job, existing: false };
}

/** Queues scoring everyone with the active customer-value version as of a date (default: the day after the last order). */
export async function startValueScoring(dataSource: DataSource, actor: string, asOf: string | null = null) {
  if (asOf !== null && Number.isNaN(Date.parse(asOf))) throw new AppError('BAD_USER_INPUT', 'asOf must be a date (YYYY-MM-DD)');
  return enqueueJob(dataSource, JOB_TYPES.customerValue, { mode: 'score', asOf }, { concurrencyKey: 'customer-value-score', createdBy: actor, maxAttempts: 3 });
}
