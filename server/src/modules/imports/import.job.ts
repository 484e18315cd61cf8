import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/index.js';
import type { JobHandler } from '../jobs/index.js';
import { enqueueJob, JOB_TYPES, type FollowUp } from '../jobs/index.js';
import { ImportRunEntity } from './import-run.entity.js';
import { createImportRun, executeImport } from './import.service.js';
import type { CreateImportInput } from './import.types.js';

/** Records the import and queues its job; the worker does the reading and writing. A follow-up (e.g. the segmentation after a demo import) starts when the import succeeds. */
export async function startImport(dataSource: DataSource, config: Pick<AppConfig, 'importMaxBytes'>, input: CreateImportInput, actor: string, followUp?: FollowUp) {
  const run = await createImportRun(dataSource, input, config);
  const { job } = await enqueueJob(dataSource, JOB_TYPES.import, { importId: run.id, ...(followUp ? { followUp } : {}) }, { createdBy: actor, maxAttempts: 3 });
  await dataSource.getRepository(ImportRunEntity).update({ id: run.id }, { jobId: job.id });
  run.jobId = job.id;
  return { run, job };
}

/**
 * Job 'import'. The import commits batch by batch with its own checkpoint, so a retried attempt
 * resumes after the last committed batch; cancellation stops between batches.
 */
export const importJob: JobHandler = async (ctx) => {
  const importId = Number(ctx.job.payload?.importId);
  const followUp = ctx.job.payload?.followUp as FollowUp | undefined;
  const report = await executeImport(ctx.dataSource, importId, {
    config: ctx.config,
    onProgress: (p) => ctx.progress(p.done, p.total, `${Math.round(p.rate)} rows/s`),
    isCancelled: () => ctx.signal.aborted,
  });
  ctx.checkpoint();
  return {
    result: { importId, status: report.status, rowsRead: report.rowsRead, rowsImported: report.rowsImported, rowsSkipped: report.rowsSkipped, rowsRejected: report.rowsRejected },
    followUps: followUp ? [{ ...followUp, createdBy: 'pipeline' }] : [],
  };
};
