import { useState } from 'react';
import { Button, CircularProgress } from '@mui/material';
import ScoreIcon from '@mui/icons-material/Speed';
import { useCanAccess, useNotify, useRedirect } from 'react-admin';
import { graphqlRequest } from '../dataProvider';

const START = `mutation StartScoring { startScoring { jobId existing } }`;

/** Starts a scoring run (every customer, active models) and opens its job; a run already queued is reused. */
export function StartScoringButton() {
  const { canAccess } = useCanAccess({ resource: 'models', action: 'score' });
  const notify = useNotify();
  const redirect = useRedirect();
  const [busy, setBusy] = useState(false);
  if (!canAccess) return null;
  const start = async () => {
    setBusy(true);
    try {
      const { startScoring } = await graphqlRequest<{ startScoring: { jobId: string; existing: boolean } }>(START);
      notify(startScoring.existing ? 'A scoring run is already under way' : 'Scoring started', { type: 'info' });
      redirect('show', 'jobs', startScoring.jobId);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <Button size="small" onClick={start} disabled={busy} startIcon={busy ? <CircularProgress size={16} /> : <ScoreIcon />}>Score customers</Button>;
}
