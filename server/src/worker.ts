import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { JobWorker, type JobHandlers, type WorkerOptions } from './modules/jobs/job-worker.js';
import { segmentationJob } from './modules/segmentation/segmentation.job.js';
import { importJob } from './modules/imports/index.js';
import { modelTrainingJob, scoringJob } from './modules/models/index.js';
import { targetingRebuildJob, TARGETING_REBUILD_JOB } from './modules/targeting/index.js';
import { demoHistoryJob, DEMO_HISTORY_JOB } from './demo/demo-history.job.js';

/** Every job type the worker knows, by name: wiring only, the work lives in the modules. */
export function jobHandlers(): JobHandlers {
  return { import: importJob, segmentation: segmentationJob, 'model-training': modelTrainingJob, scoring: scoringJob, [TARGETING_REBUILD_JOB]: targetingRebuildJob, [DEMO_HISTORY_JOB]: demoHistoryJob };
}

export function createWorker(dataSource: DataSource, config: AppConfig, logger: Logger, options: WorkerOptions = {}): JobWorker {
  return new JobWorker(dataSource, config, logger.child({ component: 'worker' }), jobHandlers(), options);
}
