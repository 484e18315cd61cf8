import type { DataSource } from 'typeorm';
import { now } from '../../clock.js';
import { hydrateDate } from './dates.js';
import { REFRESH_JOB } from '../refresh/index.js';
import { ScheduleEntity } from './schedule.entity.js';
import { JobEntity } from '../jobs/index.js';

/** A refresh that has not finished this long after its tick counts as missing. */
export const REFRESH_GRACE_MINUTES = 60;

export interface Freshness {
  lastRefreshAt: Date | null;
  lastRefreshJobId: number | null;
  lastRefreshStatus: string | null;
  nextRefreshAt: Date | null;
  segmentsAsOf: Date | null;
  scoresAsOf: Date | null;
  targetingAsOf: Date | null;
  stale: boolean;
  warning: string | null;
  stuckJobs: number;
}

/**
 * How fresh the data is, and whether it is older than the refresh schedule promised: stale when
 * a refresh tick passed more than REFRESH_GRACE_MINUTES ago and no refresh succeeded since it,
 * or when a tick is overdue by that much (no worker ticking).
 */
export async function freshness(dataSource: DataSource): Promise<Freshness> {
  const at = now();
  const graceMs = REFRESH_GRACE_MINUTES * 60_000;
  const [last] = await dataSource.query('SELECT id, status, finished_at FROM jobs WHERE type = ? ORDER BY id DESC LIMIT 1', [REFRESH_JOB]);
  const [lastOk] = await dataSource.query("SELECT finished_at FROM jobs WHERE type = ? AND status = 'succeeded' ORDER BY id DESC LIMIT 1", [REFRESH_JOB]);
  const schedules = await dataSource.getRepository(ScheduleEntity).find({ where: { action: 'refresh', enabled: true }, order: { nextRunAt: 'ASC' } });
  const [segments] = await dataSource.query(`SELECT f.as_of FROM live_segmentations l JOIN segmentation_runs r ON r.id = l.run_id
    JOIN feature_snapshots f ON f.id = r.snapshot_id WHERE l.data_set = 'default'`);
  const [scores] = await dataSource.query("SELECT finished_at FROM jobs WHERE type = 'scoring' AND status = 'succeeded' ORDER BY id DESC LIMIT 1");
  const [targeting] = await dataSource.query('SELECT refreshed_at FROM targeting_state WHERE id = 1');
  // Through the query builder: it binds the date in each database's DATETIME form (SQLite: text).
  const stuck = await dataSource.getRepository(JobEntity).createQueryBuilder('j').where(`j.status = 'running' AND j.lease_expires_at < :at`, { at }).getCount();
  const lastOkAt = hydrateDate(lastOk?.finished_at);
  let warning: string | null = null;
  for (const schedule of schedules) {
    if (schedule.nextRunAt && at.getTime() - schedule.nextRunAt.getTime() > graceMs) {
      warning = `the refresh schedule "${schedule.name}" is overdue since ${schedule.nextRunAt.toISOString()}: is a worker running?`;
      break;
    }
    if (schedule.lastRunAt && at.getTime() - schedule.lastRunAt.getTime() > graceMs && (!lastOkAt || lastOkAt < schedule.lastRunAt)) {
      warning = `no refresh has succeeded since the tick of ${schedule.lastRunAt.toISOString()} ("${schedule.name}")${last && last.status !== 'succeeded' ? `: the last one (job ${last.id}) is ${last.status}` : ''}`;
      break;
    }
  }
  return {
    lastRefreshAt: lastOkAt, lastRefreshJobId: last ? Number(last.id) : null, lastRefreshStatus: last?.status ?? null,
    nextRefreshAt: schedules.find((s) => s.nextRunAt)?.nextRunAt ?? null,
    segmentsAsOf: hydrateDate(segments?.as_of), scoresAsOf: hydrateDate(scores?.finished_at), targetingAsOf: hydrateDate(targeting?.refreshed_at),
    stale: warning !== null, warning, stuckJobs: Number(stuck),
  };
}
