import { lazy, useState } from 'react';
import { Alert, Box, Card, CardContent, FormControl, InputLabel, MenuItem, Select, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Title } from 'react-admin';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { ChartCard } from '../common/chart-card';
import { formatDate, formatMoney, formatPercent } from '../common/format';
import type { SizeSeries } from './impact-charts';

const RoiChart = lazy(() => import('./impact-charts').then((m) => ({ default: m.RoiChart })));
const SegmentSizesChart = lazy(() => import('./impact-charts').then((m) => ({ default: m.SegmentSizesChart })));

type GroupBy = 'OVERALL' | 'SEGMENT' | 'PERSONA';
interface ImpactRow {
  campaignId: string; campaignName: string; month: string; key: string; label: string;
  stats: { contacts: number; controlMembers: number; incrementalRevenue: number | null; incrementalRoi: number | null; incrementalRoiLower: number | null; incrementalRoiUpper: number | null;
    responseLift: { difference: number | null; ciLower: number | null; ciUpper: number | null; significant: boolean } };
}
interface SizePoint { activatedAt: string; runId: string; name: string; size: number }

const IMPACT = `query Impact($groupBy: ImpactGroupBy) { campaignImpactOverTime(groupBy: $groupBy) { campaignId campaignName month key label
  stats { contacts controlMembers incrementalRevenue incrementalRoi incrementalRoiLower incrementalRoiUpper responseLift { difference ciLower ciUpper significant } } } }`;
const SIZES = `query SegmentSizes { segmentSizesOverTime { activatedAt runId name size } }`;

/** Proportion points → "+1.2 pp". */
const points = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pp`);
const range = (lower: number | null, upper: number | null, format: (v: number | null) => string) => (lower === null || upper === null ? '' : `${format(lower)} to ${format(upper)}`);

function ImpactTable({ rows, groupBy }: { rows: ImpactRow[]; groupBy: GroupBy }) {
  return (
    <Table size="small" aria-label="Impact by campaign">
      <TableHead>
        <TableRow>
          <TableCell>Month</TableCell><TableCell>Campaign</TableCell>{groupBy !== 'OVERALL' && <TableCell>{groupBy === 'SEGMENT' ? 'Segment' : 'Persona'}</TableCell>}
          <TableCell align="right">Treatment / control</TableCell><TableCell align="right">Incremental revenue</TableCell>
          <TableCell align="right">Incremental ROI (95% interval)</TableCell><TableCell align="right">Response lift, percentage points (95% interval)</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.campaignId}-${r.key}`}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{r.month}</TableCell><TableCell>{r.campaignName}</TableCell>{groupBy !== 'OVERALL' && <TableCell>{r.label}</TableCell>}
            <TableCell align="right">{r.stats.contacts.toLocaleString()} / {r.stats.controlMembers.toLocaleString()}</TableCell>
            <TableCell align="right">{formatMoney(r.stats.incrementalRevenue)}</TableCell>
            <TableCell align="right">{formatPercent(r.stats.incrementalRoi, 0)} <Typography component="span" variant="caption" color="text.secondary">{range(r.stats.incrementalRoiLower, r.stats.incrementalRoiUpper, (v) => formatPercent(v, 0))}</Typography></TableCell>
            <TableCell align="right">{points(r.stats.responseLift.difference)} <Typography component="span" variant="caption" color="text.secondary">{range(r.stats.responseLift.ciLower, r.stats.responseLift.ciUpper, points)}{r.stats.responseLift.significant ? ' · significant' : ' · not significant'}</Typography></TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function SegmentSizes() {
  const { data, error } = useGraphQLQuery<{ segmentSizesOverTime: SizePoint[] }>(SIZES);
  const sizes = data?.segmentSizesOverTime ?? [];
  const names = [...new Set(sizes.map((p) => p.name))];
  const series: SizeSeries[] = [];
  for (const p of sizes) {
    const at = `${formatDate(p.activatedAt)} · run ${p.runId}`;
    let row = series.find((s) => s.at === at);
    if (!row) series.push((row = { at }));
    row[p.name] = p.size;
  }
  return (
    <Stack spacing={2} sx={{ flexShrink: 0 }}>
      {error && <Alert severity="error">{error.message}</Alert>}
      {data && !sizes.length && <Alert severity="info">No segmentation has been activated yet.</Alert>}
      {sizes.length > 0 && <ChartCard title="Segment sizes over time" subtitle="Customers per persona at each activation"><SegmentSizesChart series={series} names={names} /></ChartCard>}
      {sizes.length > 0 && (
        <Table size="small" aria-label="Segment sizes">
          <TableHead><TableRow><TableCell>Activated</TableCell><TableCell>Persona</TableCell><TableCell align="right">Customers</TableCell></TableRow></TableHead>
          <TableBody>{sizes.map((p) => <TableRow key={`${p.activatedAt}-${p.runId}-${p.name}`}><TableCell>{formatDate(p.activatedAt)} (run {p.runId})</TableCell><TableCell>{p.name}</TableCell><TableCell align="right">{p.size.toLocaleString()}</TableCell></TableRow>)}</TableBody>
        </Table>
      )}
    </Stack>
  );
}

/** The trend a marketer shows their manager: incremental ROI and lift across campaigns, and segment sizes across activations. */
export function ImpactPage() {
  const [groupBy, setGroupBy] = useState<GroupBy>('OVERALL');
  const { data, error } = useGraphQLQuery<{ campaignImpactOverTime: ImpactRow[] }>(IMPACT, { groupBy });
  const rows = data?.campaignImpactOverTime ?? [];
  const overall = groupBy === 'OVERALL' ? rows : [];
  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      <Title title="Impact over time" />
      <Card variant="outlined" sx={{ flexShrink: 0 }}>
        <CardContent>
          <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
            <Typography variant="h6">Campaign impact</Typography>
            <FormControl size="small" sx={{ width: 200, flexShrink: 0 }}>
              <InputLabel id="impact-group-by">Break down by</InputLabel>
              <Select labelId="impact-group-by" label="Break down by" value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
                <MenuItem value="OVERALL">Overall</MenuItem><MenuItem value="SEGMENT">Segment</MenuItem><MenuItem value="PERSONA">Persona</MenuItem>
              </Select>
            </FormControl>
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>Launched campaigns with a control group, by send month. Incremental ROI counts only revenue above the control group's.</Typography>
          {error && <Alert severity="error">{error.message}</Alert>}
          {data && !rows.length && <Alert severity="info">No launched campaign with a control group yet.</Alert>}
          {rows.length > 0 && <Box sx={{ overflowX: 'auto' }}><ImpactTable rows={rows} groupBy={groupBy} /></Box>}
        </CardContent>
      </Card>
      {overall.length > 0 && (
        <Box sx={{ flexShrink: 0 }}><ChartCard title="Incremental ROI by campaign" subtitle="With its 95% interval">
          <RoiChart points={overall.map((r) => ({ label: `${r.month} ${r.campaignName}`, roi: r.stats.incrementalRoi, lower: r.stats.incrementalRoiLower, upper: r.stats.incrementalRoiUpper }))} />
        </ChartCard></Box>
      )}
      <SegmentSizes />
    </Stack>
  );
}
