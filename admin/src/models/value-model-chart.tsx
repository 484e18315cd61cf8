import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface HoldoutGroup { frequency: number; orMore: boolean; customers: number; actualMean: number; predictedMean: number }

/** The holdout chart of Fader, Hardie & Lee: mean actual vs predicted holdout purchases by calibration frequency. */
export function HoldoutChart({ groups }: { groups: HoldoutGroup[] }) {
  const data = groups.map((g) => ({ frequency: `${g.frequency}${g.orMore ? '+' : ''}`, actual: g.actualMean, predicted: g.predictedMean, customers: g.customers }));
  return (
    <div data-testid="holdout-chart">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="frequency" label={{ value: 'repeat purchases in calibration', position: 'insideBottom', offset: -8, fontSize: 11 }} />
          <YAxis width={40} label={{ value: 'holdout purchases (mean)', angle: -90, position: 'insideLeft', fontSize: 11 }} />
          <Tooltip formatter={(value) => Number(value).toFixed(3)} />
          <Legend verticalAlign="top" />
          <Bar dataKey="actual" name="actual" fill="#3f51b5" isAnimationActive={false} />
          <Bar dataKey="predicted" name="predicted" fill="#f4511e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
