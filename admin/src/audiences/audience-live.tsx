import { Alert, Box, Card, CardContent, Checkbox, FormControlLabel, LinearProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography, Button } from '@mui/material';
import { useState } from 'react';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { formatMoney, formatPercent } from '../common/format';
import { consentHint, type Funnel } from './consent-hint';

export type { Funnel };
export const FUNNEL_FIELDS = 'matched excluded afterExclusions erased optedOut noConsent eligible capped size';

const COUNT = `query AudienceCount($definition: AudienceDefinitionInput!) { audienceCount(definition: $definition) { ${FUNNEL_FIELDS} } }`;
const PREVIEW = `query AudiencePreview($definition: AudienceDefinitionInput!) {
  audiencePreview(definition: $definition, perPage: 8) { customerId externalId personaName rfmGroup responseProbability uplift } }`;
const PROJECTION = 'size projectedResponses projectedRevenue projectedCost projectedProfit projectedRoi';
const ROI = `query AudienceRoi($definition: AudienceDefinitionInput!, $input: RoiInput!) {
  audienceRoi(definition: $definition, input: $input) { eligible suggested { ${PROJECTION} } everyone { ${PROJECTION} }
    incremental { scored suggested { ${PROJECTION} } everyone { ${PROJECTION} } } } }`;

interface Projection { size: number; projectedResponses: number; projectedRevenue: number; projectedCost: number; projectedProfit: number; projectedRoi: number | null }

/** The drop-off from matched to final size: each customer counted at the first step that removes them. */
export function FunnelBars({ funnel, channel }: { funnel: Funnel; channel?: string }) {
  const hint = channel ? consentHint(funnel, channel) : null;
  const steps: [string, number, number][] = [
    ['Matched', funnel.matched, 0], ['After exclusions', funnel.afterExclusions, funnel.excluded], ['Minus erased', funnel.afterExclusions - funnel.erased, funnel.erased],
    ['Minus opted out', funnel.afterExclusions - funnel.erased - funnel.optedOut, funnel.optedOut], ['Eligible (with consent)', funnel.eligible, funnel.noConsent], ['After the cap', funnel.size, funnel.capped],
  ];
  const top = Math.max(1, funnel.matched);
  return (
    <Stack spacing={0.75} data-testid="audience-funnel">
      {steps.map(([label, remaining, removed]) => (
        <Box key={label}>
          <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
            <Typography variant="caption">{label}</Typography>
            <Typography variant="caption" color="text.secondary">{removed ? `−${removed.toLocaleString()} → ` : ''}{remaining.toLocaleString()}</Typography>
          </Stack>
          <LinearProgress variant="determinate" value={(remaining / top) * 100} sx={{ height: 8, borderRadius: 1 }} />
        </Box>
      ))}
      {hint && <Alert severity="warning" data-testid="consent-hint">{hint}</Alert>}
    </Stack>
  );
}

export function LiveCount({ definition }: { definition: Record<string, unknown> }) {
  const { data, error, loading } = useGraphQLQuery<{ audienceCount: Funnel }>(COUNT, { definition });
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'baseline', justifyContent: 'space-between' }}>
          <Typography variant="h6">Audience size</Typography>
          <Typography variant="h4" data-testid="audience-size" sx={{ fontWeight: 600, opacity: loading ? 0.5 : 1 }}>{data ? data.audienceCount.size.toLocaleString() : '…'}</Typography>
        </Stack>
        {error && <Alert severity="error">{error.message}</Alert>}
        {data && <FunnelBars funnel={data.audienceCount} channel={String(definition.channel ?? 'email')} />}
      </CardContent>
    </Card>
  );
}

