import { Box, LinearProgress, Typography } from '@mui/material';
import { formatDuration } from './format';

export interface JobProgressRecord {
  status: string;
  progressDone: number;
  progressTotal: number | null;
  progressMessage?: string | null;
  progress: { fraction: number | null; rate: number | null; etaSeconds: number | null };
}

/** A job's progress for custom pages (imports, segmentation runs): bar, counts, rate and ETA. */
export function JobProgressLine({ job, unit = 'rows' }: { job: JobProgressRecord | null | undefined; unit?: string }) {
  if (!job) return null;
  // A succeeded job is done whatever its last progress report said (a step may end without one).
  const fraction = job.status === 'succeeded' ? 1 : job.progress?.fraction;
  const percent = fraction === null || fraction === undefined ? null : Math.round(fraction * 100);
  const parts = [
    percent === null ? job.status : `${percent}%${job.status === 'succeeded' ? ' · succeeded' : ''}`,
    job.progressTotal ? `${job.progressDone.toLocaleString()} / ${job.progressTotal.toLocaleString()} ${unit}` : null,
    job.progress?.rate ? `${Math.round(job.progress.rate).toLocaleString()} ${unit}/s` : null,
    job.status === 'running' && job.progress?.etaSeconds !== null && job.progress?.etaSeconds !== undefined ? `ETA ${formatDuration(job.progress.etaSeconds)}` : null,
    job.progressMessage ?? null,
  ].filter(Boolean);
  return (
    <Box data-testid="job-progress">
      {percent === null
        ? <LinearProgress aria-label="progress" />
        : <LinearProgress variant="determinate" value={percent} aria-label="progress" />}
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>{parts.join(' · ')}</Typography>
    </Box>
  );
}

export const JOB_FIELDS = 'id status progressDone progressTotal progressMessage progress { fraction rate etaSeconds }';
