import { useMemo, useState } from 'react';
import {
  Alert, Autocomplete, Button, Card, CardContent, Chip, FormControl, Grid, InputLabel, MenuItem, Select, Stack, TextField, Typography,
} from '@mui/material';
import { Title, useGetList, useNotify, useRecordContext, useRedirect } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { useDebounced } from '../common/use-debounced';
import { AGE_BANDS, CHANNELS, EMPTY_AUDIENCE, RANGE_FILTERS, RFM_GROUPS, fromDefinition, toDefinition, type AudienceForm } from './audience-definition';
import { LiveCount, PreviewTable, RoiPanel } from './audience-live';
import { NotLiveRunAlert } from './not-live-alert';

const SEGMENTS = `query LiveSegments { allSegments(perPage: 50, sortField: "label", sortOrder: "ASC") { id label size persona { id name } } }`;
const COUNTRIES = `query Countries { customerCountries { country customers } }`;
const CREATE = `mutation CreateAudience($input: SaveAudienceInput!) { createAudience(input: $input) { id } }`;
const UPDATE = `mutation UpdateAudience($id: ID!, $input: SaveAudienceInput!) { updateAudience(id: $id, input: $input) { id } }`;

interface LiveSegment { id: string; label: number; size: number; persona: { id: string; name: string } | null }

function ToggleChips({ label, options, value, onChange, testId }: { label: string; options: { id: string; name: string }[]; value: string[]; onChange: (v: string[]) => void; testId?: string }) {
  return (
    <Stack spacing={0.5} data-testid={testId}>
      <Typography variant="subtitle2">{label}</Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.75 }}>
        {options.length === 0 && <Typography variant="body2" color="text.secondary">—</Typography>}
        {options.map((o) => {
          const on = value.includes(o.id);
          return <Chip key={o.id} size="small" label={o.name} color={on ? 'primary' : 'default'} variant={on ? 'filled' : 'outlined'} aria-pressed={on}
            onClick={() => onChange(on ? value.filter((v) => v !== o.id) : [...value, o.id])} />;
        })}
      </Stack>
    </Stack>
  );
}

