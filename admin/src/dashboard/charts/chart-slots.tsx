import { lazy, Suspense, type ReactNode } from 'react';
import { Card, CardContent, Grid, Skeleton, Typography } from '@mui/material';
import type { RevenuePoint } from './revenue-chart';
import type { SegmentSize } from './segment-sizes-chart';

// Lazy: recharts is large and most visits never need it until the data exists.
const RevenueChart = lazy(() => import('./revenue-chart').then((m) => ({ default: m.RevenueChart })));
const SegmentSizesChart = lazy(() => import('./segment-sizes-chart').then((m) => ({ default: m.SegmentSizesChart })));

export interface DashboardSeries {
  revenueByMonth: RevenuePoint[];
  segmentSizes: SegmentSize[];
}

/**
 * Where the dashboard's chart data comes from. The API has no aggregate queries yet, so both
 * series are empty and no chart renders. Wire them here when the server adds them
 * (see docs/admin-ui.md, "Dashboard charts"): e.g. `revenueByMonth(from, to) { month revenue }`
 * and the current segmentation run's `segments { name size }`.
 */
export function useDashboardSeries(): DashboardSeries {
  return { revenueByMonth: [], segmentSizes: [] };
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>{title}</Typography>
        <Suspense fallback={<Skeleton variant="rounded" height={260} />}>{children}</Suspense>
      </CardContent>
    </Card>
  );
}

/** Charts appear only when their data exists: no placeholders with made-up numbers. */
export function ChartSlots() {
  const { revenueByMonth, segmentSizes } = useDashboardSeries();
  if (revenueByMonth.length === 0 && segmentSizes.length === 0) return null;
  return (
    <Grid container spacing={2}>
      {revenueByMonth.length > 0 && (
        <Grid size={{ xs: 12, md: 7 }}>
          <ChartCard title="Revenue by month"><RevenueChart points={revenueByMonth} /></ChartCard>
        </Grid>
      )}
      {segmentSizes.length > 0 && (
        <Grid size={{ xs: 12, md: 5 }}>
          <ChartCard title="Segment sizes"><SegmentSizesChart segments={segmentSizes} /></ChartCard>
        </Grid>
      )}
    </Grid>
  );
}
