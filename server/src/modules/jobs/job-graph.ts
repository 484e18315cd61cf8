import { EntityManager, type DataSource } from 'typeorm';
import { dialectOf } from '../../db/dialect.js';
import { now } from '../../clock.js';
import { JobEntity } from './job.entity.js';
import { publishJobState } from './job-events.js';

/**
 * The job graph: a parent waits ('waiting', claimed by nobody) while its children run; when the
 * last child ends, the parent is put back in the queue (its handler then starts the next step or
 * finishes), or failed at once when that child failed, with the child's error on the parent.
 *
 * Each child's terminal transition calls `settleParent`. The parent row is locked first (FOR
 * UPDATE on MySQL/MariaDB; SQLite writes one at a time anyway), and the children are counted with
 * a locking read, which sees the latest committed rows: two children ending at once serialise on
 * the parent, and the second one sees the first as ended. A settle lost to a crash between the
 * child's update and this one is caught by `wakeStalledParents` (run by the ticker).
 */
export const ACTIVE_STATUSES = ['queued', 'running', 'waiting'];
export const TERMINAL_STATUSES = ['succeeded', 'failed', 'cancelled'];

function lockSuffix(db: DataSource | EntityManager): string {
  const dataSource = 'connection' in db ? db.connection : db;
  return dialectOf(dataSource) === 'sqlite' ? '' : ' FOR UPDATE';
}

async function settleIn(manager: EntityManager, parentId: number, endedChild: Pick<JobEntity, 'id' | 'status' | 'error' | 'step'> | null): Promise<void> {
  const lock = lockSuffix(manager);
  const [parent] = await manager.query(`SELECT id, status, parent_id, type FROM jobs WHERE id = ?${lock}`, [parentId]);
  if (!parent || parent.status !== 'waiting') return;
  const [{ active }] = await manager.query(`SELECT COUNT(*) AS active FROM jobs WHERE parent_id = ? AND status IN ('queued', 'running', 'waiting')${lock}`, [parentId]);
  if (Number(active) > 0) return;
  const at = now();
  if (endedChild && endedChild.status !== 'succeeded') {
    const error = `step ${endedChild.step ?? '?'} (job ${endedChild.id}) ${endedChild.status}${endedChild.error ? `: ${endedChild.error}` : ''}`.slice(0, 2000);
    await manager.createQueryBuilder().update(JobEntity).set({ status: 'failed', error, finishedAt: at, activeKey: null, leaseOwner: null, leaseExpiresAt: null })
      .where('id = :id AND status = :status', { id: parentId, status: 'waiting' }).execute();
    await publishJobState(manager, parentId, { state: 'failed', error, retrying: false }, parent.type);
    if (parent.parent_id) await settleIn(manager, Number(parent.parent_id), { id: parentId, status: 'failed', error, step: null });
    return;
  }
  await manager.createQueryBuilder().update(JobEntity).set({ status: 'queued', runAfter: at })
    .where('id = :id AND status = :status', { id: parentId, status: 'waiting' }).execute();
  await publishJobState(manager, parentId, { state: 'queued', error: null, retrying: false }, parent.type);
}

/**
 * Locks the parent row of a job (if any) at the start of the job's completion transaction,
 * before the job's own row: every transaction that ends a child takes the parent first, so two
 * children of a fan-out ending at once queue on the parent instead of each holding its own row
 * while waiting for the other's (a deadlock when the second counts the children).
 */
export async function lockParentOf(manager: EntityManager, jobId: number): Promise<void> {
  const lock = lockSuffix(manager);
  if (!lock) return;
  const [row] = await manager.query('SELECT parent_id FROM jobs WHERE id = ?', [jobId]);
  if (row?.parent_id) await manager.query(`SELECT id FROM jobs WHERE id = ?${lock}`, [row.parent_id]);
}

