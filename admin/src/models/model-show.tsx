import { lazy } from 'react';
import { Alert, Box, Button, Card, CardContent, Chip, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Show, useCanAccess, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { ChartCard } from '../common/chart-card';
import { JOB_FIELDS, JobProgressLine, type JobProgressRecord } from '../common/job-progress-line';
import { StatusChip } from '../common/status-chip';
import { isPendingOrRunning, refetchRecordWhile } from '../common/refetch';
import type { CalibrationBin, CurvePoint, FeatureImportance, LiftRow } from './model-charts';
import type { UpliftVersionMetrics } from './uplift-charts';
import { ValueModelDetail, type CustomerValueModel } from './value-model-detail';
import { majorityBaseline } from './majority-baseline';
import { formatPercent } from '../common/format';

const EvaluationCharts = lazy(() => import('./model-charts').then((m) => ({ default: m.EvaluationCharts })));
const UpliftEvaluationPanel = lazy(() => import('./uplift-charts').then((m) => ({ default: m.UpliftEvaluationPanel })));

const JOB = `query ModelJob($id: ID!) { Job(id: $id) { ${JOB_FIELDS} } }`;
const ACTIVATE = `mutation ActivateModel($id: ID!) { activateModel(id: $id) { kind modelId } }`;

interface Evaluation {
  task: string; trainingRows: number; testRows: number; threshold: number | null; positiveRate: number | null;
  accuracy: number; precision: number; recall: number; f1: number; rocAuc: number | null; prAuc: number | null; logLoss: number | null; oobScore: number | null;
  confusionMatrix: { labels: number[]; names: string[]; matrix: number[][] };
  perClass: { label: number; name: string; precision: number; recall: number; f1: number; support: number }[];
  rocCurve: CurvePoint[]; prCurve: CurvePoint[]; calibration: CalibrationBin[]; lift: LiftRow[]; featureImportance: FeatureImportance[];
  crossValidation: { folds: number; metric: string; mean: number | null; std: number | null } | null;
}
interface ModelRecord {
  id: string; kind: string; version: number | null; status: string; jobId: string | null; isActive: boolean; error: string | null;
  trainingRows: number; testRows: number; params: Record<string, unknown>; evaluation: Evaluation | null; upliftEvaluation: UpliftVersionMetrics | null; customerValue: CustomerValueModel | null;
  hyperparameters: { nEstimators: number; maxDepth: number | null; minSamplesLeaf: number; maxFeatures: string; classWeight: string | null; criterion: string; seed: number } | null;
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));

/** The segment classifier beside always guessing the largest segment; a warning when it barely beats that. */
function BaselineNote({ evaluation }: { evaluation: Evaluation }) {
  const baseline = majorityBaseline(evaluation.confusionMatrix, evaluation.accuracy);
  if (!baseline) return null;
  const text = `Majority-class baseline: ${formatPercent(baseline.accuracy)} accuracy by always answering "${baseline.className}"; this model: ${formatPercent(evaluation.accuracy)} (${baseline.margin >= 0 ? '+' : ''}${(baseline.margin * 100).toFixed(1)} points).`;
  return baseline.barelyBeats
    ? <Alert severity="warning" data-testid="majority-baseline">{text} It barely beats guessing: its predicted segments add little.</Alert>
    : <Typography variant="body2" data-testid="majority-baseline">{text}</Typography>;
}

function TrainingProgress({ jobId }: { jobId: string }) {
  const { data } = useGraphQLQuery<{ Job: JobProgressRecord }>(JOB, { id: jobId }, { refetchInterval: (d) => (d && !['queued', 'running'].includes(d.Job.status) ? false : 700) });
  return <Card variant="outlined"><CardContent><Typography variant="subtitle1" gutterBottom>Training…</Typography><JobProgressLine job={data?.Job ?? null} unit="steps" /></CardContent></Card>;
}

