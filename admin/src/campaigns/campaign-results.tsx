import { Box, Card, CardContent, Chip, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { StatTile } from '../common/stat-tile';
import { formatMoney, formatPercent } from '../common/format';

interface Lift { treatmentRate: number | null; controlRate: number | null; difference: number | null; ciLower: number | null; ciUpper: number | null; significant: boolean }
interface RevenueInterval { estimate: number; lower: number; upper: number; significant: boolean; method: string; samples: number; seed: number | null }
interface Stats {
  contacts: number; controlMembers: number; responses: number; conversions: number; revenue: number; cost: number; grossRoi: number | null;
  responseLift: Lift; conversionLift: Lift; incrementalRevenue: number | null; incrementalRevenueInterval: RevenueInterval | null;
  incrementalRoi: number | null; incrementalRoiLower: number | null; incrementalRoiUpper: number | null;
}
const LIFT = 'treatmentRate controlRate difference ciLower ciUpper significant';
const STATS = `contacts controlMembers responses conversions revenue cost grossRoi incrementalRevenue incrementalRoi incrementalRoiLower incrementalRoiUpper
  incrementalRevenueInterval { estimate lower upper significant method samples seed } responseLift { ${LIFT} } conversionLift { ${LIFT} }`;
export const RESULTS = `query CampaignResults($id: ID!) { campaignResults(id: $id) { campaignId status sentAt overall { ${STATS} }
  bySegment { key label stats { ${STATS} } } byPersona { key label stats { ${STATS} } }
  byUpliftRank { scoredMembers responseLiftDifference ciLower ciUpper significant topDecile { ${STATS} } rest { ${STATS} } } } }`;

interface UpliftRank { scoredMembers: number; responseLiftDifference: number | null; ciLower: number | null; ciUpper: number | null; significant: boolean; topDecile: Stats; rest: Stats }

/** The lift interval as a bar on a shared −range..+range axis; zero is the vertical line. */
function LiftBar({ lift, range }: { lift: Lift; range: number }) {
  if (lift.difference === null || lift.ciLower === null || lift.ciUpper === null) return <Typography variant="caption" color="text.secondary">no control</Typography>;
  const x = (v: number) => `${((Math.max(-range, Math.min(range, v)) + range) / (2 * range)) * 100}%`;
  return (
    <Tooltip title={`${liftText(lift)} (95% CI, percentage points)`}>
      <Box sx={{ position: 'relative', height: 14, width: 160, bgcolor: 'action.hover', borderRadius: 1 }}>
        <Box sx={{ position: 'absolute', left: '50%', top: 0, bottom: 0, width: '1px', bgcolor: 'text.secondary' }} />
        <Box sx={{ position: 'absolute', left: x(lift.ciLower), width: `calc(${x(lift.ciUpper)} - ${x(lift.ciLower)})`, top: 4, height: 6, bgcolor: lift.significant ? 'success.main' : 'grey.500', borderRadius: 1 }} />
        <Box sx={{ position: 'absolute', left: x(lift.difference), top: 1, height: 12, width: 2, bgcolor: 'text.primary' }} />
      </Box>
    </Tooltip>
  );
}

/** A difference of two rates, in percentage points (never "%", which would read as a relative change). */
const points = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pp`);
const liftText = (lift: Lift) => (lift.difference === null ? '—' : `${points(lift.difference)}${lift.ciLower !== null ? ` [${points(lift.ciLower)}, ${points(lift.ciUpper)}]` : ''}`);
const roiRange = (s: Stats) => (s.incrementalRoiLower === null ? '' : ` [${formatPercent(s.incrementalRoiLower, 0)}, ${formatPercent(s.incrementalRoiUpper, 0)}]`);

function Breakdown({ title, rows }: { title: string; rows: { key: string; label: string; stats: Stats }[] }) {
  const range = Math.max(0.05, ...rows.flatMap((r) => [Math.abs(r.stats.responseLift.ciLower ?? 0), Math.abs(r.stats.responseLift.ciUpper ?? 0)]));
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>{title}</Typography>
        <Table size="small" aria-label={title}>
          <TableHead><TableRow>
            <TableCell /><TableCell align="right">Treatment</TableCell><TableCell align="right">Control</TableCell><TableCell align="right">Responses</TableCell>
            <TableCell align="right">Incremental revenue</TableCell><TableCell align="right">Incremental ROI</TableCell><TableCell align="right">Gross ROI</TableCell>
            <TableCell>Response lift, percentage points (95% CI)</TableCell><TableCell />
          </TableRow></TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}>
                <TableCell>{r.label}</TableCell>
                <TableCell align="right">{r.stats.contacts.toLocaleString()}</TableCell>
                <TableCell align="right">{r.stats.controlMembers.toLocaleString()}</TableCell>
                <TableCell align="right">{r.stats.responses.toLocaleString()}</TableCell>
                <TableCell align="right">{formatMoney(r.stats.incrementalRevenue)}</TableCell>
                <TableCell align="right">{formatPercent(r.stats.incrementalRoi, 0)}</TableCell>
                <TableCell align="right" sx={{ color: 'text.secondary' }}>{formatPercent(r.stats.grossRoi, 0)}</TableCell>
                <TableCell><LiftBar lift={r.stats.responseLift} range={range} /></TableCell>
                <TableCell>{liftText(r.stats.responseLift)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

/** Incremental ROI and revenue with intervals first, gross ROI second, lift in percentage points: overall and by segment/persona at launch. */
export function CampaignResults({ campaignId }: { campaignId: string }) {
  const { data } = useGraphQLQuery<{ campaignResults: { overall: Stats; bySegment: { key: string; label: string; stats: Stats }[]; byPersona: { key: string; label: string; stats: Stats }[]; byUpliftRank: UpliftRank | null } }>(RESULTS, { id: campaignId });
  const results = data?.campaignResults;
  if (!results) return null;
  const o = results.overall;
  const lift = o.responseLift;
  const interval = o.incrementalRevenueInterval;
  return (
    <Stack spacing={2} data-testid="campaign-results">
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <StatTile label="Incremental ROI" value={formatPercent(o.incrementalRoi, 0)}
            hint={interval ? `95% CI${roiRange(o)} · from the control group` : 'needs a control group'} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <StatTile label="Incremental revenue" value={formatMoney(o.incrementalRevenue)}
            hint={interval ? `95% CI [${formatMoney(interval.lower)}, ${formatMoney(interval.upper)}] · ${interval.significant ? 'significant' : 'not significant'} at 95%` : 'needs a control group'} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <StatTile label="Gross ROI" value={formatPercent(o.grossRoi, 0)} hint={`all treatment revenue (${formatMoney(o.revenue)}) over cost (${formatMoney(o.cost)}), with orders that would have come anyway`} />
        </Grid>
        {([
          ['Treatment', o.contacts.toLocaleString(), 'contacted'], ['Control', o.controlMembers.toLocaleString(), 'held out'],
          ['Total members', (o.contacts + o.controlMembers).toLocaleString(), 'treatment + control'], ['Responses', o.responses.toLocaleString(), 'treatment'],
          ['Revenue', formatMoney(o.revenue), 'treatment, in the window'], ['Cost', formatMoney(o.cost), 'fixed + per contact'],
        ] as const).map(([label, value, hint]) => <Grid key={label} size={{ xs: 6, md: 2 }}><StatTile label={label} value={value} hint={hint} /></Grid>)}
      </Grid>
      {interval && (
        <Typography variant="caption" color="text.secondary" data-testid="interval-method">
          Incremental revenue interval: {interval.method === 'bootstrap' ? `percentile bootstrap, ${interval.samples.toLocaleString()} resamples, seed ${interval.seed}` : 'normal approximation (large groups)'}; incremental ROI = (incremental revenue − cost) / cost.
        </Typography>
      )}
      <Card variant="outlined"><CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="h6">Response lift (percentage points)</Typography>
          <Typography>treatment {formatPercent(lift.treatmentRate)} vs control {formatPercent(lift.controlRate)} ({o.controlMembers.toLocaleString()} held out)</Typography>
          <Typography sx={{ fontWeight: 600 }} data-testid="response-lift">{liftText(lift)}</Typography>
          <Chip size="small" color={lift.significant ? 'success' : 'default'} label={lift.significant ? 'significant at 95%' : 'not significant'} />
        </Stack>
      </CardContent></Card>
      {results.byUpliftRank && <UpliftRankPanel rank={results.byUpliftRank} />}
      {results.bySegment.length > 0 && <Breakdown title="By segment at launch" rows={results.bySegment} />}
      {results.byPersona.length > 0 && <Breakdown title="By persona at launch" rows={results.byPersona} />}
    </Stack>
  );
}

/** Did the members the uplift model ranked highest at launch respond more to the message than the rest? */
function UpliftRankPanel({ rank }: { rank: UpliftRank }) {
  const range = Math.max(0.05, ...[rank.topDecile, rank.rest].flatMap((s) => [Math.abs(s.responseLift.ciLower ?? 0), Math.abs(s.responseLift.ciUpper ?? 0)]));
  return (
    <Card variant="outlined" data-testid="uplift-rank"><CardContent>
      <Typography variant="h6" gutterBottom>Realised lift by predicted uplift at launch</Typography>
      <Table size="small" aria-label="Lift by uplift rank">
        <TableHead><TableRow><TableCell /><TableCell align="right">Contacted</TableCell><TableCell align="right">Control</TableCell><TableCell>Response lift (95% CI)</TableCell><TableCell /></TableRow></TableHead>
        <TableBody>
          {([['Top decile (persuadables first)', rank.topDecile], ['The rest', rank.rest]] as const).map(([label, s]) => (
            <TableRow key={label}><TableCell>{label}</TableCell><TableCell align="right">{s.contacts.toLocaleString()}</TableCell><TableCell align="right">{s.controlMembers.toLocaleString()}</TableCell>
              <TableCell>{liftText(s.responseLift)}</TableCell><TableCell><LiftBar lift={s.responseLift} range={range} /></TableCell></TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="body2" sx={{ mt: 1 }}>
        Top decile − rest: <b>{points(rank.responseLiftDifference)}</b>{rank.ciLower !== null ? ` [${points(rank.ciLower)}, ${points(rank.ciUpper)}]` : ''} · {rank.significant ? 'significant at 95%' : 'not significant'} · {rank.scoredMembers.toLocaleString()} members had an uplift score at launch
      </Typography>
    </CardContent></Card>
  );
}
