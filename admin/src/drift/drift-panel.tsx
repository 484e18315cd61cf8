import { Alert, Box, Card, CardContent, Chip, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { formatPercent } from '../common/format';

const DRIFT = `query RunDrift($id: ID!) { SegmentationRun(id: $id) { id
  activationDecision { outcome policy reasons }
  driftReport { liveRunId customersCompared adjustedRandIndex maxPsi maxSizeShift thresholds { psiWarning psiAlert }
    features { feature psi level } responseProbability { psi level scoredBefore scoredAfter }
    sizeShifts { fromSegmentId toSegmentId sizeBefore sizeAfter shareBefore shareAfter shift }
    transition { fromSegmentIds toSegmentIds counts }
    audiences { audienceId name sizeLive sizeWithRun campaigns { campaignId name status } } } } }`;

interface FeatureDrift { feature: string; psi: number; level: string }
interface DriftReport {
  liveRunId: string | null; customersCompared: number; adjustedRandIndex: number | null; maxPsi: number | null; maxSizeShift: number | null;
  thresholds: { psiWarning: number; psiAlert: number }; features: FeatureDrift[];
  responseProbability: (FeatureDrift & { scoredBefore: number; scoredAfter: number }) | null;
  sizeShifts: { fromSegmentId: string | null; toSegmentId: string | null; sizeBefore: number; sizeAfter: number; shareBefore: number; shareAfter: number; shift: number }[];
  transition: { fromSegmentIds: string[]; toSegmentIds: string[]; counts: number[][] } | null;
  audiences: { audienceId: string; name: string; sizeLive: number; sizeWithRun: number; campaigns: { campaignId: string; name: string; status: string }[] }[];
}
interface RunDrift { activationDecision: { outcome: string; policy: string; reasons: string[] } | null; driftReport: DriftReport | null }

const LEVEL_COLOUR = { stable: 'success', warning: 'warning', alert: 'error' } as const;
const levelChip = (level: string) => <Chip size="small" label={level} color={LEVEL_COLOUR[level as keyof typeof LEVEL_COLOUR] ?? 'default'} />;
const segmentName = (labels: Map<string, string>, id: string | null) => (id === null ? '—' : labels.get(id) ?? `segment ${id}`);

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return <Card variant="outlined"><CardContent sx={{ py: 1 }}><Typography variant="body2" color="text.secondary">{label}</Typography><Typography variant="h6" data-testid={testId}>{value}</Typography></CardContent></Card>;
}

/**
 * The run against the run that was live when it finished: how far the customers moved (ARI,
 * transition matrix), segment shares before and after, feature and score PSI, the audiences and
 * campaigns that would change size, and what the activation policy decided.
 */