function ConfusionMatrix({ matrix }: { matrix: Evaluation['confusionMatrix'] }) {
  const max = Math.max(1, ...matrix.matrix.flat());
  return (
    <Table size="small" aria-label="Confusion matrix" sx={{ width: 'auto' }}>
      <TableHead><TableRow><TableCell>actual ↓ / predicted →</TableCell>{matrix.names.map((n) => <TableCell key={n} align="center">{n}</TableCell>)}</TableRow></TableHead>
      <TableBody>
        {matrix.matrix.map((row, i) => (
          <TableRow key={matrix.labels[i]}>
            <TableCell>{matrix.names[i]}</TableCell>
            {row.map((count, j) => <TableCell key={j} align="center" sx={{ bgcolor: `rgba(63, 81, 181, ${(count / max).toFixed(2)})`, color: count / max > 0.5 ? '#fff' : 'inherit' }}>{count.toLocaleString()}</TableCell>)}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ModelDetail() {
  const model = useRecordContext<ModelRecord>();
  const { canAccess } = useCanAccess({ resource: 'models', action: 'activate' });
  const notify = useNotify();
  const refresh = useRefresh();
  if (!model) return null;
  const e = model.evaluation;
  const activate = async () => {
    try { await graphqlRequest(ACTIVATE, { id: model.id }); notify(`${model.kind} model v${model.version} is active`, { type: 'success' }); refresh(); }
    catch (error) { notify((error as Error).message, { type: 'error' }); }
  };
  const h = model.hyperparameters;
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="h6">{model.kind} model{model.version ? ` v${model.version}` : ''}</Typography>
          <StatusChip source="status" />
          {model.isActive && <Chip color="success" size="small" label="active" />}
          <Typography variant="body2" color="text.secondary">{model.trainingRows.toLocaleString()} {model.kind === 'customer-value' ? 'customers' : 'training'} / {model.testRows.toLocaleString()} {model.kind === 'customer-value' ? 'in the holdout check' : 'test rows'}</Typography>
        </Stack>
        {canAccess && model.status === 'succeeded' && !model.isActive && <Button variant="contained" onClick={activate}>Activate</Button>}
      </Stack>
      {h && <Typography variant="body2" color="text.secondary">random forest: {h.nEstimators} trees · max depth {h.maxDepth ?? '∞'} · min leaf {h.minSamplesLeaf} · max features {h.maxFeatures} · {h.criterion}{h.classWeight ? ` · ${h.classWeight}` : ''} · seed {h.seed}</Typography>}
      {isPendingOrRunning(model) && model.jobId && <TrainingProgress jobId={model.jobId} />}
      {model.error && <Alert severity="error">{model.error}</Alert>}
      {model.upliftEvaluation && <UpliftEvaluationPanel metrics={model.upliftEvaluation} />}
      {model.customerValue && <ValueModelDetail value={model.customerValue} />}
      {e && (
        <>
          <Grid container spacing={2}>
            {([['Accuracy', e.accuracy], ['Precision', e.precision], ['Recall', e.recall], ['F1', e.f1], ['ROC AUC', e.rocAuc], ['PR AUC', e.prAuc], ['Log loss', e.logLoss], ['OOB accuracy', e.oobScore]] as const)
              .filter(([, v]) => v !== null && v !== undefined)
              .map(([label, value]) => (
                <Grid key={label} size={{ xs: 6, md: 1.5 }}><Card variant="outlined"><CardContent sx={{ py: 1 }}><Typography variant="caption" color="text.secondary">{label}</Typography><Typography variant="h6">{f3(value)}</Typography></CardContent></Card></Grid>
              ))}
          </Grid>
          {model.kind === 'segment' && <BaselineNote evaluation={e} />}
          {e.crossValidation && <Typography variant="body2">{e.crossValidation.folds}-fold cross-validation {e.crossValidation.metric}: {f3(e.crossValidation.mean)} ± {f3(e.crossValidation.std)}</Typography>}
          <ChartCard title="Evaluation on the held-out rows" subtitle={e.threshold !== null ? `threshold ${e.threshold} · positive rate ${f3(e.positiveRate)}` : `${e.task} (macro averages)`}>
            <EvaluationCharts roc={e.rocCurve} pr={e.prCurve} calibration={e.calibration} lift={e.lift} importance={e.featureImportance} />
          </ChartCard>
          <Card variant="outlined"><CardContent>
            <Typography variant="h6" gutterBottom>Confusion matrix</Typography>
            <Box sx={{ overflowX: 'auto' }}><ConfusionMatrix matrix={e.confusionMatrix} /></Box>
          </CardContent></Card>
        </>
      )}
    </Stack>
  );
}

export function ModelShow() {
  return <Show queryOptions={{ refetchInterval: refetchRecordWhile(isPendingOrRunning, 1000) }}><ModelDetail /></Show>;
}
