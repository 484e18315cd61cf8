import os from 'node:os';
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/index.js';
import { errorRule } from '@segmenta/shared';
import { AppError, asAppError } from '../../errors.js';
import { isDatabaseUnavailable } from '../../graphql/format-error.js';
import type { JobEntity } from './job.entity.js';
import { createPacer, type Pace } from '../../db/pacing.js';
import { claimJob, completeJob, enqueueJob, failJob, heartbeat, LeaseLostError, markCancelled, waitForChildren, type ChildJob } from './job-queue.js';
import type { FollowUp } from './job-names.js';

export interface JobRunContext {
  job: JobEntity;
  dataSource: DataSource;
  config: AppConfig;
  logger: Logger;
  /** Aborted when the job is cancelled or this attempt lost its lease: stop work promptly. */
  signal: AbortSignal;
  /** Records progress; written to the database with the next heartbeat (at most once a second). */
  progress(done: number, total?: number | null, message?: string): void;
  /** Throws when the signal is aborted; call it between chunks of work. */
  checkpoint(): void;
  /** Runs one batch of bulk database work, then rests as WORKER_DB_DUTY asks (db/pacing.ts). */
  pace: Pace;
}

export interface JobOutcome {
  result?: Record<string, unknown>;
  /** Result writes, run in the completion transaction behind the attempt fence. */
  commit?: (manager: EntityManager) => Promise<void>;
  /**
   * Jobs that start when this one succeeds, enqueued in the same completion transaction after
   * `commit`: they exist exactly when this job's results do, and a superseded attempt adds none.
   */
  followUps?: FollowUp[];
  /**
   * Children to start: the job then waits ('waiting') instead of succeeding, and its handler runs
   * again when the last child ends (job-graph.ts). Follow-ups are ignored while it waits.
   */
  children?: ChildJob[];
}

/** The completion work of an outcome: its own writes, then its follow-up jobs. */
function completionWork(outcome: JobOutcome): ((manager: EntityManager) => Promise<void>) | undefined {
  const followUps = outcome.followUps ?? [];
  if (!outcome.commit && followUps.length === 0) return undefined;
  return async (manager) => {
    await outcome.commit?.(manager);
    for (const next of followUps) {
      await enqueueJob(manager, next.type, next.payload ?? {}, { concurrencyKey: next.concurrencyKey, maxAttempts: next.maxAttempts, createdBy: next.createdBy });
    }
  };
}

export type JobHandler = (ctx: JobRunContext) => Promise<JobOutcome | void>;
export type JobHandlers = Record<string, JobHandler>;

class CancelledError extends Error {
  constructor() { super('cancelled'); this.name = 'CancelledError'; }
}

/** Errors that will not go away on retry (bad input, unknown job type): shared's ERROR_CODES says which. */
function isPermanent(raw: unknown): boolean {
  const error = asAppError(raw);
  return error instanceof AppError && !errorRule(error.code).retry;
}

export interface WorkerOptions {
  id?: string;
  types?: string[];
  /** Process only this job, then stop (the CLI's `--wait`). */
  jobId?: number;
  /** Told when an attempt starts (the job in hand) and ends (null): a supervisor can hand it back if this worker dies. */
  onJob?: (job: { id: number; attempt: number; type: string } | null) => void;
}

