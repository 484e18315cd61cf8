import { Alert } from '@mui/material';
import { Link } from 'react-admin';

/**
 * Segment and persona ids belong to one segmentation run. After another run goes live, the ones
 * an audience names match nobody until they are picked again from the live run's segments.
 */
export function NotLiveRunAlert({ runIds }: { runIds?: string[] | null }) {
  if (!runIds?.length) return null;
  const runs = runIds.map((id, i) => <span key={id}>{i > 0 && ', '}<Link to={`/segmentationRuns/${id}/show`}>run #{id}</Link></span>);
  return (
    <Alert severity="warning" data-testid="not-live-run">
      This audience's segments or personas come from {runs}, which is no longer live: they match nobody now. Edit the audience and pick them again from the live run.
    </Alert>
  );
}