export function RoiPanel({ definition, onUseSize }: { definition: Record<string, unknown>; onUseSize: (size: number, costs: { marginPerConversion: number; costPerContact: number }, by: 'expectedProfit' | 'uplift') => void }) {
  const [margin, setMargin] = useState('20');
  const [cost, setCost] = useState('0.5');
  const [byClv, setByClv] = useState(false);
  const input = { marginPerConversion: Number(margin) || 0, costPerContact: Number(cost) || 0 };
  // With predicted CLV each member's conversion is worth their own CLV (the margin box does not apply).
  const { data, error } = useGraphQLQuery<{ audienceRoi: { eligible: number; suggested: Projection; everyone: Projection; incremental: { scored: number; suggested: Projection; everyone: Projection } | null } }>(ROI, { definition, input: byClv ? { costPerContact: input.costPerContact, usePredictedClv: true } : input });
  const roi = data?.audienceRoi;
  const row = (label: string, p: Projection, incremental?: Projection) => (
    <TableRow key={label}>
      <TableCell>{label}</TableCell><TableCell align="right">{p.size.toLocaleString()}</TableCell>
      <TableCell align="right">{formatMoney(p.projectedProfit)}</TableCell>
      <TableCell align="right">{p.projectedRoi === null ? '—' : formatPercent(p.projectedRoi, 0)}</TableCell>
      {roi?.incremental && incremental && (
        <>
          <TableCell align="right">{incremental.size.toLocaleString()}</TableCell>
          <TableCell align="right">{formatMoney(incremental.projectedProfit)}</TableCell>
          <TableCell align="right">{incremental.projectedRoi === null ? '—' : formatPercent(incremental.projectedRoi, 0)}</TableCell>
        </>
      )}
    </TableRow>
  );
  const inc = roi?.incremental ?? null;
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>ROI-optimal size</Typography>
        <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
          <TextField size="small" label="Margin per conversion" value={margin} disabled={byClv} onChange={(e) => setMargin(e.target.value)} />
          <TextField size="small" label="Cost per contact" value={cost} onChange={(e) => setCost(e.target.value)} />
        </Stack>
        <FormControlLabel control={<Checkbox size="small" checked={byClv} onChange={(e) => setByClv(e.target.checked)} />} label="Value a retained customer by their predicted CLV" />
        {error && <Alert severity="info">{error.message}</Alert>}
        {roi && (
          <>
            <Table size="small" aria-label="ROI projections">
              <TableHead>
                {inc && <TableRow><TableCell /><TableCell align="center" colSpan={3}>response probability × margin − cost</TableCell><TableCell align="center" colSpan={3}>incremental: uplift × margin − cost</TableCell></TableRow>}
                <TableRow><TableCell /><TableCell align="right">Size</TableCell><TableCell align="right">Profit</TableCell><TableCell align="right">ROI</TableCell>
                  {inc && <><TableCell align="right">Size</TableCell><TableCell align="right">Profit</TableCell><TableCell align="right">ROI</TableCell></>}</TableRow>
              </TableHead>
              <TableBody>{row('Suggested', roi.suggested, inc?.suggested)}{row('Everyone', roi.everyone, inc?.everyone)}</TableBody>
            </Table>
            {inc && <Typography variant="caption" color="text.secondary">The response projection counts every expected buyer; the incremental one only the purchases the contact causes (predicted uplift, {inc.scored.toLocaleString()} eligible members scored).</Typography>}
            <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
              <Button size="small" disabled={roi.suggested.size === 0 || byClv} onClick={() => onUseSize(roi.suggested.size, input, 'expectedProfit')}>Cap at {roi.suggested.size.toLocaleString()} by expected profit</Button>
              {inc && <Button size="small" disabled={inc.suggested.size === 0 || byClv} onClick={() => onUseSize(inc.suggested.size, input, 'uplift')}>Cap at {inc.suggested.size.toLocaleString()} by uplift</Button>}
            </Stack>
          </>
        )}
      </CardContent>
    </Card>
  );
}

export function PreviewTable({ definition }: { definition: Record<string, unknown> }) {
  const { data } = useGraphQLQuery<{ audiencePreview: { customerId: string; externalId: string; personaName: string | null; rfmGroup: string | null; responseProbability: number | null; uplift: number | null }[] }>(PREVIEW, { definition });
  const rows = data?.audiencePreview ?? [];
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>Preview ({(definition.cap as { by?: string } | undefined)?.by === 'uplift' ? 'persuadables first' : 'highest response probability first'})</Typography>
        {rows.length === 0 ? <Typography color="text.secondary">No member.</Typography> : (
          <Table size="small">
            <TableHead><TableRow><TableCell>Customer</TableCell><TableCell>Persona</TableCell><TableCell>RFM group</TableCell><TableCell align="right">P(response)</TableCell><TableCell align="right">Uplift</TableCell></TableRow></TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.customerId}><TableCell>{r.externalId}</TableCell><TableCell>{r.personaName ?? '—'}</TableCell><TableCell>{r.rfmGroup ?? '—'}</TableCell>
                  <TableCell align="right">{r.responseProbability === null ? '—' : formatPercent(r.responseProbability)}</TableCell>
                  <TableCell align="right">{r.uplift === null ? '—' : r.uplift.toFixed(3)}</TableCell></TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

