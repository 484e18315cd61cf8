import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface RfmGroupCount { group: string; customers: number }

/** Customers per RFM group in the newest feature snapshot. */
export function RfmGroupsChart({ groups }: { groups: RfmGroupCount[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={groups} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tick={{ fontSize: 11 }} />
        <YAxis type="category" dataKey="group" width={120} interval={0} tick={{ fontSize: 11 }} />
        <Tooltip formatter={(value) => [Number(value).toLocaleString(), 'customers']} />
        <Bar dataKey="customers" fill="#8e24aa" radius={[0, 4, 4, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
