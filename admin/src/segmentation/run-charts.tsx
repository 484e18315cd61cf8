import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { Grid, Typography } from '@mui/material';
import { segmentColor } from './palette';

export interface KCandidate { k: number; inertia: number; silhouette: number; daviesBouldin: number; calinskiHarabasz: number }

const METRICS: { key: keyof KCandidate; title: string; hint: string }[] = [
  { key: 'inertia', title: 'Inertia (elbow)', hint: 'lower is tighter' },
  { key: 'silhouette', title: 'Silhouette', hint: 'higher is better' },
  { key: 'daviesBouldin', title: 'Davies–Bouldin', hint: 'lower is better' },
  { key: 'calinskiHarabasz', title: 'Calinski–Harabasz', hint: 'higher is better' },
];

const fmt = (value: number) => {
  const size = Math.abs(value);
  return size >= 100 ? value.toLocaleString(undefined, { maximumFractionDigits: 0 }) : size >= 10 ? value.toFixed(1) : value.toFixed(3);
};

/** The four k-selection curves; the recommended k is a dashed line, the elbow a red one on inertia. */
export function KSelectionCharts({ candidates, recommendedK, elbowK }: { candidates: KCandidate[]; recommendedK: number; elbowK: number | null }) {
  return (
    <Grid container spacing={2} data-testid="k-charts">
      {METRICS.map(({ key, title, hint }) => (
        <Grid key={key} size={{ xs: 12, sm: 6, lg: 3 }}>
          <Typography variant="subtitle2">{title} <Typography component="span" variant="caption" color="text.secondary">{hint}</Typography></Typography>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={candidates} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="k" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tickCount={candidates.length} />
              <YAxis width={56} tickFormatter={fmt} domain={['auto', 'auto']} />
              <Tooltip formatter={(value) => fmt(Number(value))} labelFormatter={(k) => `k = ${k}`} />
              <ReferenceLine x={recommendedK} stroke="#00897b" strokeDasharray="4 3" label={{ value: `k=${recommendedK}`, position: 'insideTopRight', fontSize: 11 }} />
              {key === 'inertia' && elbowK ? <ReferenceLine x={elbowK} stroke="#e53935" label={{ value: 'elbow', position: 'insideBottomRight', fontSize: 11 }} /> : null}
              <Line type="monotone" dataKey={key} stroke="#3f51b5" dot={{ r: 3 }} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </Grid>
      ))}
    </Grid>
  );
}

export interface ProjectionPoint { index: number; x: number; y: number; label: number }

/** The 2-D PCA sample coloured by segment. */
export function ProjectionScatter({ points, names }: { points: ProjectionPoint[]; names: Record<number, string> }) {
  const labels = [...new Set(points.map((p) => p.label))].sort((a, b) => a - b);
  return (
    <ResponsiveContainer width="100%" height={340}>
      <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }} data-testid="projection">
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" dataKey="x" name="PC1" tickFormatter={(v: number) => v.toFixed(1)} />
        <YAxis type="number" dataKey="y" name="PC2" width={40} tickFormatter={(v: number) => v.toFixed(1)} />
        <ZAxis range={[12, 12]} />
        <Tooltip cursor={{ strokeDasharray: '3 3' }} formatter={(value) => Number(value).toFixed(2)} />
        <Legend />
        {labels.map((label) => (
          <Scatter key={label} name={names[label] ?? `Segment ${label}`} data={points.filter((p) => p.label === label)} fill={segmentColor(label)} fillOpacity={0.6} isAnimationActive={false} />
        ))}
      </ScatterChart>
    </ResponsiveContainer>
  );
}
