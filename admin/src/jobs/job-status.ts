/** Job states the UI acts on (see JOB_STATUSES in shared/). */
export const ACTIVE_JOB_STATUSES = ['queued', 'running', 'waiting'];

export const isActiveJob = (job: { status?: string } | undefined) => ACTIVE_JOB_STATUSES.includes(job?.status ?? '');
export const canCancelJob = (job: { status?: string; cancelRequested?: boolean } | undefined) => isActiveJob(job) && !job?.cancelRequested;
export const canRetryJob = (job: { status?: string } | undefined) => job?.status === 'failed' || job?.status === 'cancelled';

/** While something is queued or running, lists refresh every 2 s; otherwise they stay still. */
export const JOB_REFRESH_MS = 2000;
export function jobRefreshInterval(query: { state: { data?: { data?: { status?: string }[] } } }): number | false {
  return query.state.data?.data?.some(isActiveJob) ? JOB_REFRESH_MS : false;
}
