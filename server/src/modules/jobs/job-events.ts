import type { DataSource, EntityManager } from 'typeorm';
import { JobEntity } from './job.entity.js';

export type JobState = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export interface JobStateChange {
  jobId: number;
  type: string;
  state: JobState;
  /** The job's error when it failed (also set while a retry is pending). */
  error: string | null;
  /** True when a failed attempt put the job back in the queue for another. */
  retrying: boolean;
}

/**
 * Told of every state change of jobs of one type, right after the change: inside the same
 * transaction when the change has one (completion), else right after its UPDATE. A module that
 * keeps a row per job (a segmentation run) keeps it in step this way instead of reading the job
 * at every read.
 */
export type JobStateListener = (db: DataSource | EntityManager, change: JobStateChange) => Promise<void>;

const listeners = new Map<string, JobStateListener[]>();

/** Registers a listener for one job type; returns the function that removes it. */
export function onJobStateChange(type: string, listener: JobStateListener): () => void {
  listeners.set(type, [...(listeners.get(type) ?? []), listener]);
  return () => listeners.set(type, (listeners.get(type) ?? []).filter((registered) => registered !== listener));
}

/** Tells the listeners of the job's type; reads the type only when some type has listeners. */
export async function publishJobState(db: DataSource | EntityManager, jobId: number, change: Omit<JobStateChange, 'jobId' | 'type'>, type?: string): Promise<void> {
  if (listeners.size === 0) return;
  const jobType = type ?? (await db.getRepository(JobEntity).findOne({ where: { id: jobId }, select: { id: true, type: true } }))?.type;
  if (!jobType) return;
  for (const listener of listeners.get(jobType) ?? []) await listener(db, { jobId, type: jobType, ...change });
}
