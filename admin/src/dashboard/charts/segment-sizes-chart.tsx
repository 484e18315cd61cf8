import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SegmentSize {
  name: string;
  customers: number;
}

/** Customers per segment of the current segmentation run. Loaded lazily, only with data. */
export function SegmentSizesChart({ segments }: { segments: SegmentSize[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={segments} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" />
        <YAxis type="category" dataKey="name" width={140} />
        <Tooltip />
        <Bar dataKey="customers" fill="#00897b" radius={[0, 4, 4, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
