import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney, formatMonth } from '../../common/format';

export interface RevenuePoint {
  /** YYYY-MM */
  month: string;
  revenue: number;
  /** The data covers only part of this month. */
  partial?: boolean;
}

/** Net revenue per month. Loaded lazily (recharts is large) and only when there are points. */
export function RevenueChart({ points }: { points: RevenuePoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <AreaChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tickFormatter={(month: string) => `${formatMonth(`${month}-01T00:00:00Z`)}${points.find((p) => p.month === month)?.partial ? ' (partial)' : ''}`} />
        <YAxis tickFormatter={(value: number) => formatMoney(value).replace(/\.00$/, '')} width={80} />
        <Tooltip formatter={(value) => formatMoney(Number(value))} labelFormatter={(month) => `${formatMonth(`${String(month)}-01T00:00:00Z`)}${points.find((p) => p.month === month)?.partial ? ' (partial month)' : ''}`} />
        <Area type="monotone" dataKey="revenue" stroke="#3f51b5" fill="#3f51b5" fillOpacity={0.15} isAnimationActive={false} />
      </AreaChart>
    </ResponsiveContainer>
  );
}
