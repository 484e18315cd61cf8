import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { JobWorker, type JobHandlers, type WorkerOptions, JOB_TYPES } from './modules/jobs/index.js';
import { createSegmentationJob } from './modules/segmentation/index.js';
import { writePersonaDrafts } from './modules/personas/index.js';
import { importJob } from './modules/imports/index.js';
import { modelTrainingJob, scoringJob } from './modules/models/index.js';
import { targetingRebuildJob } from './modules/targeting/index.js';
import { DESTINATION_SYNC_JOB, destinationSyncJob } from './modules/destinations/index.js';
import { demoHistoryJob, DEMO_HISTORY_JOB } from './demo/demo-history.job.js';

/**
 * Every job type the worker knows, by name: wiring only, the work lives in the modules. Reactions
 * across modules are wired here too (a run's segments → its personas), so no module imports the
 * one that reacts to it.
 */
export function jobHandlers(): JobHandlers {
  const segmentationJob = createSegmentationJob({ onSegmentsWritten: [writePersonaDrafts] });
  return {
    [JOB_TYPES.import]: importJob, [JOB_TYPES.segmentation]: segmentationJob, [JOB_TYPES.modelTraining]: modelTrainingJob,
    [JOB_TYPES.scoring]: scoringJob, [JOB_TYPES.targetingRebuild]: targetingRebuildJob, [DEMO_HISTORY_JOB]: demoHistoryJob,
    [DESTINATION_SYNC_JOB]: destinationSyncJob,
  };
}

export function createWorker(dataSource: DataSource, config: AppConfig, logger: Logger, options: WorkerOptions = {}): JobWorker {
  return new JobWorker(dataSource, config, logger.child({ component: 'worker' }), jobHandlers(), options);
}
