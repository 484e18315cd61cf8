import { Box, LinearProgress, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatDuration } from '../common/format';

interface JobRecord {
  status: string;
  progressDone: number;
  progressTotal: number | null;
  progressMessage: string | null;
  progress: { fraction: number | null; rate: number | null; etaSeconds: number | null };
}

/** Determinate bar when the total is known (progress.fraction), indeterminate while running without one. */
export function JobProgressBar({ width = 160 }: { width?: number | string }) {
  const job = useRecordContext<JobRecord & { id: string }>();
  if (!job) return null;
  // A succeeded job is done whatever its last progress report said (a step may end without one).
  const fraction = job.status === 'succeeded' ? 1 : job.progress?.fraction;
  const running = job.status === 'running';
  if (fraction === null || fraction === undefined) {
    return running ? <LinearProgress aria-label="progress" /> : <Typography variant="body2" color="text.secondary">—</Typography>;
  }
  const percent = Math.round(fraction * 100);
  return (
    <Box sx={{ width }}>
      <LinearProgress variant="determinate" value={percent} aria-label="progress" color={job.status === 'failed' ? 'error' : 'primary'} />
      <Typography variant="caption" color="text.secondary" noWrap component="div">
        {percent}%{job.progressTotal ? ` · ${job.progressDone.toLocaleString()} / ${job.progressTotal.toLocaleString()}` : ''}
        {job.progressMessage ? ` · ${job.progressMessage}` : ''}
      </Typography>
    </Box>
  );
}

export function JobEta() {
  const job = useRecordContext<JobRecord & { id: string }>();
  if (!job || job.status !== 'running') return null;
  return <>{formatDuration(job.progress?.etaSeconds)}</>;
}
