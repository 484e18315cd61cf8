import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SegmentSize {
  name: string;
  customers: number;
  /** 0..1 */
  customerShare: number;
  /** 0..1 */
  revenueShare: number;
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** Share of customers beside share of revenue, per segment of the live run. Loaded lazily, only with data. */
export function SegmentSizesChart({ segments }: { segments: SegmentSize[] }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={segments} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" interval={0} tick={{ fontSize: 11 }} />
        <YAxis tickFormatter={percent} width={52} />
        <Tooltip formatter={(value, name) => [percent(Number(value)), name]} labelFormatter={(label, payload) => `${label}: ${Number(payload?.[0]?.payload?.customers ?? 0).toLocaleString()} customers`} />
        <Legend />
        <Bar dataKey="customerShare" name="Share of customers" fill="#3f51b5" isAnimationActive={false} />
        <Bar dataKey="revenueShare" name="Share of revenue" fill="#00897b" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
