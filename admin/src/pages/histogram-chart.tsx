import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface HistogramBin { from: number; to: number; count: number }

/** Edges back in the feature's units: log1p bins are shown as expm1(edge). */
const edge = (value: number, logScale: boolean) => {
  const v = logScale ? Math.expm1(value) : value;
  return Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2);
};

export function HistogramChart({ bins, logScale }: { bins: HistogramBin[]; logScale: boolean }) {
  const data = bins.map((b) => ({ ...b, label: edge(b.from, logScale), range: `${edge(b.from, logScale)} – ${edge(b.to, logScale)}` }));
  return (
    <ResponsiveContainer width="100%" height={170}>
      <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap={1}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" interval="preserveStartEnd" tick={{ fontSize: 10 }} />
        <YAxis width={40} tick={{ fontSize: 10 }} />
        <Tooltip labelFormatter={(_, payload) => String(payload?.[0]?.payload?.range ?? '')} formatter={(value) => [Number(value).toLocaleString(), 'customers']} />
        <Bar dataKey="count" fill="#3f51b5" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
