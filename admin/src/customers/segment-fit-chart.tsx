import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface FitPoint { dimension: string; customer: number; centroid: number }

/** The customer's standardised values beside their segment's centroid (0 = the base average). */
export function SegmentFitChart({ points }: { points: FitPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="dimension" tick={{ fontSize: 11 }} interval={0} />
        <YAxis width={36} tick={{ fontSize: 11 }} />
        <ReferenceLine y={0} stroke="#888" />
        <Tooltip formatter={(value, name) => [Number(value).toFixed(2), name]} />
        <Legend />
        <Bar dataKey="customer" name="This customer" fill="#f4511e" isAnimationActive={false} />
        <Bar dataKey="centroid" name="Segment centroid" fill="#3f51b5" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
