// The jobs module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { LeaseLostError, cancelJob, claimJob, completeJob, enqueueJob, heartbeat, releaseJob, retryJob } from './job-queue.js';
export { JOB_TYPES, type FollowUp } from './job-names.js';
export { onJobStateChange, type JobState, type JobStateChange, type JobStateListener } from './job-events.js';
export { JobWorker, type JobHandler, type JobHandlers, type JobRunContext, type WorkerOptions } from './job-worker.js';
export { JobEntity } from './job.entity.js';
export { JobResolver } from './job.resolver.js';
export { JobType } from './job.types.js';
