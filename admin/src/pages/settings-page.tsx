import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Card, CardContent, FormControl, InputLabel, MenuItem, Select, Stack, TextField, Typography } from '@mui/material';
import { Title, useCanAccess, useNotify } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';

const FIELDS = 'dataSet version activationPolicy minAdjustedRandIndex maxSizeShift psiWarning psiAlert updatedBy updatedAt';
const READ = `query DataSetSettings { dataSetSettings { ${FIELDS} } }`;
const UPDATE = `mutation UpdateDataSetSettings($input: UpdateDataSetSettingsInput!) { updateDataSetSettings(input: $input) { ${FIELDS} } }`;

interface Settings {
  dataSet: string; version: number; activationPolicy: string; minAdjustedRandIndex: number; maxSizeShift: number; psiWarning: number; psiAlert: number;
  updatedBy: string | null; updatedAt: string | null;
}
const NUMBERS = [
  ['minAdjustedRandIndex', 'Minimum adjusted Rand index', 'Automatic activation needs at least this agreement with the live run (−1 to 1)'],
  ['maxSizeShift', 'Largest segment share shift', 'Share of all customers, 0.05 = 5 points'],
  ['psiWarning', 'PSI warning from', 'Convention 0.1'],
  ['psiAlert', 'PSI alert from', 'Convention 0.25; an alert stops automatic activation'],
] as const;

/**
 * The data set's settings (admins): the activation policy and its thresholds. Every save is a new
 * version; a save over a version someone else replaced meanwhile is refused, not merged.
 */
export function SettingsPage() {
  const { canAccess, isPending } = useCanAccess({ resource: 'settings', action: 'edit' });
  const { data, refetch } = useGraphQLQuery<{ dataSetSettings: Settings }>(READ, {}, { enabled: canAccess === true });
  const notify = useNotify();
  const [form, setForm] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const current = data?.dataSetSettings;
  useEffect(() => {
    if (current) setForm(Object.fromEntries([['activationPolicy', current.activationPolicy], ...NUMBERS.map(([key]) => [key, String(current[key])])]));
  }, [current]);

  if (isPending) return null;
  if (!canAccess) return <Alert severity="warning" sx={{ m: 2 }}>Only admins change the data set's settings.</Alert>;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const input: Record<string, unknown> = { activationPolicy: form.activationPolicy, expectedVersion: current?.version };
      for (const [key] of NUMBERS) input[key] = Number(form[key]);
      const saved = await graphqlRequest<{ updateDataSetSettings: Settings }>(UPDATE, { input });
      notify(`Settings saved (version ${saved.updateDataSetSettings.version})`, { type: 'success' });
      refetch();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Stack spacing={2} sx={{ mt: 2, maxWidth: 720 }}>
      <Title title="Settings" />
      <Typography variant="h5">Settings of the data set “{current?.dataSet ?? 'default'}”</Typography>
      <Card variant="outlined">
        <CardContent component="form" onSubmit={save}>
          <Stack spacing={2}>
            <Typography variant="h6">Activation policy</Typography>
            <FormControl size="small">
              <InputLabel id="activation-policy">New runs go live</InputLabel>
              <Select labelId="activation-policy" label="New runs go live" value={form.activationPolicy ?? 'manual'} onChange={(e) => setForm({ ...form, activationPolicy: String(e.target.value) })} data-testid="activation-policy">
                <MenuItem value="manual">manual: when a person activates them</MenuItem>
                <MenuItem value="automatic">automatic: when close to the live run</MenuItem>
              </Select>
            </FormControl>
            {NUMBERS.map(([key, label, help]) => (
              <TextField key={key} size="small" label={label} helperText={help} value={form[key] ?? ''} onChange={(e) => setForm({ ...form, [key]: e.target.value })}
                slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': `setting-${key}` } }} />
            ))}
            {error && <Alert severity="error" data-testid="settings-error">{error}</Alert>}
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <Button type="submit" variant="contained">Save</Button>
              <Typography variant="body2" color="text.secondary" data-testid="settings-version">
                {current?.version ? `Version ${current.version}, saved by ${current.updatedBy ?? 'unknown'} ${current.updatedAt ? new Date(current.updatedAt).toLocaleString() : ''}` : 'Defaults (never saved)'}
              </Typography>
            </Stack>
          </Stack>
        </CardContent>
      </Card>
    </Stack>
  );
}
