import fs from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../../graphql/context.js';
import { enqueueJob, JobEntity, JOB_TYPES } from '../jobs/index.js';
import { pinTags } from './tags.service.js';
import { exportFile, type TagsExportFormat } from './tags-export.job.js';

export interface TagsExportStatus {
  jobId: number;
  status: string;
  format: TagsExportFormat;
  runId: number | null;
  snapshotId: number | null;
  progressDone: number;
  progressTotal: number | null;
  rows: number | null;
  bytes: number | null;
  downloadPath: string | null;
  expiresAt: Date | null;
}

interface ExportResult { format: TagsExportFormat; runId: number | null; snapshotId: number | null; rows: number; bytes: number; token: string; expiresAt: string }

/** Starts a bulk export job; the run and snapshot are fixed now, so the file is one snapshot however long the job waits. */
export async function startTagsExport(dataSource: DataSource, format: TagsExportFormat, runId: number | null, actor: string): Promise<TagsExportStatus> {
  const pin = await pinTags(dataSource, runId);
  const { job } = await enqueueJob(dataSource, JOB_TYPES.tagsExport, { format, pin }, { createdBy: actor, maxAttempts: 3 });
  return statusOf(job);
}

function statusOf(job: JobEntity): TagsExportStatus {
  const payload = job.payload as { format: TagsExportFormat; pin: { runId: number | null; snapshotId: number | null } };
  const result = job.status === 'succeeded' ? job.result as unknown as ExportResult : null;
  return {
    jobId: job.id, status: job.status, format: payload.format, runId: payload.pin.runId, snapshotId: payload.pin.snapshotId,
    progressDone: job.progressDone, progressTotal: job.progressTotal, rows: result?.rows ?? null, bytes: result?.bytes ?? null,
    downloadPath: result ? `/api/exports/files/${job.id}/${result.token}` : null, expiresAt: result ? new Date(result.expiresAt) : null,
  };
}

/** An export's state: for whoever started it, and admins. */
export async function tagsExportStatus(dataSource: DataSource, jobId: number, principal: Principal | null): Promise<TagsExportStatus> {
  const job = await dataSource.getRepository(JobEntity).findOneBy({ id: jobId, type: JOB_TYPES.tagsExport });
  if (!job || (principal?.role !== 'admin' && job.createdBy !== principal?.actor)) throw new AppError('NOT_FOUND', `export ${jobId} not found`);
  return statusOf(job);
}

/** The file behind a download link, or why not: an unknown link is NOT_FOUND, an old one LINK_EXPIRED. */
export async function exportDownload(dataSource: DataSource, config: Pick<AppConfig, 'dataDir'>, jobId: number, token: string, now = new Date()): Promise<{ path: string; fileName: string }> {
  const job = await dataSource.getRepository(JobEntity).findOneBy({ id: jobId, type: JOB_TYPES.tagsExport, status: 'succeeded' });
  const result = job?.result as unknown as ExportResult | undefined;
  const given = Buffer.from(token);
  if (!job || !result?.token || given.length !== Buffer.byteLength(result.token) || !timingSafeEqual(given, Buffer.from(result.token))) {
    throw new AppError('NOT_FOUND', 'no export behind this link');
  }
  if (now >= new Date(result.expiresAt)) throw new AppError('LINK_EXPIRED', 'this download link has expired; start a new export');
  const path = exportFile(config, jobId, result.format);
  if (!fs.existsSync(path)) throw new AppError('LINK_EXPIRED', 'the export file is gone; start a new export');
  return { path, fileName: `segmenta-tags-${jobId}.${result.format}.gz` };
}