/** Build an audience with a live count, funnel, ROI-optimal size and preview; save it (marketers and admins). */
export function AudienceBuilder({ audienceId, version, initial, notLiveRunIds }: { audienceId?: string; version?: number; initial?: AudienceForm; notLiveRunIds?: string[] }) {
  const [form, setForm] = useState<AudienceForm>(initial ?? EMPTY_AUDIENCE);
  const [costs, setCosts] = useState<{ marginPerConversion?: number; costPerContact?: number }>({});
  const [error, setError] = useState<string | null>(null);
  const notify = useNotify();
  const redirect = useRedirect();
  const set = <K extends keyof AudienceForm>(key: K, value: AudienceForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const { data: segmentData } = useGraphQLQuery<{ allSegments: LiveSegment[] }>(SEGMENTS);
  const { data: audiences = [] } = useGetList('audiences', { pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'DESC' } });
  const segments = segmentData?.allSegments ?? [];
  const { data: countryData } = useGraphQLQuery<{ customerCountries: { country: string; customers: number }[] }>(COUNTRIES);
  const countries = countryData?.customerCountries ?? [];
  const definition = useMemo(() => toDefinition(form, costs), [form, costs]);
  const settled = useDebounced(definition);

  const save = async () => {
    setError(null);
    try {
      // On update, the version the user edited: a newer save by someone else is refused (CONFLICT).
      const input = { name: form.name.trim(), definition, ...(audienceId && version !== undefined ? { expectedVersion: version } : {}) };
      const id = audienceId
        ? (await graphqlRequest<{ updateAudience: { id: string } }>(UPDATE, { id: audienceId, input })).updateAudience.id
        : (await graphqlRequest<{ createAudience: { id: string } }>(CREATE, { input })).createAudience.id;
      notify('Audience saved', { type: 'success' });
      redirect(`/audiences/${id}/show`);
    } catch (e) { setError((e as Error).message); }
  };

  const segmentOptions = segments.map((s) => ({ id: s.id, name: `${s.label} · ${s.persona?.name ?? 'segment'} (${s.size.toLocaleString()})` }));
  const personaOptions = segments.filter((s) => s.persona).map((s) => ({ id: s.persona!.id, name: s.persona!.name }));
  return (
    <Grid container spacing={2} sx={{ mt: 2, mb: 4 }}>
      <Title title={audienceId ? `Audience ${form.name}` : 'New audience'} />
      <Grid size={{ xs: 12, md: 7 }}>
        <Card variant="outlined">
          <CardContent>
            <Stack spacing={2}>
              <NotLiveRunAlert runIds={notLiveRunIds} />
              <Stack direction="row" spacing={2}>
                <TextField size="small" label="Name" value={form.name} onChange={(e) => set('name', e.target.value)} sx={{ flex: 1 }} required />
                <FormControl size="small" sx={{ width: 140 }}>
                  <InputLabel id="audience-channel">Channel</InputLabel>
                  <Select labelId="audience-channel" label="Channel" value={form.channel} onChange={(e) => set('channel', String(e.target.value))}>
                    {CHANNELS.map((c) => <MenuItem key={c} value={c}>{c}</MenuItem>)}
                  </Select>
                </FormControl>
              </Stack>
              <Typography variant="overline">Include (any of; none = every customer)</Typography>
              <ToggleChips label="Segments of the live run" options={segmentOptions} value={form.includeSegmentIds} onChange={(v) => set('includeSegmentIds', v)} testId="include-segments" />
              <ToggleChips label="Personas" options={personaOptions} value={form.includePersonaIds} onChange={(v) => set('includePersonaIds', v)} />
              <ToggleChips label="RFM groups" options={RFM_GROUPS.map((g) => ({ id: g, name: g }))} value={form.rfmGroups} onChange={(v) => set('rfmGroups', v)} testId="include-rfm" />
              <Typography variant="overline">Exclude</Typography>
              <ToggleChips label="Segments" options={segmentOptions} value={form.excludeSegmentIds} onChange={(v) => set('excludeSegmentIds', v)} />
              <ToggleChips label="Members of saved audiences" options={audiences.filter((a) => String(a.id) !== audienceId).map((a) => ({ id: String(a.id), name: a.name }))} value={form.excludeAudienceIds} onChange={(v) => set('excludeAudienceIds', v)} />
              <Typography variant="overline">Filters (all of)</Typography>
              <Grid container spacing={1}>
                {RANGE_FILTERS.map(([key, label]) => (
                  <Grid key={key} size={{ xs: 12, sm: 6 }}>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      <Typography variant="body2" sx={{ width: 90, flexShrink: 0 }}>{label}</Typography>
                      <TextField size="small" label="min" slotProps={{ htmlInput: { 'aria-label': `${label} min` } }} value={form.ranges[`${key}Min`] ?? ''} onChange={(e) => set('ranges', { ...form.ranges, [`${key}Min`]: e.target.value })} />
                      <TextField size="small" label="max" slotProps={{ htmlInput: { 'aria-label': `${label} max` } }} value={form.ranges[`${key}Max`] ?? ''} onChange={(e) => set('ranges', { ...form.ranges, [`${key}Max`]: e.target.value })} />
                    </Stack>
                  </Grid>
                ))}
              </Grid>
              <Autocomplete multiple size="small" options={countries.map((c) => c.country)} value={form.countries} onChange={(_e, value) => set('countries', value)}
                getOptionLabel={(country) => { const n = countries.find((c) => c.country === country)?.customers; return n === undefined ? country : `${country} (${n.toLocaleString()})`; }}
                renderInput={(params) => <TextField {...params} label="Countries" helperText="The countries in the data, as spelled there" />} data-testid="country-picker" />
              <ToggleChips label="Age bands" options={AGE_BANDS.map((b) => ({ id: b, name: b }))} value={form.ageBands} onChange={(v) => set('ageBands', v)} />
              <Stack direction="row" spacing={1}>
                <FormControl size="small" sx={{ width: 240 }}>
                  <InputLabel id="cap-by" shrink>Cap by</InputLabel>
                  <Select labelId="cap-by" label="Cap by" notched displayEmpty value={form.capBy} onChange={(e) => set('capBy', e.target.value as AudienceForm['capBy'])}>
                    <MenuItem value="">no cap</MenuItem>
                    <MenuItem value="responseProbability">response probability</MenuItem>
                    <MenuItem value="expectedProfit">expected profit</MenuItem>
                    <MenuItem value="uplift">predicted uplift (persuadables first)</MenuItem>
                  </Select>
                </FormControl>
                {form.capBy && <TextField size="small" label="Cap size" value={form.capSize} onChange={(e) => set('capSize', e.target.value)} />}
              </Stack>
              {error && <Alert severity="error">{error}</Alert>}
              <div><Button variant="contained" onClick={save} disabled={!form.name.trim()}>Save audience</Button></div>
            </Stack>
          </CardContent>
        </Card>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <Stack spacing={2}>
          <LiveCount definition={settled} />
          <RoiPanel definition={settled} onUseSize={(size, chosen, by) => { setCosts(chosen); setForm((f) => ({ ...f, capBy: by, capSize: String(size) })); }} />
          <PreviewTable definition={settled} />
        </Stack>
      </Grid>
    </Grid>
  );
}

export function AudienceCreate() {
  return <AudienceBuilder />;
}

/** Edit: the saved definition loaded into the same builder (react-admin's Edit supplies the record). */
export function AudienceEditForm() {
  const record = useRecordContext<{ id: string; name: string; version: number; definition: Record<string, unknown>; notLiveRunIds?: string[] }>();
  if (!record?.definition) return null;
  return <AudienceBuilder audienceId={String(record.id)} version={record.version} initial={fromDefinition(record.name, record.definition)} notLiveRunIds={record.notLiveRunIds} />;
}
