import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { JobWorker, type JobHandlers, type WorkerOptions, JOB_TYPES } from './modules/jobs/index.js';
import { createSegmentationJob } from './modules/segmentation/index.js';
import { writePersonaDrafts } from './modules/personas/index.js';
import { importJob } from './modules/imports/index.js';
import { modelTrainingJob, scoringJob } from './modules/models/index.js';
import { targetingRebuildJob } from './modules/targeting/index.js';
import { activationDecisionJob, driftReportJob } from './modules/drift/index.js';
import { upliftScoringJob, upliftTrainingJob } from './modules/uplift/index.js';
import { customerValueJob } from './modules/customer-value/index.js';
import { tagsExportJob } from './modules/exports/index.js';
import { DESTINATION_SYNC_JOB, destinationSyncJob } from './modules/destinations/index.js';
import { demoHistoryJob, DEMO_HISTORY_JOB } from './demo/demo-history.job.js';
import { CAMPAIGN_LAUNCH_JOB, campaignLaunchJob, INBOX_JOB, inboxImportJob, Ticker } from './modules/schedules/index.js';
import { REFRESH_JOB, refreshChainJob } from './modules/refresh/index.js';

/**
 * Every job type the worker knows, by name: wiring only, the work lives in the modules. Reactions
 * across modules are wired here too (a run's segments → its personas), so no module imports the
 * one that reacts to it.
 */
export function jobHandlers(): JobHandlers {
  const segmentationJob = createSegmentationJob({ onSegmentsWritten: [writePersonaDrafts] });
  return {
    [JOB_TYPES.import]: importJob, [JOB_TYPES.segmentation]: segmentationJob, [JOB_TYPES.modelTraining]: modelTrainingJob,
    [JOB_TYPES.scoring]: scoringJob, [JOB_TYPES.targetingRebuild]: targetingRebuildJob, [JOB_TYPES.tagsExport]: tagsExportJob,
    [DEMO_HISTORY_JOB]: demoHistoryJob,
    [JOB_TYPES.driftReport]: driftReportJob, [JOB_TYPES.activationDecision]: activationDecisionJob,
    [JOB_TYPES.upliftTraining]: upliftTrainingJob, [JOB_TYPES.upliftScoring]: upliftScoringJob,
    [REFRESH_JOB]: refreshChainJob,
    [INBOX_JOB]: inboxImportJob, [CAMPAIGN_LAUNCH_JOB]: campaignLaunchJob,
    [JOB_TYPES.customerValue]: customerValueJob,
    [DESTINATION_SYNC_JOB]: destinationSyncJob,
  };
}

export function createWorker(dataSource: DataSource, config: AppConfig, logger: Logger, options: WorkerOptions = {}): JobWorker {
  return new JobWorker(dataSource, config, logger.child({ component: 'worker' }), jobHandlers(), options);
}

/** The ticker every worker runs beside its job loop: schedules, campaign start times, stuck jobs (ticks are claimed, so they fire once). */
export function createTicker(dataSource: DataSource, config: AppConfig, logger: Logger, workerId: string): Ticker {
  return new Ticker(dataSource, logger.child({ component: 'ticker' }), { workerId, intervalMs: config.tickMs, leaseSeconds: config.worker.leaseSeconds });
}
