import { lazy, useState } from 'react';
import {
  Alert, Box, Card, CardContent, FormControl, FormControlLabel, Grid, InputLabel, MenuItem, Select, Stack, Switch, Table, TableBody, TableCell,
  TableHead, TableRow, Typography,
} from '@mui/material';
import { Link, Title } from 'react-admin';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { ChartCard } from '../common/chart-card';
import { formatPercent } from '../common/format';
import type { HistogramBin } from './histogram-chart';

const HistogramChart = lazy(() => import('./histogram-chart').then((m) => ({ default: m.HistogramChart })));

const HISTOGRAMS = [
  ['recencyDays', 'Recency (days)'], ['frequency', 'Frequency (orders)'], ['monetary', 'Monetary'], ['avgOrderValue', 'Average order value'], ['clvHistoric', 'Historic CLV'],
] as const;
const CORRELATED = ['recencyDays', 'frequency', 'monetary', 'avgOrderValue', 'tenureDays', 'returnRate', 'clvHistoric'];

interface Distribution { feature: string; count: number; missing: number; min: number | null; max: number | null; mean: number | null; bins: HistogramBin[] }

const DISTRIBUTIONS = `query Distributions($logScale: Boolean!) {
  ${HISTOGRAMS.map(([f]) => `${f}: featureDistribution(feature: "${f}", bins: 30, logScale: $logScale) { feature count missing min max mean bins { from to count } }`).join('\n  ')}
}`;
const CORRELATIONS = `query Correlations($features: [String!]!) { featureCorrelations(features: $features) { features values customers } }`;
const OUTLIERS = `query Outliers($feature: String!) { outliers(feature: $feature, limit: 15) { customerId externalId value zScore } }`;
const COHORTS = `query Cohorts { cohortRetention(months: 12) { cohort customers retention } }`;

const number = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString(undefined, { maximumFractionDigits: 1 }));

function Histograms() {
  const [logScale, setLogScale] = useState(true);
  const { data, error } = useGraphQLQuery<Record<string, Distribution>>(DISTRIBUTIONS, { logScale });
  return (
    <Stack spacing={1}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="h6">Feature distributions</Typography>
        <FormControlLabel control={<Switch checked={logScale} onChange={(e) => setLogScale(e.target.checked)} />} label="Log scale (log1p)" />
      </Stack>
      {error && <Alert severity="error">{error.message}</Alert>}
      {data && Object.values(data).every((d) => d.count === 0) && <Alert severity="info">No feature snapshot yet: import orders and run a segmentation.</Alert>}
      <Grid container spacing={2}>
        {HISTOGRAMS.map(([feature, title]) => {
          const d = data?.[feature];
          if (!d || d.count === 0) return null;
          return (
            <Grid key={feature} size={{ xs: 12, sm: 6, md: 4, xl: 2.4 }}>
              <ChartCard title={title} subtitle={`mean ${number(d.mean)} · max ${number(d.max)}${d.missing ? ` · ${d.missing} missing` : ''}`} height={170}>
                <HistogramChart bins={d.bins} logScale={logScale} />
              </ChartCard>
            </Grid>
          );
        })}
      </Grid>
    </Stack>
  );
}

/** r in −1..1 → blue (positive) or red (negative), stronger when larger. */
const corrColor = (r: number | null) => (r === null ? 'transparent' : r >= 0 ? `rgba(63, 81, 181, ${Math.abs(r).toFixed(2)})` : `rgba(229, 57, 53, ${Math.abs(r).toFixed(2)})`);

