import { Fragment, useState, type FormEvent } from 'react';
import {
  Alert, Box, Button, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { Title, useCanAccess, useNotify } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';

const FIELDS = 'id name url kind audienceId status pausedReason secretHint pendingRecords deadLetters initialSyncDone';
const LIST = `query Destinations { destinations { ${FIELDS} } }`;
const CREATE = `mutation CreateDestination($input: DestinationInput!) { createDestination(input: $input) { secret destination { id name } } }`;
const ENABLE = `mutation SetDestinationEnabled($id: ID!, $enabled: Boolean!) { setDestinationEnabled(id: $id, enabled: $enabled) { id status } }`;
const TEST = `mutation SendDestinationTestEvent($id: ID!) { sendDestinationTestEvent(id: $id) { ok status latencyMs error } }`;
const LOG = `query DestinationLog($id: ID!) {
  destinationDeliveries(destinationId: $id, first: 20) { id webhookId recordCount status attempts nextAttemptAt lastStatusCode lastLatencyMs lastError createdAt }
  destinationDeadLetters(destinationId: $id, first: 20) { cursor customerId op }
}`;
const REPLAY = `mutation ReplayDeadLetters($id: ID!) { replayDeadLetters(destinationId: $id) }`;

interface Destination {
  id: string; name: string; url: string | null; kind: string; audienceId: string | null; status: string; pausedReason: string | null;
  secretHint: string; pendingRecords: number; deadLetters: number; initialSyncDone: boolean;
}
interface Delivery { id: string; webhookId: string; recordCount: number; status: string; attempts: number; nextAttemptAt: string | null; lastStatusCode: number | null; lastLatencyMs: number | null; lastError: string | null }

/** The delivery log of one destination (batches newest first) and its dead letters, with replay. */
function DeliveryLog({ id, onChange }: { id: string; onChange: () => void }) {
  const log = useGraphQLQuery<{ destinationDeliveries: Delivery[]; destinationDeadLetters: { cursor: string; customerId: string; op: string }[] }>(LOG, { id });
  const notify = useNotify();
  const replay = async () => {
    try {
      const result = await graphqlRequest<{ replayDeadLetters: number }>(REPLAY, { id });
      notify(`${result.replayDeadLetters} dead letters replayed`, { type: 'info' });
      log.refetch();
      onChange();
    } catch (error) { notify((error as Error).message, { type: 'error' }); }
  };
  const data = log.data;
  if (!data) return null;
  return (
    <Box sx={{ p: 1 }}>
      <Table size="small" aria-label="Delivery log">
        <TableHead><TableRow>{['Batch', 'Records', 'Status', 'Attempts', 'Last code', 'Latency', 'Next retry', 'Error'].map((h) => <TableCell key={h}>{h}</TableCell>)}</TableRow></TableHead>
        <TableBody>
          {data.destinationDeliveries.map((b) => (
            <TableRow key={b.id}>
              <TableCell>{b.webhookId}</TableCell><TableCell>{b.recordCount}</TableCell><TableCell>{b.status}</TableCell><TableCell>{b.attempts}</TableCell>
              <TableCell>{b.lastStatusCode ?? '—'}</TableCell><TableCell>{b.lastLatencyMs === null ? '—' : `${b.lastLatencyMs} ms`}</TableCell>
              <TableCell>{b.nextAttemptAt ? new Date(b.nextAttemptAt).toLocaleString() : '—'}</TableCell><TableCell>{b.lastError ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={2} sx={{ mt: 1, alignItems: 'center' }}>
        <Typography variant="body2">Dead letters: {data.destinationDeadLetters.map((r) => `${r.customerId} (${r.op})`).join(', ') || 'none'}</Typography>
        {data.destinationDeadLetters.length > 0 && <Button size="small" onClick={replay}>Replay dead letters</Button>}
      </Stack>
    </Box>
  );
}

/**
 * Webhook destinations (admins only): create one (its signing secret is shown once), send a test
 * event, pause or enable, and read the delivery log with replay of dead letters.
 */
export function DestinationsPage() {
  const { canAccess, isPending } = useCanAccess({ resource: 'apiKeys', action: 'list' });
  const list = useGraphQLQuery<{ destinations: Destination[] }>(LIST, {}, { enabled: canAccess === true });
  const notify = useNotify();
  const [form, setForm] = useState({ name: '', url: '', audienceId: '', batchSize: '500' });
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  if (isPending) return null;
  if (!canAccess) return <Alert severity="warning" sx={{ m: 2 }}>Only admins manage destinations.</Alert>;

  const call = async <T,>(query: string, variables: Record<string, unknown>, done: (r: T) => void) => {
    try { done(await graphqlRequest<T>(query, variables)); list.refetch(); } catch (error) { notify((error as Error).message, { type: 'error' }); }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    const input = { name: form.name.trim(), url: form.url.trim(), kind: form.audienceId ? 'audience' : 'tags', audienceId: form.audienceId || undefined, batchSize: Number(form.batchSize) };
    void call<{ createDestination: { secret: string } }>(CREATE, { input }, (r) => setSecret(r.createDestination.secret));
  };

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Destinations" />
      <CardContent>
        <Box component="form" onSubmit={create} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mb: 2 }}>
          <TextField size="small" label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <TextField size="small" label="Endpoint URL" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} sx={{ minWidth: 320 }} />
          <TextField size="small" label="Audience id (empty: tag changes)" value={form.audienceId} onChange={(e) => setForm({ ...form, audienceId: e.target.value })} />
          <TextField size="small" label="Batch size" value={form.batchSize} onChange={(e) => setForm({ ...form, batchSize: e.target.value })} sx={{ width: 110 }} />
          <Button type="submit" variant="contained" disabled={!form.name || !form.url}>Add destination</Button>
        </Box>
        {secret && <Alert severity="success" onClose={() => setSecret(null)} sx={{ mb: 2 }}>Signing secret (shown once, give it to the receiver): <code>{secret}</code></Alert>}
        <Table size="small" aria-label="Destinations">
          <TableHead><TableRow>{['Name', 'Endpoint', 'Receives', 'Status', 'Queued', 'Dead', 'Secret', ''].map((h) => <TableCell key={h}>{h}</TableCell>)}</TableRow></TableHead>
          <TableBody>
            {(list.data?.destinations ?? []).map((d) => (
              <Fragment key={d.id}>
                <TableRow>
                  <TableCell>{d.name}</TableCell><TableCell>{d.url}</TableCell><TableCell>{d.kind === 'audience' ? `audience ${d.audienceId}` : 'tag changes'}</TableCell>
                  <TableCell title={d.pausedReason ?? ''}>{d.status}{d.pausedReason ? ` — ${d.pausedReason}` : ''}</TableCell>
                  <TableCell>{d.pendingRecords}</TableCell><TableCell>{d.deadLetters}</TableCell><TableCell>{d.secretHint}</TableCell>
                  <TableCell>
                    <Button size="small" onClick={() => call<{ sendDestinationTestEvent: { ok: boolean; status: number | null; latencyMs: number; error: string | null } }>(TEST, { id: d.id },
                      (r) => notify(r.sendDestinationTestEvent.ok ? `Test event delivered (${r.sendDestinationTestEvent.status}, ${r.sendDestinationTestEvent.latencyMs} ms)` : `Test event failed: ${r.sendDestinationTestEvent.error}`,
                        { type: r.sendDestinationTestEvent.ok ? 'info' : 'warning' }))}>Send test event</Button>
                    <Button size="small" onClick={() => call(ENABLE, { id: d.id, enabled: d.status !== 'enabled' }, () => undefined)}>{d.status === 'enabled' ? 'Pause' : 'Enable'}</Button>
                    <Button size="small" onClick={() => setOpen(open === d.id ? null : d.id)}>Delivery log</Button>
                  </TableCell>
                </TableRow>
                {open === d.id && <TableRow><TableCell colSpan={8}><DeliveryLog id={d.id} onChange={list.refetch} /></TableCell></TableRow>}
              </Fragment>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
