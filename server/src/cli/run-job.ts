import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { JobEntity } from '../modules/jobs/index.js';
import { createWorker } from '../worker.js';

/** Runs `worker` until job `jobId` ends, reporting each state seen, and returns the job as it ended. */
async function runUntilEnded(dataSource: DataSource, worker: ReturnType<typeof createWorker>, jobId: number, onProgress?: (job: JobEntity) => void): Promise<JobEntity> {
  worker.start();
  const repo = dataSource.getRepository(JobEntity);
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const job = await repo.findOneByOrFail({ id: jobId });
      onProgress?.(job);
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    }
  } finally {
    await worker.stop();
  }
}

/** Runs one queued job in this process (the CLI's default) and returns it in its final state. */
export function runJobHere(dataSource: DataSource, config: AppConfig, logger: Logger, jobId: number, onProgress?: (job: JobEntity) => void): Promise<JobEntity> {
  return runUntilEnded(dataSource, createWorker(dataSource, config, logger, { jobId }), jobId, onProgress);
}

/**
 * Runs a parent job and its children in this process until the parent ends: a worker that
 * takes the job types of the graph (the CLI's `pipeline`).
 */
export function runJobGraphHere(dataSource: DataSource, config: AppConfig, logger: Logger, jobId: number, onProgress?: (job: JobEntity) => void): Promise<JobEntity> {
  return runUntilEnded(dataSource, createWorker(dataSource, config, logger), jobId, onProgress);
}

export function progressLine(job: JobEntity): string {
  const total = job.progressTotal ? `/${job.progressTotal}` : '';
  return `job ${job.id} ${job.type} ${job.status} ${job.progressDone}${total} ${job.progressMessage ?? ''}`;
}
