import { Box, Button, Card, CardActions, CardContent, Chip, Divider, Skeleton, Stack, Tooltip, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { Link, useCanAccess } from 'react-admin';
import { formatPercent } from '../common/format';
import { segmentColor } from '../segmentation/palette';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import type { PersonaRecord, SegmentRecommendations } from './persona-profile';

const RECOMMENDATIONS = `query SegmentRecommendations($id: ID!) { Segment(id: $id) { id recommendations(limit: 3) {
  products { product { stockCode description } penetration lift } categories { key penetration lift } } } }`;

/** Products and categories that over-index in the segment (loaded per card: they take a moment to compute). */
function OverIndexing({ segmentId }: { segmentId: string }) {
  const { data, loading } = useGraphQLQuery<{ Segment: { recommendations: SegmentRecommendations } }>(RECOMMENDATIONS, { id: segmentId });
  const products = data?.Segment.recommendations.products.filter((p) => p.product).slice(0, 3) ?? [];
  const categories = data?.Segment.recommendations.categories.slice(0, 3) ?? [];
  if (loading && !data) return <Skeleton variant="text" width="80%" />;
  if (products.length === 0 && categories.length === 0) return null;
  return (
    <Box data-testid="persona-recommendations">
      <Typography variant="subtitle2" sx={{ mt: 1 }}>Over-indexing here</Typography>
      {products.map((p) => (
        <Typography key={p.product!.stockCode} variant="caption" component="div" noWrap title={p.product!.description ?? ''}>
          {p.product!.description ?? p.product!.stockCode} · {formatPercent(p.penetration, 0)} bought · lift {p.lift.toFixed(1)}×
        </Typography>
      ))}
      {categories.map((c) => <Chip key={c.key} size="small" sx={{ mr: 0.5, mt: 0.5 }} label={`${c.key} ${c.lift.toFixed(1)}×`} />)}
    </Box>
  );
}

const SCORE_NAMES = { r: 'Recency', f: 'Frequency', m: 'Monetary' } as const;

/** One RFM score (1–5) as a bar, with the base average as a tick. */
function ScoreBar({ name, value, base }: { name: string; value: number; base: number | undefined }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Typography variant="caption" sx={{ width: 64 }}>{name}</Typography>
      <Tooltip title={`${value.toFixed(2)} vs base ${base?.toFixed(2) ?? '—'} (scores 1–5)`}>
        <Box sx={{ position: 'relative', flex: 1, height: 10, bgcolor: 'action.hover', borderRadius: 1 }}>
          <Box sx={{ width: `${(value / 5) * 100}%`, height: '100%', bgcolor: 'primary.main', borderRadius: 1 }} />
          {base !== undefined && <Box sx={{ position: 'absolute', top: -3, bottom: -3, left: `${(base / 5) * 100}%`, width: 2, bgcolor: 'text.primary' }} />}
        </Box>
      </Tooltip>
      <Typography variant="caption" sx={{ width: 28, textAlign: 'right' }}>{value.toFixed(1)}</Typography>
    </Stack>
  );
}

const shares = (items: { name: string; share: number }[] | undefined, top = 3) =>
  (items ?? []).slice(0, top).map((i) => `${i.name} ${formatPercent(i.share, 0)}`).join(' · ') || '—';

export function PersonaCard({ persona, base }: { persona: PersonaRecord; base: { r: number; f: number; m: number } | null }) {
  const { canAccess: canEdit } = useCanAccess({ resource: 'personas', action: 'edit' });
  const { segment } = persona;
  const profile = segment.profile ?? {};
  return (
    <Card variant="outlined" sx={{ height: '100%', display: 'flex', flexDirection: 'column', borderTop: 4, borderTopColor: segmentColor(segment.label) }} data-testid="persona-card">
      <CardContent sx={{ flex: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
          <Typography variant="h6" sx={{ flex: 1 }} noWrap title={persona.name}>{persona.name}</Typography>
          <Chip size="small" label={`Segment ${segment.label}`} />
          {persona.edited && <Chip size="small" color="info" variant="outlined" label={`v${persona.version}`} />}
        </Stack>
        <Typography variant="caption" color="text.secondary">Reads as “{persona.rfmVocabulary}”</Typography>
        <Stack direction="row" spacing={2} sx={{ my: 1 }}>
          <div><Typography variant="h6">{segment.size.toLocaleString()}</Typography><Typography variant="caption" color="text.secondary">customers ({formatPercent(segment.shareOfCustomers)})</Typography></div>
          <div><Typography variant="h6">{formatPercent(segment.revenueShare)}</Typography><Typography variant="caption" color="text.secondary">of revenue</Typography></div>
        </Stack>
        <Typography variant="body2" sx={{ mb: 1 }}>{persona.description}</Typography>
        {profile.meanScores && (
          <Stack spacing={0.5} sx={{ mb: 1 }} aria-label="RFM scores vs base">
            {(Object.keys(SCORE_NAMES) as (keyof typeof SCORE_NAMES)[]).map((key) => (
              <ScoreBar key={key} name={SCORE_NAMES[key]} value={profile.meanScores![key]} base={base?.[key]} />
            ))}
          </Stack>
        )}
        <Divider sx={{ my: 1 }} />
        <Typography variant="caption" component="div"><b>Top categories:</b> {shares(profile.topCategories?.map((c) => ({ name: c.category, share: c.share })))}</Typography>
        <Typography variant="caption" component="div"><b>Countries:</b> {shares(profile.countries?.map((c) => ({ name: c.country, share: c.share })))}</Typography>
        {profile.ageBands && profile.ageBands.length > 0 && (
          <Typography variant="caption" component="div"><b>Age bands:</b> {shares(profile.ageBands.map((a) => ({ name: a.band ?? a.ageBand ?? '?', share: a.share })))}</Typography>
        )}
        {persona.plays.length > 0 && (
          <>
            <Typography variant="subtitle2" sx={{ mt: 1 }}>Plays</Typography>
            <Box component="ul" sx={{ m: 0, pl: 2.5 }}>{persona.plays.map((play) => <li key={play}><Typography variant="body2">{play}</Typography></li>)}</Box>
          </>
        )}
        <OverIndexing segmentId={segment.id} />
      </CardContent>
      {canEdit && (
        <CardActions>
          <Button size="small" startIcon={<EditIcon />} component={Link} to={`/personas/${persona.id}`}>Edit</Button>
        </CardActions>
      )}
    </Card>
  );
}