function Correlations() {
  const { data } = useGraphQLQuery<{ featureCorrelations: { features: string[]; values: (number | null)[][]; customers: number } }>(CORRELATIONS, { features: CORRELATED });
  const result = data?.featureCorrelations;
  if (!result || result.customers === 0) return null;
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6">Correlations (Pearson r)</Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>{result.customers.toLocaleString()} customers; blue positive, red negative</Typography>
        <Table size="small" aria-label="Correlation heat map" sx={{ '& td, & th': { px: 0.5, textAlign: 'center' } }}>
          <TableHead><TableRow><TableCell />{result.features.map((f) => <TableCell key={f} sx={{ fontSize: 11 }}>{f}</TableCell>)}</TableRow></TableHead>
          <TableBody>
            {result.features.map((f, i) => (
              <TableRow key={f}>
                <TableCell sx={{ fontSize: 11, textAlign: 'right !important' }}>{f}</TableCell>
                {result.values[i].map((r, j) => (
                  <TableCell key={j} sx={{ bgcolor: corrColor(r), color: r !== null && Math.abs(r) > 0.6 ? '#fff' : 'inherit', fontSize: 12 }}>{r === null ? '—' : r.toFixed(2)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

function Outliers() {
  const [feature, setFeature] = useState('monetary');
  const { data } = useGraphQLQuery<{ outliers: { customerId: string; externalId: string; value: number; zScore: number }[] }>(OUTLIERS, { feature });
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
          <Typography variant="h6">Outliers</Typography>
          <FormControl size="small" sx={{ minWidth: 160 }}>
            <InputLabel id="outlier-feature">Feature</InputLabel>
            <Select labelId="outlier-feature" label="Feature" value={feature} onChange={(e) => setFeature(String(e.target.value))}>
              {CORRELATED.map((f) => <MenuItem key={f} value={f}>{f}</MenuItem>)}
            </Select>
          </FormControl>
        </Stack>
        <Box sx={{ maxHeight: 330, overflowY: 'auto' }}>
          <Table size="small" aria-label="Outliers" stickyHeader>
            <TableHead><TableRow><TableCell>Customer</TableCell><TableCell align="right">Value</TableCell><TableCell align="right">z-score</TableCell></TableRow></TableHead>
            <TableBody>
              {(data?.outliers ?? []).map((o) => (
                <TableRow key={o.customerId}>
                  <TableCell><Link to={`/customers/${o.customerId}/show`}>{o.externalId}</Link></TableCell>
                  <TableCell align="right">{number(o.value)}</TableCell>
                  <TableCell align="right">{o.zScore.toFixed(1)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </CardContent>
    </Card>
  );
}

function Cohorts() {
  const { data } = useGraphQLQuery<{ cohortRetention: { cohort: string; customers: number; retention: number[] }[] }>(COHORTS);
  const cohorts = data?.cohortRetention ?? [];
  if (cohorts.length === 0) return null;
  const width = Math.max(...cohorts.map((c) => c.retention.length));
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6">Monthly cohort retention</Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>Share of each first-purchase cohort ordering again n months later</Typography>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Cohort retention" sx={{ '& td, & th': { px: 0.75, textAlign: 'center', fontSize: 12 } }}>
            <TableHead>
              <TableRow><TableCell>Cohort</TableCell><TableCell>Customers</TableCell>{Array.from({ length: width }, (_, m) => <TableCell key={m}>M{m}</TableCell>)}</TableRow>
            </TableHead>
            <TableBody>
              {cohorts.map((c) => (
                <TableRow key={c.cohort}>
                  <TableCell>{c.cohort}</TableCell>
                  <TableCell>{c.customers.toLocaleString()}</TableCell>
                  {Array.from({ length: width }, (_, m) => {
                    const share = c.retention[m];
                    if (share === undefined) return <TableCell key={m} />;
                    const intensity = m === 0 ? 0.15 : Math.min(1, share * 2);
                    return <TableCell key={m} sx={{ bgcolor: `rgba(0, 137, 123, ${intensity.toFixed(2)})`, color: intensity > 0.6 ? '#fff' : 'inherit' }}>{formatPercent(share, 0)}</TableCell>;
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </CardContent>
    </Card>
  );
}

/** Explore: distributions, correlations, outliers and cohorts of the newest feature snapshot. */
export function ExplorePage() {
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4 }} data-testid="explore-page">
      <Title title="Explore" />
      <Histograms />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}><Correlations /></Grid>
        <Grid size={{ xs: 12, md: 5 }}><Outliers /></Grid>
      </Grid>
      <Cohorts />
    </Stack>
  );
}
