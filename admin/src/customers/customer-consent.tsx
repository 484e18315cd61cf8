import { useEffect, useRef, useState } from 'react';
import { Card, CardContent, MenuItem, Select, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useCanAccess, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { formatDate } from '../common/format';

const CHANNELS = [
  { channel: 'email', label: 'E-mail', suffix: 'Email' },
  { channel: 'sms', label: 'SMS', suffix: 'Sms' },
  { channel: 'push', label: 'Push', suffix: 'Push' },
] as const;

const STATES = [
  { id: 'granted', name: 'Consent given' },
  { id: 'none', name: 'No consent' },
  { id: 'opted_out', name: 'Opted out' },
];
const STATE_NAMES: Record<string, string> = Object.fromEntries(STATES.map((s) => [s.id, s.name]));

const SET_CONSENT = `mutation SetConsent($input: SetConsentInput!) { setConsent(input: $input) { id } }`;
const HISTORY = `query ConsentChanges($id: ID!) { consentChanges(customerId: $id, limit: 50) { id channel fromState toState source actor changedAt } }`;

interface ConsentChange { id: string; channel: string; fromState: string; toState: string; source: string; actor: string; changedAt: string }

function stateOf(record: Record<string, unknown>, suffix: string): string {
  if (record[`optedOut${suffix}`]) return 'opted_out';
  return record[`consent${suffix}`] ? 'granted' : 'none';
}

/**
 * Consent per channel, changeable by the roles that may (admin, marketer), and the history of
 * every change (consent_changes): who, through what (UI, API, link, import, erasure), when.
 */
export function CustomerConsentCard() {
  const record = useRecordContext();
  const { canAccess: canChange } = useCanAccess({ resource: 'customers', action: 'consent' });
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const history = useGraphQLQuery<{ consentChanges: ConsentChange[] }>(HISTORY, { id: String(record?.id ?? '') }, { enabled: record?.id !== undefined });
  // The history follows the record: a change made elsewhere on the page (erasure) reloads it too.
  const version = record ? [record.erasedAt, ...CHANNELS.map(({ suffix }) => stateOf(record, suffix))].join('|') : '';
  const { refetch } = history;
  const seen = useRef(version);
  useEffect(() => {
    if (version === seen.current) return;
    seen.current = version;
    refetch();
  }, [version, refetch]);
  if (!record) return null;
  const editable = canChange && !record.erasedAt;

  const change = async (channel: string, state: string) => {
    setBusy(true);
    try {
      await graphqlRequest(SET_CONSENT, { input: { customerId: String(record.id), channel, state, source: 'ui' } });
      notify('Consent saved', { type: 'success' });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const changes = history.data?.consentChanges ?? [];
  return (
    <Card variant="outlined" data-testid="consent-card">
      <CardContent>
        <Typography variant="h6" gutterBottom>Consent</Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
          {CHANNELS.map(({ channel, label, suffix }) => {
            const state = stateOf(record, suffix);
            return (
              <Stack key={channel} spacing={0.5} sx={{ minWidth: 160 }}>
                <Typography variant="caption" color="text.secondary">{label}</Typography>
                {editable ? (
                  <Select size="small" value={state} disabled={busy} onChange={(event) => change(channel, String(event.target.value))}
                    inputProps={{ 'aria-label': `${label} consent` }} data-testid={`consent-${channel}`}>
                    {STATES.map((s) => <MenuItem key={s.id} value={s.id}>{s.name}</MenuItem>)}
                  </Select>
                ) : (
                  <Typography data-testid={`consent-${channel}`}>{STATE_NAMES[state]}</Typography>
                )}
              </Stack>
            );
          })}
        </Stack>
        <Typography variant="subtitle2">History</Typography>
        {changes.length === 0 ? (
          <Typography variant="body2" color="text.secondary">{history.loading ? 'Loading…' : 'No recorded changes'}</Typography>
        ) : (
          <Table size="small" data-testid="consent-history">
            <TableHead><TableRow><TableCell>When</TableCell><TableCell>Channel</TableCell><TableCell>From</TableCell><TableCell>To</TableCell><TableCell>Source</TableCell><TableCell>By</TableCell></TableRow></TableHead>
            <TableBody>
              {changes.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>{formatDate(c.changedAt, { time: true })}</TableCell>
                  <TableCell>{c.channel}</TableCell>
                  <TableCell>{STATE_NAMES[c.fromState] ?? c.fromState}</TableCell>
                  <TableCell>{STATE_NAMES[c.toState] ?? c.toState}</TableCell>
                  <TableCell>{c.source}</TableCell>
                  <TableCell>{c.actor}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