export function DriftPanel({ runId, segmentLabels }: { runId: string; segmentLabels: Map<string, string> }) {
  const { data, error } = useGraphQLQuery<{ SegmentationRun: RunDrift }>(DRIFT, { id: runId }, { refetchInterval: (d) => (d?.SegmentationRun.activationDecision ? false : 1500) });
  const run = data?.SegmentationRun;
  const report = run?.driftReport;
  return (
    <Card variant="outlined" data-testid="drift-panel">
      <CardContent>
        <Typography variant="h6" gutterBottom>Drift against the live run</Typography>
        {error && <Alert severity="error">{error.message}</Alert>}
        {!report && !error && <Typography color="text.secondary">The drift report is being computed…</Typography>}
        {report && report.liveRunId === null && <Typography color="text.secondary">This was the data set's first run: nothing to compare with.</Typography>}
        {run?.activationDecision && (
          <Alert sx={{ my: 1 }} severity={run.activationDecision.outcome === 'waiting' ? 'warning' : 'info'} data-testid="activation-decision">
            {run.activationDecision.outcome === 'activated' ? 'Activated by the automatic policy' : run.activationDecision.outcome === 'waiting' ? 'Waiting for a person to activate it' : 'Live'}
            {' '}({run.activationDecision.policy} policy): {run.activationDecision.reasons.join('; ')}.
          </Alert>
        )}
        {report && report.liveRunId !== null && (
          <Stack spacing={2}>
            <Grid container spacing={2}>
              <Grid size={{ xs: 6, md: 3 }}><Figure label={`Adjusted Rand index vs run #${report.liveRunId}`} value={report.adjustedRandIndex?.toFixed(3) ?? '—'} testId="drift-ari" /></Grid>
              <Grid size={{ xs: 6, md: 3 }}><Figure label="Largest segment share shift" value={report.maxSizeShift === null ? '—' : `${(report.maxSizeShift * 100).toFixed(1)} pts`} testId="drift-size-shift" /></Grid>
              <Grid size={{ xs: 6, md: 3 }}><Figure label="Largest PSI" value={report.maxPsi?.toFixed(3) ?? '—'} testId="drift-max-psi" /></Grid>
              <Grid size={{ xs: 6, md: 3 }}><Figure label="Customers in both runs" value={report.customersCompared.toLocaleString()} testId="drift-compared" /></Grid>
            </Grid>
            <Grid container spacing={2}>
              <Grid size={{ xs: 12, md: 5 }}>
                <Typography variant="subtitle1">Population stability (warning ≥ {report.thresholds.psiWarning}, alert ≥ {report.thresholds.psiAlert})</Typography>
                <Table size="small" aria-label="Feature drift">
                  <TableHead><TableRow><TableCell>Feature</TableCell><TableCell align="right">PSI</TableCell><TableCell>Level</TableCell></TableRow></TableHead>
                  <TableBody>
                    {[...report.features, ...(report.responseProbability ? [report.responseProbability] : [])].map((f) => (
                      <TableRow key={f.feature}><TableCell>{f.feature}</TableCell><TableCell align="right">{f.psi.toFixed(3)}</TableCell><TableCell>{levelChip(f.level)}</TableCell></TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Grid>
              <Grid size={{ xs: 12, md: 7 }}>
                <Typography variant="subtitle1">Segment sizes (matched by centroid)</Typography>
                <Table size="small" aria-label="Segment size shifts">
                  <TableHead><TableRow><TableCell>Live segment</TableCell><TableCell>This run</TableCell><TableCell align="right">Before</TableCell><TableCell align="right">After</TableCell><TableCell align="right">Shift</TableCell></TableRow></TableHead>
                  <TableBody>
                    {report.sizeShifts.map((s, i) => (
                      <TableRow key={i}>
                        <TableCell>{s.fromSegmentId === null ? 'new' : `#${s.fromSegmentId}`}</TableCell>
                        <TableCell>{s.toSegmentId === null ? 'no successor' : segmentName(segmentLabels, s.toSegmentId)}</TableCell>
                        <TableCell align="right">{s.sizeBefore.toLocaleString()} ({formatPercent(s.shareBefore)})</TableCell>
                        <TableCell align="right">{s.sizeAfter.toLocaleString()} ({formatPercent(s.shareAfter)})</TableCell>
                        <TableCell align="right">{s.shift >= 0 ? '+' : ''}{(s.shift * 100).toFixed(1)} pts</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Grid>
            </Grid>
            {report.transition && (
              <Box sx={{ overflowX: 'auto' }}>
                <Typography variant="subtitle1">Where the live run's customers went</Typography>
                <Table size="small" aria-label="Drift transition matrix" sx={{ width: 'auto' }}>
                  <TableHead><TableRow><TableCell>live ↓ / this run →</TableCell>{report.transition.toSegmentIds.map((id) => <TableCell key={id} align="center">{segmentName(segmentLabels, id)}</TableCell>)}</TableRow></TableHead>
                  <TableBody>
                    {report.transition.fromSegmentIds.map((from, r) => (
                      <TableRow key={from}><TableCell>#{from}</TableCell>{report.transition!.counts[r].map((count, c) => <TableCell key={c} align="center">{count.toLocaleString()}</TableCell>)}</TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
            )}
            <Box>
              <Typography variant="subtitle1">Audiences that depend on the live segments</Typography>
              {report.audiences.length === 0 ? <Typography color="text.secondary">No saved audience names a live segment or persona.</Typography> : (
                <Table size="small" aria-label="Audience impact">
                  <TableHead><TableRow><TableCell>Audience</TableCell><TableCell align="right">Today</TableCell><TableCell align="right">With this run</TableCell><TableCell>Campaigns waiting to send</TableCell></TableRow></TableHead>
                  <TableBody>
                    {report.audiences.map((a) => (
                      <TableRow key={a.audienceId} sx={a.sizeLive !== a.sizeWithRun ? { bgcolor: 'action.hover' } : undefined}>
                        <TableCell>{a.name}</TableCell><TableCell align="right">{a.sizeLive.toLocaleString()}</TableCell><TableCell align="right">{a.sizeWithRun.toLocaleString()}</TableCell>
                        <TableCell>{a.campaigns.map((c) => `${c.name} (${c.status})`).join(', ') || '—'}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </Box>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
