import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/index.js';
import { sqlDate } from '../../db/sql.js';
import { uploadsDir } from './uploads.js';

const UPLOAD_ID = /^[a-f0-9-]{36}$/;
const UNFINISHED = new Set(['pending', 'running']);

/**
 * Deletes uploaded files that are done with: those whose imports all finished (succeeded, failed
 * or cancelled) more than SEGMENTA_UPLOAD_RETENTION_HOURS ago, and those never imported and older
 * than that. A file an import still waits for or reads is kept whatever its age. Until then a
 * failed or cancelled import can be retried from the same upload. Returns the ids removed.
 */
export async function sweepUploads(dataSource: DataSource, config: Pick<AppConfig, 'dataDir' | 'uploadRetentionHours'>, now = new Date()): Promise<string[]> {
  const dir = uploadsDir(config);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return [];
  }
  const cutoff = now.getTime() - config.uploadRetentionHours * 3600_000;
  const removed: string[] = [];
  for (const name of names) {
    if (!UPLOAD_ID.test(name)) continue;
    const file = path.resolve(dir, name);
    const runs: { status: string; finished_at: unknown }[] = await dataSource.query('SELECT status, finished_at FROM imports WHERE file_path = ?', [file]);
    let doneAt: number;
    if (runs.length > 0) {
      if (runs.some((run) => UNFINISHED.has(run.status))) continue;
      doneAt = Math.max(...runs.map((run) => sqlDate(run.finished_at)?.getTime() ?? 0));
    } else {
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat) continue;
      doneAt = stat.mtimeMs;
    }
    if (doneAt > cutoff) continue;
    await fs.promises.rm(file, { force: true });
    removed.push(name);
  }
  return removed;
}
