import os from 'node:os';
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { releaseJob } from '../modules/jobs/index.js';
import type { FromWorkerThread } from './messages.js';
import { workerThreadHost, type ThreadListener } from './thread-host.js';

/**
 * The job worker of `serve --with-worker`, on a worker thread of the API process. A segmentation
 * holds its thread's event loop for seconds at a time (k-means over every k and init); on the API
 * thread that left /health and every request unanswered meanwhile. The thread has its own data
 * source (SQLite: a second connection to the same file; MySQL/MariaDB: its own pool) and runs the
 * same JobWorker as `segmenta worker`, so the queue's claim, lease and fence rules are unchanged.
 *
 * Supervision: the worker's log lines go to the API's logger; a thread that crashes (or a worker
 * whose database did not open) is logged and started again with backoff, and the attempt it held
 * is handed back to the queue at once (its lease would also lapse by itself). `stop()` lets the
 * job in hand finish for a grace period, then ends the thread and hands the job back.
 */
export interface InProcessWorkerStatus {
  mode: 'thread';
  state: 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped';
  /** Last time the thread's event loop turned (ISO); it pauses while a job is inside a long synchronous step. */
  lastHeartbeatAt: string | null;
  restarts: number;
  job: { id: number; type: string } | null;
}

export interface InProcessWorkerOptions {
  /** How long stop() waits for the job in hand before stopping the thread (default 10 s: under the CLI's 15 s forced exit). */
  graceMs?: number;
  /** First restart delay after a crash; doubles per consecutive crash up to restartMaxMs. */
  restartBaseMs?: number;
  restartMaxMs?: number;
}

/** A worker that ran this long before failing starts again after the base delay. */
const STABLE_MS = 60_000;

/** Workers by the API data source they serve, for the health routes. */
const byDataSource = new WeakMap<DataSource, InProcessWorker>();

/** The in-process worker serving this API data source, or null when there is none (a separate `segmenta worker`). */
export function inProcessWorkerStatus(dataSource: DataSource): InProcessWorkerStatus | null {
  return byDataSource.get(dataSource)?.status() ?? null;
}

export class InProcessWorker implements ThreadListener {
  /** Also the JobWorker's id: the lease owner written on the jobs it claims. */
  readonly id = `${os.hostname()}:${process.pid}:thread:${crypto.randomBytes(3).toString('hex')}`;
  private wanted = false;
  private state: InProcessWorkerStatus['state'] = 'stopped';
  private startedAt = 0;
  private restarts = 0;
  private consecutiveFailures = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private job: { id: number; attempt: number; type: string } | null = null;
  /** Settles the pending stop(): the worker stopped, or its thread ended. */
  private settleStop: (() => void) | null = null;
  private readonly graceMs: number;
  private readonly restartBaseMs: number;
  private readonly restartMaxMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly logger: Logger,
    options: InProcessWorkerOptions = {},
  ) {
    this.graceMs = options.graceMs ?? 10_000;
    this.restartBaseMs = options.restartBaseMs ?? 1_000;
    this.restartMaxMs = options.restartMaxMs ?? 30_000;
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    byDataSource.set(this.dataSource, this);
    this.launch();
  }

  /** Stops claiming; the job in hand finishes within the grace period or is handed back to the queue. */
  async stop(): Promise<void> {
    this.wanted = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.state === 'starting' || this.state === 'running') {
      this.state = 'stopping';
      const settled = new Promise<void>((resolve) => { this.settleStop = resolve; });
      workerThreadHost.post({ kind: 'stop', key: this.id });
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([settled.then(() => true), new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), this.graceMs); })]);
      clearTimeout(timer);
      if (!inTime) {
        this.logger.warn({ worker: this.id, jobId: this.job?.id }, 'worker thread did not finish its job in time; ending it and handing the job back');
        await workerThreadHost.terminate();
        await settled;
      }
    }
    workerThreadHost.detach(this.id);
    this.state = 'stopped';
  }

  status(): InProcessWorkerStatus {
    const beat = workerThreadHost.lastHeartbeat;
    return {
      mode: 'thread', state: this.state, restarts: this.restarts,
      lastHeartbeatAt: beat === null ? null : new Date(beat).toISOString(),
      job: this.job ? { id: this.job.id, type: this.job.type } : null,
    };
  }

  onMessage(message: Exclude<FromWorkerThread, { kind: 'heartbeat' }>): void {
    switch (message.kind) {
      case 'started':
        this.startedAt = Date.now();
        if (this.state === 'starting') this.state = 'running';
        this.logger.info({ worker: this.id }, 'in-process worker started on its thread');
        break;
      case 'start-failed':
        this.logger.error({ err: Object.assign(new Error(message.error.message), { stack: message.error.stack }), worker: this.id }, 'in-process worker could not start');
        if (this.state === 'stopping') this.settleStop?.();
        else this.scheduleRestart();
        break;
      case 'stopped': this.settleStop?.(); break;
      case 'job': this.job = message.job; break;
      case 'log': this.relay(message.line); break;
    }
  }

  onThreadExit(exitCode: number, error: unknown): void {
    const stopping = this.state === 'stopping';
    const job = this.job;
    this.job = null;
    if (!stopping) this.logger.error({ err: error ?? undefined, exitCode, worker: this.id, jobId: job?.id }, 'worker thread crashed');
    void (async () => {
      if (job) {
        // Only this worker held the attempt and its thread is gone: nothing of the attempt can be written any more.
        try {
          // A stop that outlived its grace is not the job's fault; a crash counts against it.
          const released = await releaseJob(this.dataSource, job.id, job.attempt, { refundAttempt: stopping });
          if (released) this.logger.warn({ jobId: job.id, attempt: job.attempt, type: job.type }, 'job handed back to the queue');
        } catch (releaseError) {
          this.logger.warn({ err: releaseError, jobId: job.id }, 'could not hand the job back; its lease will lapse and it will be retried');
        }
      }
      if (stopping) this.settleStop?.();
      else if (this.wanted) this.scheduleRestart();
    })();
  }

  private launch(): void {
    this.state = 'starting';
    workerThreadHost.attach(this.id, this);
    workerThreadHost.post({ kind: 'start', key: this.id, config: this.config, logLevel: this.logger.level });
  }

  private scheduleRestart(): void {
    if (this.startedAt && Date.now() - this.startedAt > STABLE_MS) this.consecutiveFailures = 0;
    this.consecutiveFailures++;
    const delay = Math.min(this.restartMaxMs, this.restartBaseMs * 2 ** (this.consecutiveFailures - 1));
    this.state = 'restarting';
    this.logger.warn({ worker: this.id, delayMs: delay, consecutiveFailures: this.consecutiveFailures }, 'starting the in-process worker again');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.wanted) return;
      this.restarts++;
      this.launch();
    }, delay);
  }

  /** Writes one of the worker's pino lines through the API's logger, at its level. */
  private relay(line: string): void {
    let entry: Record<string, unknown>;
    try { entry = JSON.parse(line); } catch { return; }
    const { level, msg, time: _time, pid: _pid, hostname: _hostname, name: _name, ...fields } = entry;
    const label = this.logger.levels.labels[Number(level)] ?? 'info';
    const err = fields.err as { type?: string; message?: string; stack?: string } | undefined;
    // The thread already serialised its errors; make them errors again so they print the same.
    if (err && typeof err.message === 'string') fields.err = Object.assign(new Error(err.message), { ...err, name: err.type ?? 'Error' });
    const log = (this.logger as unknown as Record<string, (obj: object, msg?: string) => void>)[label];
    log?.call(this.logger, fields, typeof msg === 'string' ? msg : undefined);
  }
}
