import { lazy, Suspense, useState } from 'react';
import { Alert, Button, Card, CardContent, Chip, Grid, Skeleton, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Show, useCanAccess, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { JOB_FIELDS, JobProgressLine, type JobProgressRecord } from '../common/job-progress-line';
import { ChartCard } from '../common/chart-card';
import { isPendingOrRunning, refetchRecordWhile } from '../common/refetch';
import { StatusChip } from '../common/status-chip';
import { formatPercent } from '../common/format';
import { ActivationDialog } from './activation-dialog';
import { CompareRuns } from './compare-runs';
import { segmentDisplayName } from '@segmenta/shared';
import { DendrogramChart } from './dendrogram-chart';
import type { Dendrogram } from './dendrogram-layout';
import type { KCandidate, ProjectionPoint } from './run-charts';
import { segmentColor } from './palette';
import { ActivationNotices, DriftPanel } from '../drift';

// recharts loads only when a run has curves or a projection to draw.
const KSelectionCharts = lazy(() => import('./run-charts').then((m) => ({ default: m.KSelectionCharts })));
const ProjectionScatter = lazy(() => import('./run-charts').then((m) => ({ default: m.ProjectionScatter })));

const JOB = `query RunJob($id: ID!) { Job(id: $id) { ${JOB_FIELDS} } }`;
const ACTIVATE = `mutation Activate($runId: ID!) { activateSegmentation(runId: $runId) { runId version } }`;

interface RunSegment { id: string; label: number; size: number; shareOfCustomers: number; revenueShare: number; centroid: Record<string, number>; persona: PersonaSummary | null }
interface PersonaSummary { id: string; name: string; origin?: string; carriedFrom?: { id: string; name: string; segment: { runId: string; label: number } } | null }

/** Where a persona came from: carried over from the run live before (its name and history kept), or new. */
function PersonaOrigin({ persona }: { persona: PersonaSummary }) {
  if (persona.origin === 'carried' && persona.carriedFrom) {
    const from = persona.carriedFrom;
    return <Typography variant="caption" color="text.secondary" data-testid="persona-origin" sx={{ display: 'block' }}>carried over from “{from.name}” (run #{from.segment.runId}, segment {from.segment.label})</Typography>;
  }
  if (persona.origin === 'new') return <Chip size="small" label="new" color="info" data-testid="persona-origin" sx={{ ml: 1 }} />;
  return null;
}
export interface RunRecord {
  id: string; status: string; algorithm: string; k: number | null; isLive: boolean; modelVersion: string | null; customerCount: number; error: string | null;
  jobId: string | null; params: Record<string, unknown>; createdAt: string; finishedAt: string | null;
  kSelection: { recommendedK: number; elbowK: number | null; reason: string; candidates: KCandidate[] } | null;
  metrics: { silhouette: number; daviesBouldin: number; calinskiHarabasz: number; inertia: number } | null;
  dendrogram: Dendrogram | null; projection: ProjectionPoint[] | null; segments: RunSegment[];
}

const isActive = (status?: string) => status === 'queued' || status === 'running';

function RunProgress({ jobId }: { jobId: string }) {
  const { data } = useGraphQLQuery<{ Job: JobProgressRecord }>(JOB, { id: jobId }, { refetchInterval: (d) => (d && !isActive(d.Job.status) ? false : 700) });
  return <Card variant="outlined"><CardContent><Typography variant="subtitle1" gutterBottom>Clustering…</Typography><JobProgressLine job={data?.Job ?? null} unit="steps" /></CardContent></Card>;
}

function ActivateButton({ run }: { run: RunRecord }) {
  const { canAccess } = useCanAccess({ resource: 'segmentationRuns', action: 'activate' });
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  if (!canAccess || run.status !== 'succeeded') return null;
  if (run.isLive) return <Chip color="success" label="Live" data-testid="live-chip" />;
  const activate = async () => {
    try {
      await graphqlRequest(ACTIVATE, { runId: run.id });
      setOpen(false);
      notify(`Run #${run.id} is live`, { type: 'success' });
      refresh();
    } catch (error) { notify((error as Error).message, { type: 'error' }); }
  };
  return (
    <>
      <Button variant="contained" onClick={() => setOpen(true)}>Activate</Button>
      <ActivationDialog runId={run.id} open={open} onClose={() => setOpen(false)} onConfirm={activate} />
    </>
  );
}

function paramSummary(params: Record<string, unknown>): string {
  const p = params as { features?: string[]; log1p?: string[]; winsorize?: { lower: number; upper: number } | null; pca?: { components?: number; varianceTarget?: number } | null; linkage?: string; seed?: number; k?: number | null; kMin?: number; kMax?: number };
  return [
    `features ${p.features?.join(', ')}`,
    p.log1p?.length ? `log1p ${p.log1p.join(', ')}` : null,
    p.winsorize ? `winsorised ${p.winsorize.lower}–${p.winsorize.upper}` : 'no winsorising',
    p.pca ? `PCA ${p.pca.components ?? `${p.pca.varianceTarget} of variance`}` : null,
    p.k ? `k = ${p.k}` : `k ${p.kMin}–${p.kMax}`,
    `seed ${p.seed}`,
  ].filter(Boolean).join(' · ');
}

function SegmentTable({ run }: { run: RunRecord }) {
  const features = (run.params as { features?: string[] }).features ?? [];
  return (
    <Table size="small" aria-label="Segments">
      <TableHead>
        <TableRow>
          <TableCell>Segment</TableCell><TableCell>Persona</TableCell><TableCell align="right">Customers</TableCell>
          <TableCell align="right">Share</TableCell><TableCell align="right">Revenue share</TableCell>
          {features.map((f) => <TableCell key={f} align="right">{f}</TableCell>)}
        </TableRow>
      </TableHead>
      <TableBody>
        {run.segments.map((s) => (
          <TableRow key={s.id}>
            <TableCell><Chip size="small" label={s.label} sx={{ bgcolor: segmentColor(s.label), color: '#fff' }} /></TableCell>
            <TableCell>{s.persona?.name ?? '—'}{s.persona && <PersonaOrigin persona={s.persona} />}</TableCell>
            <TableCell align="right">{s.size.toLocaleString()}</TableCell>
            <TableCell align="right">{formatPercent(s.shareOfCustomers)}</TableCell>
            <TableCell align="right">{formatPercent(s.revenueShare)}</TableCell>
            {features.map((f) => <TableCell key={f} align="right">{s.centroid[f]?.toLocaleString(undefined, { maximumFractionDigits: 1 }) ?? '—'}</TableCell>)}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function RunDetail() {
  const record = useRecordContext<RunRecord>();
  if (!record) return null;
  // A record cached from the list lacks the detail fields until getOne answers.
  const run: RunRecord = { ...record, params: record.params ?? {}, segments: record.segments ?? [] };
  const names = Object.fromEntries(run.segments.map((s) => [s.label, segmentDisplayName(s.label, s.persona?.name)]));
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="h6">Run #{run.id} · {run.algorithm}{run.k ? ` · k = ${run.k}` : ''}</Typography>
          <StatusChip source="status" />
          {run.modelVersion && <Typography variant="body2" color="text.secondary">model {run.modelVersion}</Typography>}
          <Typography variant="body2" color="text.secondary">{run.customerCount.toLocaleString()} customers</Typography>
        </Stack>
        <ActivateButton run={run} />
      </Stack>
      <Typography variant="body2" color="text.secondary">{paramSummary(run.params)}</Typography>
      {!run.isLive && <ActivationNotices runId={String(run.id)} />}
      {isActive(run.status) && run.jobId && <RunProgress jobId={run.jobId} />}
      {run.error && <Alert severity="error">{run.error}</Alert>}
      {run.metrics && (
        <Grid container spacing={2}>
          {([['Silhouette', run.metrics.silhouette.toFixed(3)], ['Davies–Bouldin', run.metrics.daviesBouldin.toFixed(3)], ['Calinski–Harabasz', Math.round(run.metrics.calinskiHarabasz).toLocaleString()], ['Inertia', Math.round(run.metrics.inertia).toLocaleString()]] as const).map(([label, value]) => (
            <Grid key={label} size={{ xs: 6, md: 3 }}><Card variant="outlined"><CardContent sx={{ py: 1 }}><Typography variant="body2" color="text.secondary">{label}</Typography><Typography variant="h6">{value}</Typography></CardContent></Card></Grid>
          ))}
        </Grid>
      )}
      {run.kSelection && run.kSelection.candidates.length > 0 && (
        <ChartCard title={`Choosing k: recommended k = ${run.kSelection.recommendedK}`} subtitle={run.kSelection.reason} height={180}>
          <KSelectionCharts candidates={run.kSelection.candidates} recommendedK={run.kSelection.recommendedK} elbowK={run.kSelection.elbowK} />
        </ChartCard>
      )}
      <Grid container spacing={2}>
        {run.projection && run.projection.length > 0 && (
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartCard title="Customers on two principal axes" subtitle={`${run.projection.length.toLocaleString()} sampled customers`} height={340}>
              <ProjectionScatter points={run.projection} names={names} />
            </ChartCard>
          </Grid>
        )}
        {run.dendrogram && (
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartCard title="Dendrogram (top merges)" subtitle="Dashed red: the cut that gives k segments">
              <DendrogramChart tree={run.dendrogram} k={run.k} />
            </ChartCard>
          </Grid>
        )}
        {run.segments.length > 0 && !run.dendrogram && (
          <Grid size={{ xs: 12, md: 6 }}>
            <Card variant="outlined" sx={{ height: '100%' }}><CardContent><Typography variant="h6" gutterBottom>Segments</Typography><SegmentTable run={{ ...run, params: { features: [] } }} /></CardContent></Card>
          </Grid>
        )}
      </Grid>
      {run.segments.length > 0 && (
        <Card variant="outlined"><CardContent><Typography variant="h6" gutterBottom>Segment centroids</Typography><SegmentTable run={run} /></CardContent></Card>
      )}
      {run.status === 'succeeded' && <DriftPanel runId={run.id} segmentLabels={new Map(run.segments.map((s) => [String(s.id), names[s.label]]))} />}
      {run.status === 'succeeded' && <CompareRuns runId={run.id} />}
    </Stack>
  );
}


export function RunShow() {
  return (
    <Show queryOptions={{ refetchInterval: refetchRecordWhile(isPendingOrRunning, 1000) }}>
      <Suspense fallback={<Skeleton height={400} />}><RunDetail /></Suspense>
    </Show>
  );
}
