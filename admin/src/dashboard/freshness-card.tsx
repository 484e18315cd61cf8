import { Alert, Card, CardContent, Stack, Typography } from '@mui/material';
import { useGraphQLQuery } from '../dataProvider/use-graphql';

interface Freshness {
  lastRefreshAt: string | null; lastRefreshJobId: string | null; lastRefreshStatus: string | null; nextRefreshAt: string | null;
  segmentsAsOf: string | null; scoresAsOf: string | null; targetingAsOf: string | null; stale: boolean; warning: string | null; stuckJobs: number;
}

const QUERY = '{ freshness { lastRefreshAt lastRefreshJobId lastRefreshStatus nextRefreshAt segmentsAsOf scoresAsOf targetingAsOf stale warning stuckJobs } }';
const when = (value: string | null, empty: string) => (value ? new Date(value).toLocaleString() : empty);

/** Last and next refresh, the as-of times of segments, scores and audience counts, and a warning when data is staler than the schedule promised. */
export function FreshnessCard() {
  const { data } = useGraphQLQuery<{ freshness: Freshness }>(QUERY, {}, { refetchInterval: () => 60_000 });
  const f = data?.freshness;
  return (
    <Card variant="outlined" data-testid="freshness-card">
      <CardContent>
        <Typography variant="h6" gutterBottom>Freshness</Typography>
        {f?.stale && <Alert severity="warning" sx={{ mb: 1 }}>Data is older than the schedule promised: {f.warning}</Alert>}
        {f && f.stuckJobs > 0 && <Alert severity="error" sx={{ mb: 1 }}>{f.stuckJobs} job(s) stuck past their lease: their worker is gone; they will be reaped and retried.</Alert>}
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={3}>
          <Typography variant="body2">Last refresh: <b>{when(f?.lastRefreshAt ?? null, 'never')}</b>{f?.lastRefreshStatus && f.lastRefreshStatus !== 'succeeded' ? ` (latest: ${f.lastRefreshStatus})` : ''}</Typography>
          <Typography variant="body2">Next refresh: <b>{when(f?.nextRefreshAt ?? null, 'not scheduled')}</b></Typography>
          <Typography variant="body2">Segments as of: <b>{when(f?.segmentsAsOf ?? null, '—')}</b></Typography>
          <Typography variant="body2">Scores as of: <b>{when(f?.scoresAsOf ?? null, '—')}</b></Typography>
          <Typography variant="body2">Audience counts as of: <b>{when(f?.targetingAsOf ?? null, '—')}</b></Typography>
        </Stack>
      </CardContent>
    </Card>
  );
}
