import { useState, type MouseEvent } from 'react';
import { Button, CircularProgress } from '@mui/material';
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
function JobActionButton({ action }: { action: JobAction }) {
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

  return (
    <Button size="small" onClick={onClick} disabled={busy} color={action === 'cancel' ? 'warning' : 'primary'}
      startIcon={busy ? <CircularProgress size={14} /> : action === 'cancel' ? <CancelIcon /> : <ReplayIcon />}>
      {LABELS[action].button}
    </Button>
  );
}

export function JobActions() {
  return (
    <>
      <JobActionButton action="cancel" />
      <JobActionButton action="retry" />
    </>
  );
}
