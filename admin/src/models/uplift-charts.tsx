import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert, Box, Card, CardContent, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';

interface Interval { estimate: number | null; lower: number | null; upper: number | null }
interface UpliftCurvePoint { x: number; y: number }
interface Ranking { name: string; metrics: Record<string, Interval>; upliftCurve: UpliftCurvePoint[]; qiniCurve: UpliftCurvePoint[] }
interface Comparison { ranking: string; baseline: string; differences: Record<string, Interval> }
export interface UpliftVersionMetrics {
  learnerName: string; target: string; trainingRows: number; testRows: number; responseBaseline: string;
  armBalance: { balanced: boolean; action: string; message: string } | null;
  evaluation: { nRows: number; nTreated: number; nControl: number; treatedRate: number; controlRate: number; averageUplift: number; bootstrap: { replicates: number; confidence: number }; rankings: Ranking[]; comparisons: Comparison[] };
}

const COLOURS = ['#3f51b5', '#f4511e', '#9e9e9e', '#43a047'];
const METRICS: [key: string, label: string][] = [
  ['qiniAucScikitUplift', 'Qini AUC (scikit-uplift: Qini coefficient, 0 = random, 1 = perfect)'],
  ['upliftAucScikitUplift', 'Uplift AUC (scikit-uplift, 0 = random, 1 = perfect)'],
  ['qiniAucCausalml', 'Qini AUC (causalml normalize=True, ≈ 0 = random)'],
  ['upliftAucCausalml', 'Uplift AUC (causalml AUUC normalize=True, ≈ ½ = random)'],
  ['upliftAt10', 'uplift@10 %'], ['upliftAt20', 'uplift@20 %'], ['upliftAt30', 'uplift@30 %'],
];
const f3 = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(3));
const interval = (i: Interval | undefined) => (i ? `${f3(i.estimate)} [${f3(i.lower)}, ${f3(i.upper)}]` : '—');

/** One chart with a line per ranking; x = share of the held-out rows targeted, best-ranked first. */
function RankingCurves({ title, rankings, curve, nRows, testId }: { title: string; rankings: Ranking[]; curve: 'qiniCurve' | 'upliftCurve'; nRows: number; testId: string }) {
  return (
    <Box data-testid={testId}>
      <Typography variant="subtitle2">{title}</Typography>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ top: 8, right: 12, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} label={{ value: 'share targeted', position: 'insideBottom', offset: -8, fontSize: 11 }} />
          <YAxis type="number" dataKey="y" width={48} label={{ value: 'incremental responders', angle: -90, position: 'insideLeft', fontSize: 11 }} />
          <Tooltip formatter={(value) => Number(value).toFixed(1)} labelFormatter={(x) => `${(Number(x) * 100).toFixed(1)} % targeted`} />
          <Legend verticalAlign="top" height={24} />
          {rankings.map((r, i) => (
            <Line key={r.name} name={r.name} data={r[curve].map((p) => ({ x: p.x / nRows, y: p.y }))} dataKey="y" stroke={COLOURS[i % COLOURS.length]}
              strokeDasharray={r.name === 'random' ? '4 4' : undefined} dot={false} strokeWidth={2} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

/** An uplift version's held-out evaluation: Qini and uplift curves, both AUC normalisations and uplift@k with intervals. */
export function UpliftEvaluationPanel({ metrics }: { metrics: UpliftVersionMetrics }) {
  const e = metrics.evaluation;
  const learner = e.rankings[0]?.name;
  const vsRandom = e.comparisons.find((c) => c.ranking === learner && c.baseline === 'random');
  return (
    <Stack spacing={2} data-testid="uplift-evaluation">
      <Typography variant="body2" color="text.secondary">
        {metrics.learnerName} on {metrics.target}: {e.nRows.toLocaleString()} held-out rows ({e.nTreated.toLocaleString()} contacted, {e.nControl.toLocaleString()} control);
        average uplift {f3(e.averageUplift)} ({f3(e.treatedRate)} − {f3(e.controlRate)}). Intervals: {Math.round(e.bootstrap.confidence * 100)} % bootstrap, {e.bootstrap.replicates} replicates.
        Response baseline: {metrics.responseBaseline}.
      </Typography>
      {metrics.armBalance && <Alert severity={metrics.armBalance.balanced ? 'info' : 'warning'}>{metrics.armBalance.message}</Alert>}
      <Card variant="outlined"><CardContent>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 6 }}><RankingCurves title="Qini curve" rankings={e.rankings} curve="qiniCurve" nRows={e.nRows} testId="qini-curve" /></Grid>
          <Grid size={{ xs: 12, md: 6 }}><RankingCurves title="Uplift curve" rankings={e.rankings} curve="upliftCurve" nRows={e.nRows} testId="uplift-curve" /></Grid>
        </Grid>
      </CardContent></Card>
      <Card variant="outlined"><CardContent>
        <Typography variant="h6" gutterBottom>Held-out metrics</Typography>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Uplift metrics">
            <TableHead><TableRow><TableCell>metric</TableCell>{e.rankings.map((r) => <TableCell key={r.name}>{r.name}</TableCell>)}{vsRandom && <TableCell>{learner} − random (paired)</TableCell>}</TableRow></TableHead>
            <TableBody>
              {METRICS.map(([key, label]) => (
                <TableRow key={key}>
                  <TableCell>{label}</TableCell>
                  {e.rankings.map((r) => <TableCell key={r.name}>{interval(r.metrics[key])}</TableCell>)}
                  {vsRandom && <TableCell>{interval(vsRandom.differences[key])}</TableCell>}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </CardContent></Card>
    </Stack>
  );
}
