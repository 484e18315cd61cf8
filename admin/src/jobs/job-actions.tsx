import { useState, type MouseEvent } from 'react';
import { Button, CircularProgress, IconButton, Tooltip } from '@mui/material';
import CancelIcon from '@mui/icons-material/StopCircleOutlined';
import ReplayIcon from '@mui/icons-material/Replay';
import { type Identifier, useCanAccess, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { SegmentaDataProvider } from '../dataProvider';
import { canCancelJob, canRetryJob } from './job-status';

type JobAction = 'cancel' | 'retry';

const LABELS: Record<JobAction, { button: string; done: string }> = {
  cancel: { button: 'Cancel', done: 'Cancellation requested' },
  retry: { button: 'Retry', done: 'Job queued again' },
};

/** Cancel or retry one job, shown only when the role may and the job's state allows it. */
function JobActionButton({ action, compact }: { action: JobAction; compact: boolean }) {
  const job = useRecordContext<{ id: Identifier; status: string; cancelRequested: boolean }>();
  const dataProvider = useDataProvider<SegmentaDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'jobs', action });
  const applicable = action === 'cancel' ? canCancelJob(job) : canRetryJob(job);
  if (!job || !canAccess || !applicable) return null;

  const onClick = async (event: MouseEvent) => {
    event.stopPropagation(); // the row itself links to the job
    setBusy(true);
    try {
      await (action === 'cancel' ? dataProvider.cancelJob(job.id) : dataProvider.retryJob(job.id));
      notify(LABELS[action].done, { type: 'info' });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const color = action === 'cancel' ? 'warning' : 'primary';
  const icon = busy ? <CircularProgress size={16} /> : action === 'cancel' ? <CancelIcon /> : <ReplayIcon />;
  if (compact) {
    return (
      <Tooltip title={`${LABELS[action].button} job`}>
        <span>
          <IconButton size="small" onClick={onClick} disabled={busy} color={color} aria-label={`${LABELS[action].button} job`}>{icon}</IconButton>
        </span>
      </Tooltip>
    );
  }
  return <Button size="small" onClick={onClick} disabled={busy} color={color} startIcon={icon}>{LABELS[action].button}</Button>;
}

/** `compact`: icon buttons for list rows; otherwise labelled buttons (the job page's toolbar). */
export function JobActions({ compact = false }: { compact?: boolean }) {
  return (
    <>
      <JobActionButton action="cancel" compact={compact} />
      <JobActionButton action="retry" compact={compact} />
    </>
  );
}