export class JobWorker {
  readonly id: string;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly logger: Logger,
    private readonly handlers: JobHandlers,
    private readonly options: WorkerOptions = {},
  ) {
    this.id = options.id ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the job in hand (or gives it up to its lease) and stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Claims and runs one job; false when there was nothing to do. */
  async runOnce(): Promise<boolean> {
    const types = this.options.types ?? Object.keys(this.handlers);
    // No types means "claim anything" to claimJob: a worker without handlers (the API's
    // in-process worker before any module registers one) would claim jobs only to fail them.
    if (types.length === 0) return false;
    const job = await claimJob(this.dataSource, this.id, this.config.worker.leaseSeconds, { types, jobId: this.options.jobId });
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOnce();
        failures = 0;
      } catch (error) {
        failures++;
        // The database may be away: back off, keep the process alive, and resume when it returns.
        this.logger.warn({ err: error, worker: this.id }, isDatabaseUnavailable(error) ? 'database unavailable; worker waiting' : 'worker loop error');
      }
      if (!worked && this.running) {
        const delay = failures ? Math.min(5_000, this.config.worker.pollMs * 2 ** failures) : this.config.worker.pollMs;
        await new Promise<void>((resolve) => { this.wake = resolve; setTimeout(resolve, delay); });
      }
    }
  }

  private async execute(job: JobEntity): Promise<void> {
    const handler = this.handlers[job.type];
    const log = this.logger.child({ jobId: job.id, type: job.type, attempt: job.attempt, worker: this.id });
    const controller = new AbortController();
    let progress = { done: job.progressDone, total: job.progressTotal as number | null, message: null as string | null, dirty: false };
    let lastWrite = 0;
    let beat: Promise<void> = Promise.resolve();

    const sendHeartbeat = async () => {
      const payload = progress.dirty ? { progressDone: progress.done, progressTotal: progress.total, progressMessage: progress.message } : {};
      progress.dirty = false;
      lastWrite = Date.now();
      try {
        const { cancelRequested } = await heartbeat(this.dataSource, job.id, job.attempt, this.config.worker.leaseSeconds, payload);
        if (cancelRequested && !controller.signal.aborted) controller.abort(new CancelledError());
      } catch (error) {
        if (error instanceof LeaseLostError) controller.abort(error);
        else log.warn({ err: error }, 'heartbeat failed; will retry');
      }
    };
    const timer = setInterval(() => { beat = beat.then(sendHeartbeat); }, Math.max(200, (this.config.worker.leaseSeconds * 1000) / 3));

    const pacer = createPacer(this.config.worker.dbDuty, { signal: controller.signal });
    const ctx: JobRunContext = {
      job, dataSource: this.dataSource, config: this.config, logger: log, signal: controller.signal, pace: pacer,
      progress: (done, total, message) => {
        progress = { done, total: total === undefined ? progress.total : total, message: message ?? progress.message, dirty: true };
        if (Date.now() - lastWrite > 1000) beat = beat.then(sendHeartbeat);
      },
      checkpoint: () => {
        if (controller.signal.aborted) throw controller.signal.reason;
      },
    };

    this.options.onJob?.({ id: job.id, attempt: job.attempt, type: job.type });
    try {
      if (!handler) throw new AppError('BAD_USER_INPUT', `no handler for job type ${job.type}`);
      log.info('job started');
      const outcome = (await handler(ctx)) ?? {};
      ctx.checkpoint();
      clearInterval(timer);
      await beat;
      if (outcome.children?.length) await waitForChildren(this.dataSource, job.id, job.attempt, outcome.result ?? null, outcome.children, outcome.commit);
      else await completeJob(this.dataSource, job.id, job.attempt, outcome.result ?? null, completionWork(outcome));
      const paced = pacer.totals();
      log.info(paced.batches ? { pacing: { duty: pacer.duty, batches: paced.batches, workMs: Math.round(paced.workMs), restMs: Math.round(paced.restMs) } } : {}, 'job succeeded');
    } catch (error) {
      clearInterval(timer);
      await beat;
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      if (reason instanceof LeaseLostError) {
        log.warn('lease lost; this attempt stops without writing');
      } else if (reason instanceof CancelledError) {
        await markCancelled(this.dataSource, job.id, job.attempt);
        log.info('job cancelled');
      } else {
        const message = reason instanceof Error ? reason.message : String(reason);
        try {
          const state = await failJob(this.dataSource, job, message, !isPermanent(reason), this.config.worker.retryBaseSeconds);
          log.warn({ err: reason, state }, 'job attempt failed');
        } catch (failError) {
          log.error({ err: failError }, 'could not record the failure; the lease will lapse and the job be retried');
        }
      }
    } finally {
      clearInterval(timer);
      this.options.onJob?.(null);
    }
  }
}
