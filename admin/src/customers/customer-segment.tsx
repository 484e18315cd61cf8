import { lazy } from 'react';
import { Card, CardContent, Chip, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography, Tooltip } from '@mui/material';
import { Link, useRecordContext } from 'react-admin';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { ChartCard } from '../common/chart-card';
import { formatMoney, formatPercent, formatDate } from '../common/format';
import { SEGMENT_ANSWERS, segmentDisplayName } from '@segmenta/shared';
import { segmentColor } from '../segmentation/palette';

const SegmentFitChart = lazy(() => import('./segment-fit-chart').then((m) => ({ default: m.SegmentFitChart })));

const RECOMMENDED = `query Recommended($id: ID!) { Customer(id: $id) { id recommendedProducts(limit: 5) { product { id stockCode description } reason lift } } }`;
const SCORE = `query Score($id: ID!) { scoreCustomer(customerId: $id) { responseProbability predictedSegment { label persona { name } } predictedSegmentProbability predictedSegmentIsLive modelVersions } }`;
const FIT = `query SegmentFit($id: ID!) { segmentFit(customerId: $id) { runId dimensions customer segments { segmentId label centroid distance } } }`;

interface Features {
  recencyDays: number; frequency: number; monetary: number; rScore: number; fScore: number; mScore: number; rfmGroup: string;
  avgOrderValue: number | null; tenureDays: number; returnRate: number | null; clvHistoric: number | null; topCategory: string | null;
  meanDaysBetweenOrders: number | null; categoryShares: Record<string, number> | null;
}
interface CustomerRecord {
  id: string;
  features: Features | null;
  segment: { id: string; label: number; size: number } | null;
  persona: { id: string; name: string; description: string; plays: string[] } | null;
}
interface Recommendation { product: { id: string; stockCode: string; description: string | null }; reason: string; lift: number }
interface Fit { runId: string; dimensions: string[]; customer: number[]; segments: { segmentId: string; label: number; centroid: number[]; distance: number }[] }

const days = (v: number | null) => (v === null ? '—' : `${Math.round(v)} days`);

export function CustomerFeaturesCard() {
  const record = useRecordContext<CustomerRecord>();
  const f = record?.features;
  if (!f) return null;
  const items: [string, string][] = [
    ['Recency', days(f.recencyDays)], ['Frequency', `${f.frequency} orders`], ['Monetary', formatMoney(f.monetary)],
    ['Average order', formatMoney(f.avgOrderValue)], ['Tenure', days(f.tenureDays)], ['Between orders', days(f.meanDaysBetweenOrders)],
    ['Return rate', formatPercent(f.returnRate)], ['Historic CLV', formatMoney(f.clvHistoric)], ['Top category', f.topCategory ?? '—'],
  ];
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="customer-features">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" sx={{ flex: 1 }}>Features</Typography>
          <Chip size="small" label={`R${f.rScore} F${f.fScore} M${f.mScore}`} />
          <Chip size="small" color="primary" label={f.rfmGroup} />
        </Stack>
        <Grid container spacing={1}>
          {items.map(([label, value]) => (
            <Grid key={label} size={4}>
              <Typography variant="caption" color="text.secondary">{label}</Typography>
              <Typography variant="body2" sx={{ fontWeight: 500 }}>{value}</Typography>
            </Grid>
          ))}
        </Grid>
      </CardContent>
    </Card>
  );
}

interface Score { responseProbability: number | null; predictedSegment: { label: number; persona: { name: string } | null } | null; predictedSegmentProbability: number | null; predictedSegmentIsLive: boolean | null; modelVersions: string }

/** What the active models say about the customer (nothing when no model is active yet). */
function ModelScores({ customerId }: { customerId: string }) {
  const { data } = useGraphQLQuery<{ scoreCustomer: Score }>(SCORE, { id: customerId });
  const score = data?.scoreCustomer;
  if (!score || !score.modelVersions) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap", gap: 1, mt: 1, alignItems: "center" }} data-testid="customer-scores">
      {score.responseProbability !== null && <Chip size="small" color="secondary" label={`P(response) ${formatPercent(score.responseProbability)}`} />}
      {score.predictedSegment && (
        <Tooltip title={SEGMENT_ANSWERS.predicted.explanation}>
          <Chip size="small" variant="outlined" data-testid="predicted-segment"
            label={`${SEGMENT_ANSWERS.predicted.title}: ${segmentDisplayName(score.predictedSegment.label, score.predictedSegment.persona?.name)}${score.predictedSegmentProbability !== null ? ` (${formatPercent(score.predictedSegmentProbability, 0)})` : ''}${score.predictedSegmentIsLive === false ? ' · older run' : ''}`} />
        </Tooltip>
      )}
      <Typography variant="caption" color="text.secondary">{score.modelVersions}</Typography>
    </Stack>
  );
}

