import { useState } from 'react';
import { Alert, Button, Card, CardContent, FormControl, Grid, InputLabel, MenuItem, Select, Stack, TextField, Typography } from '@mui/material';
import { Title, useNotify, useRedirect } from 'react-admin';
import { TRAINING_DEFAULTS } from '@segmenta/shared';
import { graphqlRequest } from '../dataProvider';

const TRAIN = `mutation TrainModel($input: TrainModelInput!) { trainModel(input: $input) { existing model { id } } }`;

const T = TRAINING_DEFAULTS;
/** Pre-filled with the shared defaults: what the API would use for an empty field. */
const NUMBER_FIELDS = [
  ['nEstimators', 'Trees', String(T.nEstimators)], ['maxDepth', 'Max depth (0 = none)', String(T.maxDepth)], ['minSamplesLeaf', 'Min samples per leaf', String(T.minSamplesLeaf)],
  ['seed', 'Seed', String(T.seed)], ['testFraction', 'Test share', String(T.testFraction)], ['cvFolds', 'CV folds (0 = none)', String(T.cvFolds)],
] as const;

/** Train a random forest: response (from campaign outcomes) or segment (predicts the live segments). */
export function ModelTrain() {
  const [kind, setKind] = useState('response');
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(NUMBER_FIELDS.map(([key, , value]) => [key, value])));
  const [maxFeatures, setMaxFeatures] = useState<string>(T.maxFeatures);
  const [classWeight, setClassWeight] = useState<string>(T.classWeight ?? 'none');
  const [error, setError] = useState<string | null>(null);
  const notify = useNotify();
  const redirect = useRedirect();
  const submit = async () => {
    setError(null);
    const numbers = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, Number(v)]));
    try {
      const { trainModel } = await graphqlRequest<{ trainModel: { existing: boolean; model: { id: string } } }>(TRAIN, { input: { kind, ...numbers, maxFeatures, classWeight } });
      if (trainModel.existing) notify('A model of this kind is already training: showing it', { type: 'info' });
      redirect(`/models/${trainModel.model.id}/show`);
    } catch (e) { setError((e as Error).message); }
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <Title title="Train a model" />
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">Response models learn from campaign outcomes; segment models learn to predict the live segmentation from features.</Typography>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, sm: 4 }}>
              <FormControl fullWidth size="small"><InputLabel id="model-kind">Kind</InputLabel>
                <Select labelId="model-kind" label="Kind" value={kind} onChange={(e) => setKind(String(e.target.value))}>
                  <MenuItem value="response">response</MenuItem><MenuItem value="segment">segment</MenuItem>
                </Select></FormControl>
            </Grid>
            <Grid size={{ xs: 12, sm: 4 }}>
              <FormControl fullWidth size="small"><InputLabel id="max-features">Features per split</InputLabel>
                <Select labelId="max-features" label="Features per split" value={maxFeatures} onChange={(e) => setMaxFeatures(String(e.target.value))}>
                  {['sqrt', 'log2', 'all'].map((v) => <MenuItem key={v} value={v}>{v}</MenuItem>)}
                </Select></FormControl>
            </Grid>
            <Grid size={{ xs: 12, sm: 4 }}>
              <FormControl fullWidth size="small"><InputLabel id="class-weight">Class weight</InputLabel>
                <Select labelId="class-weight" label="Class weight" value={classWeight} onChange={(e) => setClassWeight(String(e.target.value))}>
                  {['none', 'balanced', 'balancedSubsample'].map((v) => <MenuItem key={v} value={v}>{v}</MenuItem>)}
                </Select></FormControl>
            </Grid>
            {NUMBER_FIELDS.map(([key, label]) => (
              <Grid key={key} size={{ xs: 6, sm: 4, md: 2 }}>
                <TextField fullWidth size="small" label={label} value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
              </Grid>
            ))}
          </Grid>
          {error && <Alert severity="error">{error}</Alert>}
          <div><Button variant="contained" onClick={submit}>Start training</Button></div>
        </Stack>
      </CardContent>
    </Card>
  );
}
