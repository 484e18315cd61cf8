import { useState } from 'react';
import {
  Alert, Button, Card, CardContent, Chip, Divider, FormControl, FormControlLabel, Grid, InputLabel, MenuItem, Radio, RadioGroup,
  Select, Stack, Switch, TextField, Typography,
} from '@mui/material';
import { Title, useNotify, useRedirect } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { DEFAULT_LAUNCH_FORM, SEGMENTATION_FEATURES, toStartInput, type LaunchForm } from './launch-input';

const START = `mutation StartSegmentation($input: StartSegmentationInput!) { startSegmentation(input: $input) { existing run { id } } }`;

function FeatureChips({ label, options, value, onChange }: { label: string; options: readonly string[]; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <Stack spacing={0.5}>
      <Typography variant="subtitle2">{label}</Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
        {options.map((feature) => {
          const on = value.includes(feature);
          return <Chip key={feature} label={feature} color={on ? 'primary' : 'default'} variant={on ? 'filled' : 'outlined'} aria-pressed={on}
            onClick={() => onChange(on ? value.filter((f) => f !== feature) : [...value, feature])} />;
        })}
      </Stack>
    </Stack>
  );
}

/** Launch a segmentation run; the run page then shows its progress, ETA and charts. */
export function RunLaunch() {
  const [form, setForm] = useState<LaunchForm>(DEFAULT_LAUNCH_FORM);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const redirect = useRedirect();
  const set = <K extends keyof LaunchForm>(key: K, value: LaunchForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const text = (key: keyof LaunchForm, label: string, width = 120) => (
    <TextField size="small" label={label} value={form[key] as string} onChange={(e) => set(key, e.target.value as never)} sx={{ width }} />
  );

  const submit = async () => {
    setBusy(true); setError(null);
    try {
      const { startSegmentation } = await graphqlRequest<{ startSegmentation: { existing: boolean; run: { id: string } } }>(START, { input: toStartInput(form) });
      if (startSegmentation.existing) notify('A run was already in progress: showing it', { type: 'info' });
      redirect(`/segmentationRuns/${startSegmentation.run.id}/show`);
    } catch (e) {
      setError((e as Error).message);
    } finally { setBusy(false); }
  };

  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <Title title="New segmentation run" />
      <CardContent>
        <Stack spacing={2}>
          <FeatureChips label="Features" options={SEGMENTATION_FEATURES} value={form.features} onChange={(v) => set('features', v)} />
          <FeatureChips label="log1p before scaling (skewed features)" options={form.features} value={form.log1p} onChange={(v) => set('log1p', v)} />
          <Typography variant="caption" color="text.secondary" data-testid="explain-log1p">log1p takes log(1 + x): a few very large values (one customer with 200 orders) stop dominating the distances, while zero stays zero.</Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <FormControlLabel control={<Switch checked={form.winsorize} onChange={(e) => set('winsorize', e.target.checked)} />} label="Winsorise" />
            {form.winsorize && <>{text('lower', 'Lower quantile')}{text('upper', 'Upper quantile')}</>}
            <FormControl size="small" sx={{ width: 200 }}>
              <InputLabel id="pca-mode">PCA</InputLabel>
              <Select labelId="pca-mode" label="PCA" value={form.pcaMode} onChange={(e) => set('pcaMode', e.target.value as LaunchForm['pcaMode'])}>
                <MenuItem value="none">none</MenuItem>
                <MenuItem value="components">fixed components</MenuItem>
                <MenuItem value="variance">variance target</MenuItem>
              </Select>
            </FormControl>
            {form.pcaMode !== 'none' && text('pcaValue', form.pcaMode === 'components' ? 'Components' : 'Variance (0–1)')}
          </Stack>
          <Typography variant="caption" color="text.secondary" data-testid="explain-winsorise">Winsorising clips each feature to its lower and upper quantile (e.g. the 1st and 99th percentile), so outliers count as the most extreme ordinary customer instead of forming a segment of their own.</Typography>
          <Divider />
          <Grid container spacing={2} sx={{ alignItems: 'center' }}>
            <Grid size={{ xs: 12, md: 6 }}>
              <Stack direction="row" spacing={2}>
                <FormControl size="small" sx={{ width: 180 }}>
                  <InputLabel id="algorithm">Algorithm</InputLabel>
                  <Select labelId="algorithm" label="Algorithm" value={form.algorithm} onChange={(e) => set('algorithm', e.target.value as LaunchForm['algorithm'])}>
                    <MenuItem value="kmeans">k-means</MenuItem>
                    <MenuItem value="hierarchical">hierarchical</MenuItem>
                  </Select>
                </FormControl>
                {form.algorithm === 'hierarchical' && (
                  <FormControl size="small" sx={{ width: 160 }}>
                    <InputLabel id="linkage">Linkage</InputLabel>
                    <Select labelId="linkage" label="Linkage" value={form.linkage} onChange={(e) => set('linkage', e.target.value as LaunchForm['linkage'])}>
                      {['ward', 'average', 'complete'].map((l) => <MenuItem key={l} value={l}>{l}</MenuItem>)}
                    </Select>
                  </FormControl>
                )}
              </Stack>
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                <RadioGroup row value={form.kMode} onChange={(e) => set('kMode', e.target.value as LaunchForm['kMode'])}>
                  <FormControlLabel value="range" control={<Radio size="small" />} label="Choose k" />
                  <FormControlLabel value="fixed" control={<Radio size="small" />} label="Fixed k" />
                </RadioGroup>
                {form.kMode === 'fixed' ? text('k', 'k', 80) : <>{text('kMin', 'k min', 80)}{text('kMax', 'k max', 80)}</>}
              </Stack>
            </Grid>
          </Grid>
          <Stack direction="row" spacing={2}>
            {form.algorithm === 'kmeans' && text('nInit', 'Restarts (nInit)', 150)}
            {text('seed', 'Seed')}
            <TextField size="small" type="date" label="Features as of" value={form.asOf} onChange={(e) => set('asOf', e.target.value)} slotProps={{ inputLabel: { shrink: true } }} helperText="Default: day after the last order" sx={{ width: 220 }} />
          </Stack>
          {form.algorithm === 'kmeans' && <Typography variant="caption" color="text.secondary" data-testid="explain-ninit">Restarts (n_init): k-means starts from random centres and can settle on a poor split; it runs this many times from different starts and keeps the tightest result (lowest inertia). More restarts: steadier segments, longer runs.</Typography>}
          {error && <Alert severity="error">{error}</Alert>}
          <div><Button variant="contained" onClick={submit} disabled={busy || form.features.length === 0}>Start segmentation</Button></div>
        </Stack>
      </CardContent>
    </Card>
  );
}
