import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AppError } from '../../errors.js';
import { JobEntity } from './job.entity.js';
import { publishJobState } from './job-events.js';
import { lockParentOf, settleParent } from './job-graph.js';
import { now as clockNow } from '../../clock.js';
import { withConflictRetry } from '../../db/conflict-retry.js';

/**
 * The database-backed queue. Every state change is a single fenced UPDATE:
 * - claim: compare-and-set on (id, attempt, status/lease) → bumps `attempt`;
 * - heartbeat, progress, completion, failure: only WHERE attempt = the attempt claimed.
 * A worker whose lease lapsed and whose job was re-claimed matches no row and stops: it cannot
 * overwrite the newer attempt. Portable SQL only (no SKIP LOCKED), so it runs on SQLite, MySQL,
 * MariaDB and the MySQL-compatible databases that lack SKIP LOCKED.
 */
export class LeaseLostError extends Error {
  constructor(jobId: number, attempt: number) {
    super(`job ${jobId}: attempt ${attempt} no longer holds the lease`);
    this.name = 'LeaseLostError';
  }
}

export interface EnqueueOptions {
  concurrencyKey?: string;
  maxAttempts?: number;
  createdBy?: string;
  runAfter?: Date;
  /** The job that waits for this one, and this one's step in it (job-graph.ts). */
  parentId?: number;
  step?: string;
}

const ACTIVE = ['queued', 'running'];

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.driverError?.code ?? e.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e.message ?? '');
}

