import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { AppConfig } from '../../config/index.js';
import type { JobHandler } from '../jobs/index.js';
import { csvLine } from '../../http/csv-cell.js';
import { TAG_COLUMNS, tagsPage, type CustomerTag } from './tags.service.js';
import type { TagPin } from './tag-cursor.js';

export type TagsExportFormat = 'csv' | 'ndjson';

/** How long a finished export's download link works. */
export const EXPORT_LINK_HOURS = 24;
const PAGE = 5000;

export function exportsDir(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'exports');
}

export function exportFile(config: Pick<AppConfig, 'dataDir'>, jobId: number, format: TagsExportFormat): string {
  return path.join(exportsDir(config), `tags-${jobId}.${format}.gz`);
}

/** One tag as an NDJSON line: the feed's columns as keys, in the same order. */
function ndjsonLine(tag: CustomerTag): string {
  return JSON.stringify(Object.fromEntries(TAG_COLUMNS.map(([name, value]) => {
    const v = value(tag);
    return [name, v === undefined ? null : v];
  }))) + '\n';
}

/**
 * Job 'tags-export': the tags feed, pinned to the run and snapshot fixed when it was started, as a
 * gzipped CSV or NDJSON file under the data directory. Progress counts customers. The result holds
 * a random download token and the link's expiry: the file is fetched from
 * /api/exports/files/:jobId/:token until then, by whoever holds the link.
 */
export const tagsExportJob: JobHandler = async (ctx) => {
  const payload = ctx.job.payload as { format: TagsExportFormat; pin: TagPin };
  const [{ n }] = await ctx.dataSource.query('SELECT COUNT(*) AS n FROM customers');
  const total = Number(n);
  fs.mkdirSync(exportsDir(ctx.config), { recursive: true });
  const file = exportFile(ctx.config, ctx.job.id, payload.format);
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = fs.createWriteStream(partial);
  const finished = new Promise<void>((resolve, reject) => { out.on('finish', resolve); out.on('error', reject); gzip.on('error', reject); });
  gzip.pipe(out);
  const write = async (text: string) => { if (!gzip.write(text)) await once(gzip, 'drain'); };
  let rows = 0;
  try {
    if (payload.format === 'csv') await write(csvLine(TAG_COLUMNS.map(([name]) => name)));
    for (let after = 0; ;) {
      ctx.checkpoint();
      const { tags, lastId } = await ctx.pace(() => tagsPage(ctx.dataSource, payload.pin, after, PAGE));
      if (!tags.length || lastId === null) break;
      await write(payload.format === 'csv' ? tags.map((t) => csvLine(TAG_COLUMNS.map(([, value]) => value(t)))).join('') : tags.map(ndjsonLine).join(''));
      rows += tags.length;
      after = lastId;
      ctx.progress(rows, total, 'writing tags');
    }
    gzip.end();
    await finished;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
  // Renamed only when whole: a download never sees half a file.
  fs.renameSync(partial, file);
  const bytes = fs.statSync(file).size;
  const expiresAt = new Date(Date.now() + EXPORT_LINK_HOURS * 3600_000);
  return { result: { format: payload.format, runId: payload.pin.runId, snapshotId: payload.pin.snapshotId, rows, bytes, token: randomBytes(24).toString('base64url'), expiresAt: expiresAt.toISOString() } };
};
