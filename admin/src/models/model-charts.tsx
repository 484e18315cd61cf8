import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { Grid, Typography } from '@mui/material';

export interface CurvePoint { x: number; y: number; threshold: number }
export interface CalibrationBin { lower: number; upper: number; count: number; meanPredicted: number; fractionPositive: number }
export interface LiftRow { decile: number; count: number; positives: number; responseRate: number; lift: number; cumulativeGain: number; cumulativeLift: number }
export interface FeatureImportance { feature: string; impurity: number | null; permutationMean: number | null; permutationStd: number | null }

const fixed = (digits: number) => (value: number) => Number(value).toFixed(digits);
const DIAGONAL = [{ x: 0, y: 0 }, { x: 1, y: 1 }];

function Curve({ title, points, xLabel, yLabel, diagonal }: { title: string; points: CurvePoint[]; xLabel: string; yLabel: string; diagonal?: boolean }) {
  return (
    <>
      <Typography variant="subtitle2">{title}</Typography>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart margin={{ top: 8, right: 12, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" domain={[0, 1]} tickFormatter={fixed(1)} label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11 }} />
          <YAxis type="number" dataKey="y" domain={[0, 1]} tickFormatter={fixed(1)} width={36} label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 11 }} />
          <Tooltip formatter={(value) => Number(value).toFixed(3)} labelFormatter={(x) => `${xLabel} ${Number(x).toFixed(3)}`} />
          {diagonal && <Line data={DIAGONAL} dataKey="y" stroke="#9e9e9e" strokeDasharray="4 4" dot={false} isAnimationActive={false} />}
          <Line data={points} dataKey="y" stroke="#3f51b5" dot={false} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </>
  );
}

/** ROC, precision–recall, calibration, lift by decile and feature importance of one model version. */
export function EvaluationCharts({ roc, pr, calibration, lift, importance }: { roc: CurvePoint[]; pr: CurvePoint[]; calibration: CalibrationBin[]; lift: LiftRow[]; importance: FeatureImportance[] }) {
  const sortedImportance = [...importance].sort((a, b) => (b.permutationMean ?? b.impurity ?? 0) - (a.permutationMean ?? a.impurity ?? 0));
  return (
    <Grid container spacing={2} data-testid="model-charts">
      {roc.length > 0 && <Grid size={{ xs: 12, md: 4 }}><Curve title="ROC curve" points={roc} xLabel="false positive rate" yLabel="true positive rate" diagonal /></Grid>}
      {pr.length > 0 && <Grid size={{ xs: 12, md: 4 }}><Curve title="Precision–recall" points={pr} xLabel="recall" yLabel="precision" /></Grid>}
      {calibration.length > 0 && (
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="subtitle2">Calibration</Typography>
          <ResponsiveContainer width="100%" height={220}>
            <ComposedChart margin={{ top: 8, right: 12, bottom: 16, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" dataKey="x" domain={[0, 1]} tickFormatter={fixed(1)} label={{ value: 'mean predicted', position: 'insideBottom', offset: -8, fontSize: 11 }} />
              <YAxis type="number" dataKey="y" domain={[0, 1]} tickFormatter={fixed(1)} width={36} label={{ value: 'observed', angle: -90, position: 'insideLeft', fontSize: 11 }} />
              <Tooltip formatter={(value) => Number(value).toFixed(3)} />
              <Line data={DIAGONAL} dataKey="y" stroke="#9e9e9e" strokeDasharray="4 4" dot={false} isAnimationActive={false} />
              <Scatter data={calibration.filter((b) => b.count > 0).map((b) => ({ x: b.meanPredicted, y: b.fractionPositive, count: b.count }))} fill="#f4511e" line isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </Grid>
      )}
      {lift.length > 0 && (
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2">Lift by decile (1 = highest scores)</Typography>
          <ResponsiveContainer width="100%" height={220}>
            <ComposedChart data={lift} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="decile" />
              <YAxis yAxisId="lift" width={36} tickFormatter={fixed(1)} />
              <YAxis yAxisId="gain" orientation="right" domain={[0, 1]} width={36} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
              <Tooltip formatter={(value, name) => [name === 'Cumulative gain' ? `${(Number(value) * 100).toFixed(0)}%` : Number(value).toFixed(2), name]} />
              <Legend />
              <Bar yAxisId="lift" dataKey="lift" name="Lift" fill="#3f51b5" isAnimationActive={false} />
              <Line yAxisId="gain" dataKey="cumulativeGain" name="Cumulative gain" stroke="#00897b" isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </Grid>
      )}
      {sortedImportance.length > 0 && (
        <Grid size={{ xs: 12, md: lift.length > 0 ? 6 : 12 }}>
          <Typography variant="subtitle2">Feature importance</Typography>
          <ResponsiveContainer width="100%" height={Math.max(220, sortedImportance.length * 22)}>
            <BarChart data={sortedImportance} layout="vertical" margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tickFormatter={fixed(2)} />
              <YAxis type="category" dataKey="feature" width={150} interval={0} tick={{ fontSize: 11 }} />
              <Tooltip formatter={(value) => Number(value).toFixed(4)} />
              <Legend />
              <Bar dataKey="impurity" name="Impurity decrease" fill="#8e24aa" isAnimationActive={false} />
              <Bar dataKey="permutationMean" name="Permutation (test)" fill="#00897b" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </Grid>
      )}
    </Grid>
  );
}
