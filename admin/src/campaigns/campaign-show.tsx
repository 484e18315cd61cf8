import { useRef, useState } from 'react';
import { Alert, Button, Card, CardContent, Grid, Stack, TextField, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import UploadIcon from '@mui/icons-material/Upload';
import { Show, useCanAccess, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { StatusChip } from '../common/status-chip';
import { formatMoney, formatPercent } from '../common/format';
import { CampaignResults } from './campaign-results';

const SET_STATUS = `mutation SetCampaignStatus($id: ID!, $status: String!, $sentAt: DateTimeISO) { setCampaignStatus(id: $id, status: $status, sentAt: $sentAt) { id status } }`;
const ATTRIBUTE = `mutation Attribute($id: ID!) { attributeCampaignOrders(id: $id) { attributed } }`;

interface CampaignRecord {
  id: string; name: string; channel: string; status: string; audienceId: string | null; sentAt: string | null; startsAt: string | null; endsAt: string | null;
  fixedCost: number; costPerContact: number; attributionDays: number; controlShare: number; memberCount: number; controlCount: number; treatmentCount: number; snapshotRunId: string | null;
}

/** The next steps a campaign's status allows (draft → scheduled → running → completed; scheduled → draft; draft → running at once). */
const TRANSITIONS: Record<string, { status: string; label: string }[]> = {
  draft: [{ status: 'running', label: 'Launch' }, { status: 'scheduled', label: 'Schedule' }],
  scheduled: [{ status: 'running', label: 'Launch' }, { status: 'draft', label: 'Back to draft' }],
  running: [{ status: 'completed', label: 'Complete' }],
};

async function uploadOutcomes(campaignId: string, file: File) {
  const response = await fetch(`/api/campaigns/${campaignId}/outcomes.csv`, { method: 'POST', credentials: 'include', headers: { 'x-file-name': file.name }, body: file });
  const body = (await response.json().catch(() => null)) as { imported?: number; skipped?: number; error?: { message?: string } } | null;
  if (!response.ok) throw new Error(body?.error?.message ?? `Upload failed (HTTP ${response.status})`);
  return body!;
}

function CampaignDetail() {
  const campaign = useRecordContext<CampaignRecord>();
  const { canAccess: canManage } = useCanAccess({ resource: 'campaigns', action: 'launch' });
  const notify = useNotify();
  const refresh = useRefresh();
  const [refreshKey, setRefreshKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // Empty: the send goes out now. A past instant back-dates it (the attribution window starts there).
  const [sentAt, setSentAt] = useState('');
  if (!campaign) return null;
  const act = async (work: () => Promise<string>) => {
    setError(null);
    try { notify(await work(), { type: 'success' }); refresh(); setRefreshKey((k) => k + 1); } catch (e) { setError((e as Error).message); }
  };
  const launched = Boolean(campaign.sentAt);
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h6">{campaign.name}</Typography>
        <StatusChip source="status" />
        <Typography color="text.secondary" data-testid="campaign-counts">{campaign.channel} · {campaign.memberCount.toLocaleString()} members: {campaign.treatmentCount.toLocaleString()} treatment (contacted) + {campaign.controlCount.toLocaleString()} control (held out, {formatPercent(campaign.controlShare, 0)})</Typography>
        <Typography color="text.secondary">{campaign.sentAt ? `sent ${new Date(campaign.sentAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : `planned ${campaign.startsAt ? new Date(campaign.startsAt).toISOString().slice(0, 10) : '—'} → ${campaign.endsAt ? new Date(campaign.endsAt).toISOString().slice(0, 10) : '—'}`}</Typography>
        <Typography color="text.secondary">fixed {formatMoney(campaign.fixedCost)} + {formatMoney(campaign.costPerContact)} per contact · {campaign.attributionDays}-day window</Typography>
      </Stack>
      {canManage && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          {!launched && (TRANSITIONS[campaign.status] ?? []).some((t) => t.status === 'running') && (
            <TextField size="small" type="datetime-local" label="Sent at (UTC, empty: now)" value={sentAt} onChange={(e) => setSentAt(e.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'sent-at' } }} />
          )}
          {(TRANSITIONS[campaign.status] ?? []).map((t) => (
            <Button key={t.status} variant={t.status === 'running' ? 'contained' : 'outlined'}
              onClick={() => act(async () => {
                await graphqlRequest(SET_STATUS, { id: campaign.id, status: t.status, sentAt: t.status === 'running' && sentAt ? new Date(`${sentAt}Z`).toISOString() : null });
                return `Campaign ${t.label.toLowerCase()}${t.status === 'running' ? 'ed' : 'd'}`;
              })}>{t.label}</Button>
          ))}
          {launched && (
            <>
              <Button startIcon={<UploadIcon />} onClick={() => fileInput.current?.click()}>Import results (CSV)</Button>
              <input ref={fileInput} type="file" hidden accept=".csv,text/csv" data-testid="outcomes-input"
                onChange={(e) => { const file = e.target.files?.[0]; if (file) void act(async () => { const r = await uploadOutcomes(campaign.id, file); return `${r.imported ?? 0} outcomes imported, ${r.skipped ?? 0} skipped`; }); e.target.value = ''; }} />
              <Button onClick={() => act(async () => { const r = await graphqlRequest<{ attributeCampaignOrders: { attributed: number } }>(ATTRIBUTE, { id: campaign.id }); return `${r.attributeCampaignOrders.attributed} members attributed from orders`; })}>Attribute orders</Button>
              <Button startIcon={<DownloadIcon />} href={`/api/campaigns/${campaign.id}/send-list.csv`} download>Send list</Button>
            </>
          )}
        </Stack>
      )}
      {error && <Alert severity="error">{error}</Alert>}
      {!launched && (
        <Card variant="outlined"><CardContent>
          <Typography color="text.secondary">Results appear after the launch: it freezes the audience, holds out the control group and records each member&apos;s segment and persona.</Typography>
        </CardContent></Card>
      )}
      {launched && <Grid container><Grid size={12}><CampaignResults key={refreshKey} campaignId={String(campaign.id)} /></Grid></Grid>}
    </Stack>
  );
}

export function CampaignShow() {
  return <Show><CampaignDetail /></Show>;
}
