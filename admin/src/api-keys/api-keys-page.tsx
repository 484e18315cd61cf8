import { useState, type FormEvent } from 'react';
import {
  Alert, Box, Button, Card, CardContent, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Table, TableBody, TableCell,
  TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { Title, useCanAccess, useNotify } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { formatDate } from '../common/format';

const KEY_FIELDS = 'id name prefix scopes createdAt lastUsedAt revokedAt';
const LIST = `query ApiKeys { apiKeys { ${KEY_FIELDS} } }`;
const CREATE = `mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`;
const REVOKE = `mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`;

interface ApiKey { id: string; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

const when = (value: string | null) => formatDate(value, { time: true });

/**
 * Integration keys (admins only): create one (its secret is shown this once: the server keeps only
 * a hash), see when each was last used (updated at most once a minute), revoke. A key acts with the
 * integration role: it reads data and never sees personal fields.
 */
export function ApiKeysPage() {
  const { canAccess, isPending } = useCanAccess({ resource: 'apiKeys', action: 'list' });
  const keys = useGraphQLQuery<{ apiKeys: ApiKey[] }>(LIST, {}, { enabled: canAccess === true });
  const notify = useNotify();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  if (isPending) return null;
  if (!canAccess) return <Alert severity="warning" sx={{ m: 2 }}>Only admins manage API keys.</Alert>;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await graphqlRequest<{ createApiKey: { secret: string; apiKey: ApiKey } }>(CREATE, { input: { name: name.trim(), scopes: ['read'] } });
      setCreated({ name: result.createApiKey.apiKey.name, secret: result.createApiKey.secret });
      setName('');
      keys.refetch();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: ApiKey) => {
    setBusy(true);
    try {
      await graphqlRequest(REVOKE, { id: String(key.id) });
      notify(`Key "${key.name}" revoked`, { type: 'info' });
      setRevoking(null);
      keys.refetch();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ p: 2 }}>
      <Title title="API keys" />
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="h6" gutterBottom>New key</Typography>
          <Stack component="form" direction="row" spacing={2} onSubmit={create} sx={{ alignItems: 'center' }}>
            <TextField size="small" label="Name" value={name} onChange={(e) => setName(e.target.value)} slotProps={{ htmlInput: { maxLength: 128 } }} required />
            <Typography variant="body2" color="text.secondary">Scope: read (the integration role: no personal fields)</Typography>
            <Button type="submit" variant="contained" disabled={busy || name.trim() === ''}>Create key</Button>
          </Stack>
        </CardContent>
      </Card>
      {keys.error && <Alert severity="error">{keys.error.message}</Alert>}
      <Table size="small" data-testid="api-keys">
        <TableHead>
          <TableRow><TableCell>Name</TableCell><TableCell>Prefix</TableCell><TableCell>Scopes</TableCell><TableCell>Created</TableCell><TableCell>Last used</TableCell><TableCell>Status</TableCell><TableCell /></TableRow>
        </TableHead>
        <TableBody>
          {(keys.data?.apiKeys ?? []).map((key) => (
            <TableRow key={key.id}>
              <TableCell>{key.name}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{key.prefix}…</TableCell>
              <TableCell>{key.scopes.join(', ')}</TableCell>
              <TableCell>{when(key.createdAt)}</TableCell>
              <TableCell>{when(key.lastUsedAt)}</TableCell>
              <TableCell>{key.revokedAt ? <Chip size="small" label={`revoked ${when(key.revokedAt)}`} /> : <Chip size="small" color="success" label="active" />}</TableCell>
              <TableCell>{!key.revokedAt && <Button size="small" color="error" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>Revoke</Button>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Dialog open={created !== null} onClose={() => setCreated(null)} aria-labelledby="secret-title">
        <DialogTitle id="secret-title">Key "{created?.name}" created</DialogTitle>
        <DialogContent>
          <Alert severity="warning" sx={{ mb: 2 }}>Copy the key now: it is shown this once and cannot be recovered.</Alert>
          <Typography data-testid="api-key-secret" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{created?.secret}</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => { void navigator.clipboard?.writeText(created?.secret ?? '').catch(() => {}); }}>Copy</Button>
          <Button variant="contained" onClick={() => setCreated(null)}>Done</Button>
        </DialogActions>
      </Dialog>

      <Dialog open={revoking !== null} onClose={() => setRevoking(null)} aria-labelledby="revoke-title">
        <DialogTitle id="revoke-title">Revoke key "{revoking?.name}"?</DialogTitle>
        <DialogContent>Integrations using it stop working within seconds. This cannot be undone.</DialogContent>
        <DialogActions>
          <Button onClick={() => setRevoking(null)}>Cancel</Button>
          <Button color="error" variant="contained" disabled={busy} onClick={() => revoking && revoke(revoking)}>Revoke</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
