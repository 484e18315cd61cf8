import type { DataSource, EntityManager } from 'typeorm';
import { JOB_TYPES, onJobStateChange, type JobStateChange } from '../jobs/index.js';
import { SegmentationRunEntity } from './segmentation-run.entity.js';

const ACTIVE = ['queued', 'running'];
const ENDED = ['failed', 'cancelled'];

/**
 * Keeps a run's status in step with its job, so a read of runs is a read of their rows. The job
 * layer calls it on every change of a segmentation job (job-events.ts). A failed attempt that will
 * be retried leaves the run as it is; success is also written by the job's own completion.
 */
export async function followRunJob(db: DataSource | EntityManager, change: JobStateChange): Promise<void> {
  const runs = db.createQueryBuilder().update(SegmentationRunEntity);
  switch (change.state) {
    case 'running':
    case 'succeeded':
      await runs.set({ status: change.state }).where('job_id = :jobId AND status IN (:...active)', { jobId: change.jobId, active: ACTIVE }).execute();
      return;
    case 'failed':
    case 'cancelled':
      await runs.set({ status: change.state, error: change.error })
        .where('job_id = :jobId AND status IN (:...active)', { jobId: change.jobId, active: ACTIVE }).execute();
      return;
    case 'queued':
      // Put back by hand (retryJob): the run waits again. A pending automatic retry changes nothing.
      if (change.retrying) return;
      await runs.set({ status: 'queued', error: null }).where('job_id = :jobId AND status IN (:...ended)', { jobId: change.jobId, ended: ENDED }).execute();
  }
}

// Registered when the module loads: every process that runs or changes segmentation jobs (the
// worker, the API's job mutations) loads this module through its index.
onJobStateChange(JOB_TYPES.segmentation, followRunJob);