/** Called when a job ended (succeeded, failed for good, cancelled): wakes or fails its parent. */
export async function settleParent(db: DataSource | EntityManager, childId: number): Promise<void> {
  const run = async (manager: EntityManager) => {
    const child = await manager.findOne(JobEntity, { where: { id: childId }, select: { id: true, parentId: true, status: true, error: true, step: true } });
    if (!child?.parentId) return;
    await settleIn(manager, child.parentId, child);
  };
  // Inside a transaction already (a completion), settle in it; else in a transaction of its own.
  if (db instanceof EntityManager) await run(db);
  else await db.transaction(run);
}

/** A parent's children, oldest first. */
export function childrenOf(db: DataSource | EntityManager, parentId: number): Promise<JobEntity[]> {
  return db.getRepository(JobEntity).find({ where: { parentId }, order: { id: 'ASC' } });
}

/** The newest child of each step (a re-run step has several; the last one counts). */
export function latestByStep(children: JobEntity[]): Map<string, JobEntity> {
  const latest = new Map<string, JobEntity>();
  for (const child of children) if (child.step) latest.set(child.step, child);
  return latest;
}

/**
 * Wakes parents left waiting although none of their children is active (a settle lost to a crash
 * or a dropped connection). Returns how many it woke or failed.
 */
export async function wakeStalledParents(dataSource: DataSource): Promise<number> {
  const stalled: Array<{ id: number }> = await dataSource.query(`SELECT p.id FROM jobs p WHERE p.status = 'waiting'
    AND NOT EXISTS (SELECT 1 FROM jobs c WHERE c.parent_id = p.id AND c.status IN ('queued', 'running', 'waiting'))`);
  for (const row of stalled) {
    await dataSource.transaction(async (manager) => {
      const children = await childrenOf(manager, Number(row.id));
      const last = children.at(-1) ?? null;
      await settleIn(manager, Number(row.id), last);
    });
  }
  return stalled.length;
}

/**
 * Reaps running jobs whose lease lapsed more than `graceSeconds` ago: back to the queue (or failed
 * after their last attempt) with an error that says so, so a stuck job is shown, never silently
 * skipped. The attempt is kept: the lost worker's fenced writes (status running, its attempt)
 * match nothing any more.
 */
export async function reapExpiredLeases(dataSource: DataSource, graceSeconds = 0): Promise<Array<{ id: number; type: string; owner: string | null; failed: boolean }>> {
  const at = now();
  const cutoff = new Date(at.getTime() - graceSeconds * 1000);
  const expired = await dataSource.getRepository(JobEntity).createQueryBuilder('j')
    .where(`j.status = 'running' AND j.lease_expires_at < :cutoff`, { cutoff }).orderBy('j.id', 'ASC').limit(100).getMany();
  const reaped: Array<{ id: number; type: string; owner: string | null; failed: boolean }> = [];
  for (const job of expired) {
    const failed = job.attempt >= job.maxAttempts;
    const error = `reaped: the lease of worker ${job.leaseOwner ?? '?'} lapsed at ${job.leaseExpiresAt?.toISOString()} (attempt ${job.attempt} of ${job.maxAttempts})`;
    const result = await dataSource.createQueryBuilder().update(JobEntity)
      .set(failed ? { status: 'failed', error, finishedAt: at, activeKey: null, leaseOwner: null, leaseExpiresAt: null } : { status: 'queued', error, runAfter: at, leaseOwner: null, leaseExpiresAt: null })
      .where('id = :id AND attempt = :attempt AND status = :status', { id: job.id, attempt: job.attempt, status: 'running' }).execute();
    if (result.affected !== 1) continue;
    reaped.push({ id: job.id, type: job.type, owner: job.leaseOwner, failed });
    await publishJobState(dataSource, job.id, { state: failed ? 'failed' : 'queued', error, retrying: !failed }, job.type);
    if (failed) await settleParent(dataSource, job.id);
  }
  return reaped;
}
