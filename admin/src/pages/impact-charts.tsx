import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface RoiPoint { label: string; roi: number | null; lower: number | null; upper: number | null }
export interface SizeSeries { at: string; [name: string]: number | string }

const PALETTE = ['#3f51b5', '#e91e63', '#009688', '#ff9800', '#795548', '#607d8b', '#9c27b0', '#8bc34a'];
const percent = (v: unknown) => `${Math.round(Number(v) * 100).toLocaleString()}%`;

/** Incremental ROI per campaign in send order, the 95% interval as dashed lines above and below. */
export function RoiChart({ points }: { points: RoiPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} />
        <YAxis tickFormatter={percent} width={72} tick={{ fontSize: 11 }} />
        <Tooltip formatter={(value, name) => [percent(value), String(name)]} />
        <Legend />
        <Line dataKey="roi" name="Incremental ROI" stroke="#3f51b5" isAnimationActive={false} connectNulls />
        <Line dataKey="lower" name="95% interval, lower" stroke="#9fa8da" strokeDasharray="4 4" dot={false} isAnimationActive={false} connectNulls />
        <Line dataKey="upper" name="95% interval, upper" stroke="#9fa8da" strokeDasharray="4 4" dot={false} isAnimationActive={false} connectNulls />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Segment sizes (customers) at each activation, one line per persona. */
export function SegmentSizesChart({ series, names }: { series: SizeSeries[]; names: string[] }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={series} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="at" tick={{ fontSize: 11 }} />
        <YAxis width={56} tick={{ fontSize: 11 }} />
        <Tooltip />
        <Legend />
        {names.map((name, i) => <Line key={name} dataKey={name} stroke={PALETTE[i % PALETTE.length]} isAnimationActive={false} />)}
      </LineChart>
    </ResponsiveContainer>
  );
}
