import { lazy } from 'react';
import { Grid } from '@mui/material';
import { useGraphQLQuery } from '../../dataProvider/use-graphql';
import { ChartCard } from '../../common/chart-card';
import type { RevenuePoint } from './revenue-chart';
import type { SegmentSize } from './segment-sizes-chart';
import type { RfmGroupCount } from './rfm-groups-chart';
import { segmentDisplayName } from '@segmenta/shared';

// Lazy: recharts is large and loads only once there is data to draw.
const RevenueChart = lazy(() => import('./revenue-chart').then((m) => ({ default: m.RevenueChart })));
const SegmentSizesChart = lazy(() => import('./segment-sizes-chart').then((m) => ({ default: m.SegmentSizesChart })));
const RfmGroupsChart = lazy(() => import('./rfm-groups-chart').then((m) => ({ default: m.RfmGroupsChart })));

export interface DashboardSeries {
  revenueByMonth: RevenuePoint[];
  segmentSizes: SegmentSize[];
  rfmGroups: RfmGroupCount[];
}

const DASHBOARD = `query DashboardSeries {
  revenueByMonth { month revenue partial }
  allSegments(perPage: 25, sortField: "label", sortOrder: "ASC") { label size shareOfCustomers revenueShare persona { name } }
  rfmGroupCounts { group customers }
}`;

interface DashboardData {
  revenueByMonth: RevenuePoint[];
  allSegments: { label: number; size: number; shareOfCustomers: number; revenueShare: number; persona: { name: string } | null }[];
  rfmGroupCounts: RfmGroupCount[];
}

/** One request for every dashboard series: net revenue per month, the live run's segments, RFM groups. */
export function useDashboardSeries(): DashboardSeries {
  const { data } = useGraphQLQuery<DashboardData>(DASHBOARD);
  return {
    revenueByMonth: data?.revenueByMonth ?? [],
    segmentSizes: (data?.allSegments ?? []).map((s) => ({
      name: segmentDisplayName(s.label, s.persona?.name), customers: s.size, customerShare: s.shareOfCustomers, revenueShare: s.revenueShare,
    })),
    rfmGroups: data?.rfmGroupCounts ?? [],
  };
}

/** Charts appear only when their data exists: no placeholders with made-up numbers. */
export function ChartSlots() {
  const { revenueByMonth, segmentSizes, rfmGroups } = useDashboardSeries();
  if (revenueByMonth.length === 0 && segmentSizes.length === 0 && rfmGroups.length === 0) return null;
  return (
    <Grid container spacing={2} data-testid="dashboard-charts">
      {revenueByMonth.length > 0 && (
        <Grid size={{ xs: 12, md: 7 }}>
          <ChartCard title="Revenue by month" subtitle={`Completed orders net of cancellations${revenueByMonth.some((p) => p.partial) ? ' · months marked (partial) hold only part of a month of data' : ''}`}><RevenueChart points={revenueByMonth} /></ChartCard>
        </Grid>
      )}
      {rfmGroups.length > 0 && (
        <Grid size={{ xs: 12, md: 5 }}>
          <ChartCard title="RFM groups" subtitle="Customers in the newest feature snapshot"><RfmGroupsChart groups={rfmGroups} /></ChartCard>
        </Grid>
      )}
      {segmentSizes.length > 0 && (
        <Grid size={{ xs: 12 }}>
          <ChartCard title="Live segments" subtitle="Share of customers and of revenue" height={240}><SegmentSizesChart segments={segmentSizes} /></ChartCard>
        </Grid>
      )}
    </Grid>
  );
}
