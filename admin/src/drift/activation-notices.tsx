import { Alert, AlertTitle, Stack } from '@mui/material';
import { Link } from 'react-admin';
import { useGraphQLQuery } from '../dataProvider/use-graphql';

const NOTICES = `query ActivationNotices { activationNotices { decisionId runId reasons decidedAt } }`;

interface Notice { decisionId: string; runId: string; reasons: string[]; decidedAt: string }

/**
 * Runs the activation policy left for a person to activate (manual policy, or an automatic one
 * that found the run drifted). Shown on the dashboard and on the run pages; activating any run
 * answers the notice.
 */
export function ActivationNotices({ runId }: { runId?: string }) {
  const { data } = useGraphQLQuery<{ activationNotices: Notice[] }>(NOTICES, {}, { refetchInterval: () => 15_000 });
  const notices = (data?.activationNotices ?? []).filter((n) => !runId || n.runId === runId);
  if (!notices.length) return null;
  return (
    <Stack spacing={1} data-testid="activation-notices">
      {notices.map((n) => (
        <Alert key={n.decisionId} severity="warning">
          <AlertTitle>
            {runId ? 'This run waits for a person to activate it' : <>Run <Link to={`/segmentationRuns/${n.runId}/show`}>#{n.runId}</Link> waits for a person to activate it</>}
          </AlertTitle>
          {n.reasons.join('; ')}. Decided {new Date(n.decidedAt).toLocaleString()}.
        </Alert>
      ))}
    </Stack>
  );
}