export function CustomerSegmentCard() {
  const record = useRecordContext<CustomerRecord>();
  if (!record) return null;
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="customer-segment">
      <CardContent>
        <Typography variant="h6" gutterBottom>Segment and persona</Typography>
        {!record.segment ? <Typography color="text.secondary">Not in the live segmentation.</Typography> : (
          <Stack spacing={1}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Tooltip title={SEGMENT_ANSWERS.live.explanation}>
                <Chip label={`${SEGMENT_ANSWERS.live.title}: ${record.segment.label}`} sx={{ bgcolor: segmentColor(record.segment.label), color: '#fff' }} data-testid="live-segment" />
              </Tooltip>
              {record.persona && <Typography variant="subtitle1" sx={{ fontWeight: 600 }}><Link to="/personas">{record.persona.name}</Link></Typography>}
            </Stack>
            {record.persona && <Typography variant="body2">{record.persona.description}</Typography>}
            {record.persona?.plays.length ? <Typography variant="body2" color="text.secondary">Plays: {record.persona.plays.join(' · ')}</Typography> : null}
          </Stack>
        )}
        {record.features && <ModelScores customerId={String(record.id)} />}
        <SegmentHistory />
      </CardContent>
    </Card>
  );
}

/** Why this segment: the customer's standardised point beside their centroid, and the distance to every centroid. */
export function WhyThisSegment() {
  const record = useRecordContext<CustomerRecord>();
  const enabled = Boolean(record?.segment && record.features);
  const { data } = useGraphQLQuery<{ segmentFit: Fit }>(FIT, { id: record?.id }, { enabled });
  const fit = enabled ? data?.segmentFit : undefined;
  if (!fit) return null;
  const nearest = fit.segments[0];
  const points = fit.dimensions.map((dimension, i) => ({ dimension, customer: fit.customer[i], centroid: nearest.centroid[i] }));
  return (
    <Grid container spacing={2} data-testid="why-segment">
      <Grid size={{ xs: 12, md: 8 }}>
        <ChartCard title="Why this segment" subtitle={`Standardised values (0 = base average) of run #${fit.runId}: the customer sits nearest to segment ${nearest.label}'s centroid`} height={220}>
          <SegmentFitChart points={points} />
        </ChartCard>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <Card variant="outlined" sx={{ height: '100%' }}><CardContent>
          <Typography variant="h6" gutterBottom>Distance to each centroid</Typography>
          <Table size="small">
            <TableBody>
              {fit.segments.map((s, i) => (
                <TableRow key={s.segmentId} selected={i === 0}>
                  <TableCell><Chip size="small" label={s.label} sx={{ bgcolor: segmentColor(s.label), color: '#fff' }} /></TableCell>
                  <TableCell align="right">{s.distance.toFixed(2)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent></Card>
      </Grid>
    </Grid>
  );
}

/** Asked separately from the customer: recommendations take a moment, the rest of the page should not wait. */
export function RecommendedProducts() {
  const record = useRecordContext<CustomerRecord>();
  const enabled = Boolean(record?.segment);
  const { data } = useGraphQLQuery<{ Customer: { recommendedProducts: Recommendation[] } }>(RECOMMENDED, { id: record?.id }, { enabled });
  const items = enabled ? data?.Customer.recommendedProducts ?? [] : [];
  if (items.length === 0) return null;
  return (
    <Card variant="outlined" data-testid="recommended-products">
      <CardContent>
        <Typography variant="h6" gutterBottom>Recommended products</Typography>
        <Table size="small">
          <TableHead><TableRow><TableCell>Product</TableCell><TableCell>Why</TableCell><TableCell align="right">Lift</TableCell></TableRow></TableHead>
          <TableBody>
            {items.map((item) => (
              <TableRow key={item.product.id}>
                <TableCell><Link to={`/products/${item.product.id}/show`}>{item.product.description ?? item.product.stockCode}</Link></TableCell>
                <TableCell>{item.reason}</TableCell>
                <TableCell align="right">{item.lift.toFixed(1)}×</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

interface HistoryEntry { runId: string; runCreatedAt: string; label: number; persona: string | null; isLive: boolean }

/** The segment this customer had in each segmentation run, newest first. */
function SegmentHistory() {
  const record = useRecordContext<CustomerRecord & { segmentHistory?: HistoryEntry[] }>();
  const history = record?.segmentHistory ?? [];
  if (history.length < 2) return null;
  return (
    <Stack spacing={0.5} sx={{ mt: 2 }} data-testid="segment-history">
      <Typography variant="subtitle2">Segment history</Typography>
      {history.map((h) => (
        <Typography key={h.runId} variant="body2" color={h.isLive ? 'text.primary' : 'text.secondary'}>
          Run #{h.runId} ({formatDate(h.runCreatedAt)}): segment {h.label}{h.persona ? ` · ${h.persona}` : ''}{h.isLive ? ' (live)' : ''}
        </Typography>
      ))}
    </Stack>
  );
}
