import { useState, type MouseEvent } from 'react';
import { Button, CircularProgress } from '@mui/material';
import PauseIcon from '@mui/icons-material/Pause';
import PlayIcon from '@mui/icons-material/PlayArrow';
import RunIcon from '@mui/icons-material/FastForward';
import { useCanAccess, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { graphqlRequest } from '../dataProvider/graphql-request';

type Action = 'pause' | 'resume' | 'run-now';

const MUTATIONS: Record<Action, string> = {
  pause: 'mutation Pause($id: ID!) { pauseSchedule(id: $id) { id enabled nextRunAt } }',
  resume: 'mutation Resume($id: ID!) { resumeSchedule(id: $id) { id enabled nextRunAt } }',
  'run-now': 'mutation RunNow($id: ID!) { runScheduleNow(id: $id) { id outcome jobId message } }',
};

/** Pause or resume a schedule (whichever applies), or run it now. */
export function ScheduleButton({ action }: { action: 'toggle' | 'run-now' }) {
  const record = useRecordContext<{ id: string; enabled: boolean }>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'schedules', action: 'edit' });
  if (!record || !canAccess) return null;
  const chosen: Action = action === 'run-now' ? 'run-now' : record.enabled ? 'pause' : 'resume';
  const label = chosen === 'pause' ? 'Pause' : chosen === 'resume' ? 'Resume' : 'Run now';
  const onClick = async (event: MouseEvent) => {
    event.stopPropagation();
    setBusy(true);
    try {
      const data = await graphqlRequest<{ runScheduleNow?: { outcome: string; message: string | null } }>(MUTATIONS[chosen], { id: String(record.id) });
      const run = data.runScheduleNow;
      notify(run ? (run.outcome === 'started' ? 'Started' : `Skipped: ${run.message ?? ''}`) : chosen === 'pause' ? 'Paused' : 'Resumed', { type: run?.outcome === 'skipped' ? 'warning' : 'info' });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const icon = busy ? <CircularProgress size={16} /> : chosen === 'pause' ? <PauseIcon /> : chosen === 'resume' ? <PlayIcon /> : <RunIcon />;
  return <Button size="small" onClick={onClick} disabled={busy} startIcon={icon} aria-label={`${label} schedule`}>{label}</Button>;
}
