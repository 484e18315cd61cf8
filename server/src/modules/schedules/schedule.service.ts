import type { DataSource } from 'typeorm';
import { AppError, notFound } from '../../errors.js';
import { now } from '../../clock.js';
import { JobEntity } from '../jobs/index.js';
import { checkActionParams, enqueueAction } from './schedule-actions.js';
import { nextTick, parseCron } from './cron.js';
import { SCHEDULE_ACTIONS, ScheduleEntity, ScheduleRunEntity, type ScheduleAction } from './schedule.entity.js';
import { withConflictRetry } from '../../db/conflict-retry.js';

export interface ScheduleInput {
  name: string;
  action: string;
  cron: string;
  timeZone?: string;
  params?: Record<string, unknown> | null;
  enabled?: boolean;
}

function checkAction(action: string): ScheduleAction {
  if (!SCHEDULE_ACTIONS.includes(action as ScheduleAction)) throw new AppError('SCHEDULE_INVALID', `action "${action}" is not one of ${SCHEDULE_ACTIONS.join(', ')}`);
  return action as ScheduleAction;
}

/** The next tick after now, or an error when the expression never fires again. */
function firstTick(cron: string, timeZone: string, after: Date): Date {
  const next = nextTick(cron, timeZone, after);
  if (!next) throw new AppError('SCHEDULE_INVALID', `cron "${cron}" never fires after ${after.toISOString()}`);
  return next;
}

export async function getSchedule(dataSource: DataSource, id: number): Promise<ScheduleEntity> {
  const schedule = await dataSource.getRepository(ScheduleEntity).findOneBy({ id });
  if (!schedule) throw notFound('Schedule', id);
  return schedule;
}

export async function createSchedule(dataSource: DataSource, input: ScheduleInput, actor: string): Promise<ScheduleEntity> {
  const action = checkAction(input.action);
  const timeZone = input.timeZone ?? 'UTC';
  parseCron(input.cron, timeZone);
  const params = checkActionParams(action, input.params);
  const at = now();
  const enabled = input.enabled ?? true;
  const repo = dataSource.getRepository(ScheduleEntity);
  return repo.save(repo.create({
    name: input.name.trim(), action, params, cron: input.cron.trim(), timeZone, enabled,
    nextRunAt: enabled ? firstTick(input.cron, timeZone, at) : null, lastRunAt: null, lastJobId: null, createdBy: actor, createdAt: at, updatedAt: at,
  }));
}

/** Changes a schedule; a new cron or time zone moves the next tick (from now, not from the last). */
export async function updateSchedule(dataSource: DataSource, id: number, input: Partial<ScheduleInput>): Promise<ScheduleEntity> {
  const schedule = await getSchedule(dataSource, id);
  const action = input.action !== undefined ? checkAction(input.action) : schedule.action;
  const cron = input.cron?.trim() ?? schedule.cron;
  const timeZone = input.timeZone ?? schedule.timeZone;
  parseCron(cron, timeZone);
  const params = checkActionParams(action, input.params !== undefined ? input.params : (schedule.params as Record<string, unknown> | null));
  const enabled = input.enabled ?? schedule.enabled;
  const at = now();
  const moved = cron !== schedule.cron || timeZone !== schedule.timeZone || enabled !== schedule.enabled;
  await dataSource.getRepository(ScheduleEntity).update({ id }, {
    name: input.name?.trim() ?? schedule.name, action, params: params as never, cron, timeZone, enabled,
    nextRunAt: !enabled ? null : moved || !schedule.nextRunAt ? firstTick(cron, timeZone, at) : schedule.nextRunAt, updatedAt: at,
  });
  return getSchedule(dataSource, id);
}

export const pauseSchedule = (dataSource: DataSource, id: number) => updateSchedule(dataSource, id, { enabled: false });
export const resumeSchedule = (dataSource: DataSource, id: number) => updateSchedule(dataSource, id, { enabled: true });

export async function deleteSchedule(dataSource: DataSource, id: number): Promise<ScheduleEntity> {
  const schedule = await getSchedule(dataSource, id);
  await dataSource.transaction(async (manager) => {
    await manager.delete(ScheduleRunEntity, { scheduleId: id });
    await manager.delete(ScheduleEntity, { id });
  });
  return schedule;
}

const ACTIVE = ['queued', 'running', 'waiting'];

