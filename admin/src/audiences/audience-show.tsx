import { Button, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import CampaignIcon from '@mui/icons-material/Campaign';
import { DeleteWithConfirmButton, EditButton, Link, Show, TopToolbar, useCanAccess, useRecordContext } from 'react-admin';
import { FunnelBars, PreviewTable, type Funnel } from './audience-live';
import { NotLiveRunAlert } from './not-live-alert';

interface AudienceRecord { id: string; name: string; channel: string; version: number; definition: Record<string, unknown>; notLiveRunIds?: string[]; funnel: Funnel }

function AudienceDetail() {
  const record = useRecordContext<AudienceRecord>();
  const { canAccess: canCreateCampaign } = useCanAccess({ resource: 'campaigns', action: 'create' });
  if (!record?.definition) return null;
  return (
    <Grid container spacing={2} sx={{ p: 2 }}>
      {record.notLiveRunIds && record.notLiveRunIds.length > 0 && <Grid size={12}><NotLiveRunAlert runIds={record.notLiveRunIds} /></Grid>}
      <Grid size={{ xs: 12, md: 5 }}>
        <Card variant="outlined"><CardContent>
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
            <Typography variant="h6">{record.name} · {record.channel} · v{record.version}</Typography>
            <Typography variant="h4" data-testid="audience-size" sx={{ fontWeight: 600 }}>{record.funnel?.size.toLocaleString()}</Typography>
          </Stack>
          {record.funnel && <FunnelBars funnel={record.funnel} channel={record.channel} />}
          <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
            <Button startIcon={<DownloadIcon />} href={`/api/audiences/${record.id}/export.csv`} download>Export CSV</Button>
            {canCreateCampaign && (
              <Button startIcon={<CampaignIcon />} component={Link} to={`/campaigns/create?source=${encodeURIComponent(JSON.stringify({ audienceId: String(record.id), channel: record.channel, name: `${record.name} campaign` }))}`}>New campaign</Button>
            )}
          </Stack>
        </CardContent></Card>
        <Card variant="outlined" sx={{ mt: 2 }}><CardContent>
          <Typography variant="subtitle2">Definition</Typography>
          <Typography component="pre" variant="body2" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace', fontSize: 12, m: 0 }}>{JSON.stringify(record.definition, null, 2)}</Typography>
        </CardContent></Card>
      </Grid>
      <Grid size={{ xs: 12, md: 7 }}><PreviewTable definition={record.definition} /></Grid>
    </Grid>
  );
}

/** The server refuses (CONFLICT) while a campaign uses the audience or another one excludes it; the message says which. */
function DeleteAudienceButton() {
  const { canAccess } = useCanAccess({ resource: 'audiences', action: 'delete' });
  const record = useRecordContext<AudienceRecord>();
  if (!canAccess || !record) return null;
  return (
    <DeleteWithConfirmButton mutationMode="pessimistic" confirmTitle={`Delete audience "${record.name}"?`}
      confirmContent="The saved definition goes; customers and campaigns already sent are not affected." />
  );
}

export function AudienceShow() {
  return <Show actions={<TopToolbar><EditButton /><DeleteAudienceButton /></TopToolbar>}><AudienceDetail /></Show>;
}
