import { Grid, Stack, Typography } from '@mui/material';
import PeopleIcon from '@mui/icons-material/People';
import ReceiptIcon from '@mui/icons-material/ReceiptLong';
import InventoryIcon from '@mui/icons-material/Inventory2';
import WorkHistoryIcon from '@mui/icons-material/WorkHistory';
import { Title, useGetIdentity } from 'react-admin';
import { CountCard } from './count-card';
import { RunningJobs } from './running-jobs';
import { LatestOrders } from './latest-orders';
import { RecentCampaigns } from './recent-campaigns';
import { FreshnessCard } from './freshness-card';
import { ChartSlots } from './charts/chart-slots';
import { JOB_REFRESH_MS } from '../jobs/job-status';
import { ActivationNotices } from '../drift';

export function Dashboard() {
  const { identity } = useGetIdentity();
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
      <Title title="Dashboard" />
      <Typography variant="h5" sx={{ fontWeight: 600 }}>
        {identity?.fullName ? `Welcome, ${identity.fullName}` : 'Welcome'}
      </Typography>
      <ActivationNotices />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}><CountCard resource="customers" label="Customers" icon={<PeopleIcon />} /></Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}><CountCard resource="orders" label="Orders" icon={<ReceiptIcon />} /></Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}><CountCard resource="products" label="Products" icon={<InventoryIcon />} /></Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <CountCard resource="jobs" label="Jobs running" icon={<WorkHistoryIcon />} filter={{ status: 'running' }} refetchInterval={JOB_REFRESH_MS * 2} />
        </Grid>
      </Grid>
      <FreshnessCard />
      <ChartSlots />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}><RecentCampaigns /></Grid>
        <Grid size={{ xs: 12, md: 4 }}><RunningJobs /></Grid>
        <Grid size={{ xs: 12, md: 4 }}><LatestOrders /></Grid>
      </Grid>
    </Stack>
  );
}