/**
 * Fires one tick of a claimed schedule, in the claim's transaction: the job and the history row
 * exist exactly when the claim does. An overlapping run (the last tick's job still active, or
 * another job of the same kind) is refused and recorded as skipped.
 */
async function fire(manager: import('typeorm').EntityManager, schedule: ScheduleEntity, tickAt: Date, firedBy: string): Promise<ScheduleRunEntity> {
  const firedAt = now();
  const runs = manager.getRepository(ScheduleRunEntity);
  const last = schedule.lastJobId ? await manager.findOne(JobEntity, { where: { id: schedule.lastJobId }, select: { id: true, status: true } }) : null;
  if (last && ACTIVE.includes(last.status)) {
    return runs.save(runs.create({ scheduleId: schedule.id, tickAt, firedAt, outcome: 'skipped', jobId: last.id, message: `the previous run (job ${last.id}) is still ${last.status}`, firedBy }));
  }
  const { job, existing } = await enqueueAction(manager, schedule.action, (schedule.params ?? {}) as Record<string, unknown>, `schedule:${schedule.id}`);
  if (existing) {
    return runs.save(runs.create({ scheduleId: schedule.id, tickAt, firedAt, outcome: 'skipped', jobId: job.id, message: `job ${job.id} of the same kind is still ${job.status}`, firedBy }));
  }
  await manager.update(ScheduleEntity, { id: schedule.id }, { lastJobId: job.id });
  return runs.save(runs.create({ scheduleId: schedule.id, tickAt, firedAt, outcome: 'started', jobId: job.id, message: null, firedBy }));
}

/**
 * One pass of the ticker: every enabled schedule whose next tick is due is claimed by a
 * compare-and-set on `next_run_at` (the value read must still be there), which moves it to the
 * first tick after now. Exactly one worker wins each tick however many run; a schedule whose
 * ticks were missed while everything was down runs once (the claim skips to the next tick after
 * now, not after the missed one). Returns the history rows this pass wrote.
 */
export async function tickSchedules(dataSource: DataSource, firedBy: string): Promise<ScheduleRunEntity[]> {
  const at = now();
  const due = await dataSource.getRepository(ScheduleEntity).createQueryBuilder('s')
    .where('s.enabled = :enabled AND s.next_run_at <= :at', { enabled: true, at }).orderBy('s.next_run_at', 'ASC').addOrderBy('s.id', 'ASC').limit(50).getMany();
  const fired: ScheduleRunEntity[] = [];
  for (const schedule of due) {
    const tickAt = schedule.nextRunAt!;
    let next: Date | null;
    try {
      next = nextTick(schedule.cron, schedule.timeZone, at);
    } catch (error) {
      next = null; // an expression that stopped parsing (a time zone gone from the system): pause it, say why
      await dataSource.getRepository(ScheduleEntity).update({ id: schedule.id, nextRunAt: tickAt }, { enabled: false, nextRunAt: null, updatedAt: at });
      await dataSource.getRepository(ScheduleRunEntity).insert({ scheduleId: schedule.id, tickAt, firedAt: at, outcome: 'failed', jobId: null, message: (error as Error).message.slice(0, 255), firedBy }).catch(() => undefined);
      continue;
    }
    // A tick claimed on two cluster nodes at once: the loser's COMMIT fails certification and the
    // retry finds the tick taken (affected 0).
    const run = await withConflictRetry(() => dataSource.transaction(async (manager) => {
      const claimed = await manager.createQueryBuilder().update(ScheduleEntity)
        .set({ nextRunAt: next, lastRunAt: tickAt, updatedAt: at })
        .where('id = :id AND enabled = :enabled AND next_run_at = :seen', { id: schedule.id, enabled: true, seen: tickAt }).execute();
      if (claimed.affected !== 1) return null; // another worker took this tick
      return fire(manager, schedule, tickAt, firedBy);
    }));
    if (run) fired.push(run);
  }
  return fired;
}

/** Runs a schedule now (outside its cron), refused like a tick while its last run is active. */
export async function runScheduleNow(dataSource: DataSource, id: number, actor: string): Promise<ScheduleRunEntity> {
  const schedule = await getSchedule(dataSource, id);
  return dataSource.transaction((manager) => fire(manager, schedule, now(), actor));
}

export async function scheduleHistory(dataSource: DataSource, scheduleId: number, take = 50): Promise<ScheduleRunEntity[]> {
  return dataSource.getRepository(ScheduleRunEntity).find({ where: { scheduleId }, order: { id: 'DESC' }, take });
}
