import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/index.js';
import { latestChangeCursor, pruneChanges } from '../changes/index.js';

/**
 * Retention of the change log: rows the slowest enabled tags destination has queued (its cursor)
 * and older than SEGMENTA_CHANGE_RETENTION_DAYS go; a lagging destination keeps its rows however
 * old. Pull readers have the age as their window. 0 days keeps everything.
 */
export async function pruneChangeLog(dataSource: DataSource, config: AppConfig, now = new Date()): Promise<number> {
  const days = config.destinations.changeRetentionDays;
  if (days <= 0) return 0;
  const [row] = await dataSource.query(`SELECT MIN(change_cursor) AS slowest FROM destinations WHERE kind = 'tags' AND status = 'enabled'`);
  const slowest = row?.slowest === null || row?.slowest === undefined ? await latestChangeCursor(dataSource) : Number(row.slowest);
  return pruneChanges(dataSource, { readUpTo: slowest, olderThan: new Date(now.getTime() - days * 86_400_000) });
}