/** Adds a job; with a concurrency key, returns the active job of that key instead of a second one. */
export async function enqueueJob(dataSource: DataSource | EntityManager, type: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<{ job: JobEntity; existing: boolean }> {
  const repo = dataSource.getRepository(JobEntity);
  const now = clockNow();
  try {
    const job = await repo.save(repo.create({
      type, status: 'queued', payload, result: null, error: null,
      concurrencyKey: opts.concurrencyKey ?? null, activeKey: opts.concurrencyKey ?? null,
      attempt: 0, maxAttempts: opts.maxAttempts ?? 3, runAfter: opts.runAfter ?? now,
      progressDone: 0, progressTotal: null, cancelRequested: false, createdBy: opts.createdBy ?? null, createdAt: now,
      parentId: opts.parentId ?? null, step: opts.step ?? null,
    }));
    return { job, existing: false };
  } catch (error) {
    if (!opts.concurrencyKey || !isUniqueViolation(error)) throw error;
    const active = await repo.findOneBy({ activeKey: opts.concurrencyKey });
    if (!active) throw new AppError('CONFLICT', `another ${type} job for ${opts.concurrencyKey} just finished; try again`);
    return { job: active, existing: true };
  }
}

/** Claims the oldest runnable job (queued and due, or running with a lapsed lease). */
export async function claimJob(dataSource: DataSource, workerId: string, leaseSeconds: number, opts: { types?: string[]; jobId?: number } = {}): Promise<JobEntity | null> {
  const repo = dataSource.getRepository(JobEntity);
  const now = clockNow();
  const qb = repo.createQueryBuilder('j')
    .where(`((j.status = 'queued' AND j.run_after <= :now) OR (j.status = 'running' AND j.lease_expires_at < :now))`, { now })
    .orderBy('j.id', 'ASC').limit(10);
  if (opts.types?.length) qb.andWhere('j.type IN (:...types)', { types: opts.types });
  if (opts.jobId) qb.andWhere('j.id = :jobId', { jobId: opts.jobId });
  for (const candidate of await qb.getMany()) {
    if (candidate.status === 'running' && candidate.attempt >= candidate.maxAttempts) {
      // Its last attempt died without a word (killed worker, lost lease): give up on it.
      const lostError = candidate.error ?? `worker lost after ${candidate.attempt} attempts`;
      const gaveUp = await repo.createQueryBuilder().update(JobEntity)
        .set({ status: 'failed', error: lostError, finishedAt: now, activeKey: null, leaseOwner: null })
        .where('id = :id AND attempt = :attempt AND status = :status', { id: candidate.id, attempt: candidate.attempt, status: 'running' }).execute();
      if (gaveUp.affected === 1) {
        await publishJobState(dataSource, candidate.id, { state: 'failed', error: lostError, retrying: false }, candidate.type);
        await settleParent(dataSource, candidate.id);
      }
      continue;
    }
    const leaseExpiresAt = new Date(now.getTime() + leaseSeconds * 1000);
    const result = await repo.createQueryBuilder().update(JobEntity)
      .set({ status: 'running', attempt: candidate.attempt + 1, leaseOwner: workerId, leaseExpiresAt, heartbeatAt: now, startedAt: candidate.startedAt ?? now })
      .where(`id = :id AND attempt = :attempt AND ((status = 'queued') OR (status = 'running' AND lease_expires_at < :now))`, { id: candidate.id, attempt: candidate.attempt, now })
      .execute();
    if (result.affected === 1) {
      await publishJobState(dataSource, candidate.id, { state: 'running', error: null, retrying: false }, candidate.type);
      return repo.findOneByOrFail({ id: candidate.id });
    }
  }
  return null;
}

export interface Heartbeat { progressDone?: number; progressTotal?: number | null; progressMessage?: string | null }

/** Extends the lease (and stores progress). Throws LeaseLostError when the attempt was superseded. */
export async function heartbeat(dataSource: DataSource, jobId: number, attempt: number, leaseSeconds: number, progress: Heartbeat = {}): Promise<{ cancelRequested: boolean }> {
  const now = clockNow();
  const set: QueryDeepPartialEntity<JobEntity> = { leaseExpiresAt: new Date(now.getTime() + leaseSeconds * 1000), heartbeatAt: now };
  if (progress.progressDone !== undefined) set.progressDone = Math.round(progress.progressDone);
  if (progress.progressTotal !== undefined) set.progressTotal = progress.progressTotal === null ? null : Math.round(progress.progressTotal);
  if (progress.progressMessage !== undefined) set.progressMessage = progress.progressMessage?.slice(0, 255) ?? null;
  const result = await dataSource.createQueryBuilder().update(JobEntity).set(set)
    .where('id = :id AND attempt = :attempt AND status = :status', { id: jobId, attempt, status: 'running' }).execute();
  if (result.affected !== 1) throw new LeaseLostError(jobId, attempt);
  const row = await dataSource.getRepository(JobEntity).findOne({ where: { id: jobId }, select: { id: true, cancelRequested: true } });
  return { cancelRequested: Boolean(row?.cancelRequested) };
}

/**
 * Marks the job succeeded and runs `work` (the job's result writes) in the SAME transaction,
 * after the fenced update: if this attempt lost its lease, nothing of it is written.
 */
export async function completeJob(dataSource: DataSource, jobId: number, attempt: number, result: Record<string, any> | null, work?: (manager: EntityManager) => Promise<void>): Promise<void> {
  // A parent's row is shared by its children finishing at once: on a cluster the one certified
  // second is rolled back at COMMIT and run again (db/conflict-retry.ts).
  await withConflictRetry(() => dataSource.transaction(async (manager) => {
    await lockParentOf(manager, jobId);
    const updated = await manager.createQueryBuilder().update(JobEntity)
      .set({ status: 'succeeded', result: result as never, finishedAt: clockNow(), activeKey: null, leaseOwner: null, leaseExpiresAt: null, error: null })
      .where('id = :id AND attempt = :attempt AND status = :status', { id: jobId, attempt, status: 'running' }).execute();
    if (updated.affected !== 1) throw new LeaseLostError(jobId, attempt);
    if (work) await work(manager);
    await publishJobState(manager, jobId, { state: 'succeeded', error: null, retrying: false });
    await settleParent(manager, jobId);
  }));
}

/** A child to start from a parent's handler (job-graph.ts). */
export interface ChildJob {
  step: string;
  type: string;
  payload?: Record<string, unknown>;
  maxAttempts?: number;
  concurrencyKey?: string;
}

/**
 * Puts a parent to wait for the children it starts, in ONE fenced transaction: the parent's
 * state, its own writes (`work`) and its children exist together or not at all. The parent is
 * claimed again when the last child ends (job-graph.ts); each wake-up costs an attempt, so the
 * wait gives one back.
 */
export async function waitForChildren(dataSource: DataSource, jobId: number, attempt: number, result: Record<string, any> | null, children: ChildJob[], work?: (manager: EntityManager) => Promise<void>): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const updated = await manager.createQueryBuilder().update(JobEntity)
      .set({ status: 'waiting', result: result as never, leaseOwner: null, leaseExpiresAt: null, error: null, maxAttempts: () => 'max_attempts + 1' })
      .where('id = :id AND attempt = :attempt AND status = :status', { id: jobId, attempt, status: 'running' }).execute();
    if (updated.affected !== 1) throw new LeaseLostError(jobId, attempt);
    if (work) await work(manager);
    const parent = await manager.findOneByOrFail(JobEntity, { id: jobId });
    for (const child of children) {
      await enqueueJob(manager, child.type, child.payload ?? {}, { parentId: jobId, step: child.step, maxAttempts: child.maxAttempts, concurrencyKey: child.concurrencyKey, createdBy: parent.createdBy ?? undefined });
    }
    await publishJobState(manager, jobId, { state: 'waiting', error: null, retrying: false }, parent.type);
  });
}

/** Exponential backoff after attempt n: base, 2·base, 4·base, ... capped at 5 minutes. */
export function backoffSeconds(attempt: number, baseSeconds = 2): number {
  return Math.min(300, baseSeconds * 2 ** Math.max(0, attempt - 1));
}

export async function failJob(dataSource: DataSource, job: Pick<JobEntity, 'id' | 'attempt' | 'maxAttempts'>, message: string, retryable: boolean, retryBaseSeconds = 2): Promise<'retrying' | 'failed'> {
  const now = clockNow();
  const retry = retryable && job.attempt < job.maxAttempts;
  const set: QueryDeepPartialEntity<JobEntity> = retry
    ? { status: 'queued', error: message, runAfter: new Date(now.getTime() + backoffSeconds(job.attempt, retryBaseSeconds) * 1000), leaseOwner: null, leaseExpiresAt: null }
    : { status: 'failed', error: message, finishedAt: now, activeKey: null, leaseOwner: null, leaseExpiresAt: null };
  const result = await dataSource.createQueryBuilder().update(JobEntity).set(set)
    .where('id = :id AND attempt = :attempt AND status = :status', { id: job.id, attempt: job.attempt, status: 'running' }).execute();
  if (result.affected !== 1) throw new LeaseLostError(job.id, job.attempt);
  await publishJobState(dataSource, job.id, { state: retry ? 'queued' : 'failed', error: message, retrying: retry });
  if (!retry) await settleParent(dataSource, job.id);
  return retry ? 'retrying' : 'failed';
}

export async function markCancelled(dataSource: DataSource, jobId: number, attempt: number): Promise<void> {
  const result = await dataSource.createQueryBuilder().update(JobEntity)
    .set({ status: 'cancelled', finishedAt: clockNow(), activeKey: null, leaseOwner: null, leaseExpiresAt: null })
    .where('id = :id AND attempt = :attempt AND status = :status', { id: jobId, attempt, status: 'running' }).execute();
  if (result.affected === 1) {
    await publishJobState(dataSource, jobId, { state: 'cancelled', error: null, retrying: false });
    await settleParent(dataSource, jobId);
  }
}

/**
 * Hands a running attempt back to the queue at once (its worker is gone: a thread that was
 * stopped or crashed), instead of leaving it to wait for its lease to lapse. Fenced like every
 * other transition: a newer attempt is left alone. `refundAttempt` (an orderly shutdown, not the
 * job's fault) gives the job one more attempt; a crash counts against it, so a job that keeps
 * killing its worker ends up failed.
 */
export async function releaseJob(dataSource: DataSource, jobId: number, attempt: number, opts: { refundAttempt?: boolean } = {}): Promise<boolean> {
  const set: QueryDeepPartialEntity<JobEntity> = { status: 'queued', runAfter: clockNow(), leaseOwner: null, leaseExpiresAt: null };
  if (opts.refundAttempt) set.maxAttempts = () => 'max_attempts + 1';
  const result = await dataSource.createQueryBuilder().update(JobEntity).set(set)
    .where('id = :id AND attempt = :attempt AND status = :status', { id: jobId, attempt, status: 'running' }).execute();
  return result.affected === 1;
}

/** A queued job is cancelled at once; a running one is asked to stop at its next heartbeat. */
export async function cancelJob(dataSource: DataSource, jobId: number): Promise<JobEntity> {
  const repo = dataSource.getRepository(JobEntity);
  const cancelled = await repo.createQueryBuilder().update(JobEntity).set({ status: 'cancelled', finishedAt: clockNow(), activeKey: null })
    .where('id = :id AND status IN (:...statuses)', { id: jobId, statuses: ['queued', 'waiting'] }).execute();
  if (cancelled.affected === 1) {
    await publishJobState(dataSource, jobId, { state: 'cancelled', error: null, retrying: false });
    // A cancelled parent takes its children with it: queued ones at once, running ones at their next heartbeat.
    for (const child of await repo.find({ where: { parentId: jobId }, select: { id: true, status: true } })) {
      if (['queued', 'waiting', 'running'].includes(child.status)) await cancelJob(dataSource, child.id);
    }
    await settleParent(dataSource, jobId);
  }
  await repo.createQueryBuilder().update(JobEntity).set({ cancelRequested: true })
    .where('id = :id AND status = :status', { id: jobId, status: 'running' }).execute();
  const job = await repo.findOneBy({ id: jobId });
  if (!job) throw new AppError('NOT_FOUND', `Job ${jobId} not found`);
  return job;
}

/** Puts a failed or cancelled job back in the queue with a fresh set of attempts. */
export async function retryJob(dataSource: DataSource, jobId: number): Promise<JobEntity> {
  const repo = dataSource.getRepository(JobEntity);
  const job = await repo.findOneBy({ id: jobId });
  if (!job) throw new AppError('NOT_FOUND', `Job ${jobId} not found`);
  if (!['failed', 'cancelled'].includes(job.status)) throw new AppError('CONFLICT', `Job ${jobId} is ${job.status}; only failed or cancelled jobs can be retried`);
  try {
    const requeued = await repo.createQueryBuilder().update(JobEntity)
      .set({ status: 'queued', runAfter: clockNow(), cancelRequested: false, finishedAt: null, maxAttempts: job.attempt + 3, activeKey: job.concurrencyKey })
      .where('id = :id AND attempt = :attempt AND status IN (:...statuses)', { id: jobId, attempt: job.attempt, statuses: ['failed', 'cancelled'] }).execute();
    if (requeued.affected === 1) await publishJobState(dataSource, jobId, { state: 'queued', error: null, retrying: false }, job.type);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', `another job for ${job.concurrencyKey} is active`);
    throw error;
  }
  return repo.findOneByOrFail({ id: jobId });
}

export const isActiveStatus = (status: string) => ACTIVE.includes(status);
