import { useState } from 'react';
import { Alert, Button, Card, CardContent, FormControl, Grid, InputLabel, MenuItem, Select, Stack, TextField, Typography } from '@mui/material';
import { Title, useNotify, useRedirect } from 'react-admin';
import { TRAINING_DEFAULTS } from '@segmenta/shared';
import { graphqlRequest } from '../dataProvider';

const TRAIN = `mutation TrainModel($input: TrainModelInput!) { trainModel(input: $input) { existing model { id } } }`;
const FIT_VALUE = `mutation StartCustomerValue($input: CustomerValueInput) { startCustomerValue(input: $input) { existing model { id } } }`;

/** Customer value (BG/NBD or Pareto/NBD with Gamma-Gamma, fitted on orders): its settings with their defaults. */
const VALUE_FIELDS = [
  ['horizonDays', 'CLV horizon (days)', '365'], ['margin', 'Margin (share of revenue)', '1'], ['annualDiscountRate', 'Discount rate a year', '0.1'],
  ['churnHorizonDays', 'Churn horizon (days)', '0'], ['holdoutDays', 'Holdout check (days)', '90'], ['seed', 'Seed', '0'],
] as const;

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
  const [learner, setLearner] = useState('t');
  const [whenUnbalanced, setWhenUnbalanced] = useState('reweight');
  const [valueSettings, setValueSettings] = useState<Record<string, string>>(Object.fromEntries(VALUE_FIELDS.map(([key, , value]) => [key, value])));
  const [timeUnit, setTimeUnit] = useState('weeks');
  const [purchaseModel, setPurchaseModel] = useState('bg-nbd');
  const [error, setError] = useState<string | null>(null);
  const notify = useNotify();
  const redirect = useRedirect();
  const fitValue = async () => {
    const numbers = Object.fromEntries(Object.entries(valueSettings).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, Number(v)]));
    const { startCustomerValue } = await graphqlRequest<{ startCustomerValue: { existing: boolean; model: { id: string } } }>(FIT_VALUE, { input: { ...numbers, timeUnit, purchaseModel } });
    if (startCustomerValue.existing) notify('A customer-value model is already being fitted: showing it', { type: 'info' });
    redirect(`/models/${startCustomerValue.model.id}/show`);
  };
  const submit = async () => {
    setError(null);
    if (kind === 'customer-value') {
      try { await fitValue(); } catch (e) { setError((e as Error).message); }
      return;
    }
    const numbers = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, Number(v)]));
    try {
      const { trainModel } = await graphqlRequest<{ trainModel: { existing: boolean; model: { id: string } } }>(TRAIN, { input: { kind, ...numbers, maxFeatures, classWeight, ...(kind === 'uplift' ? { learner, whenUnbalanced, cvFolds: undefined, classWeight: undefined } : {}) } });
      if (trainModel.existing) notify('A model of this kind is already training: showing it', { type: 'info' });
      redirect(`/models/${trainModel.model.id}/show`);
    } catch (e) { setError((e as Error).message); }
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <Title title="Train a model" />
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">Response models learn from campaign outcomes; segment models learn to predict the live segmentation from features; uplift models learn who the message moves, from outcomes with a control group (leave max depth and min leaf empty for the uplift defaults); customer-value models learn from orders how often customers buy, whether they are still customers and what they spend (predicted CLV, churn risk).</Typography>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, sm: 4 }}>
              <FormControl fullWidth size="small"><InputLabel id="model-kind">Kind</InputLabel>
                <Select labelId="model-kind" label="Kind" value={kind} onChange={(e) => { const next = String(e.target.value); setKind(next); if (next === 'uplift') setValues({ ...values, maxDepth: '', minSamplesLeaf: '' }); }}>
                  <MenuItem value="response">response</MenuItem><MenuItem value="segment">segment</MenuItem><MenuItem value="uplift">uplift</MenuItem><MenuItem value="customer-value">customer-value</MenuItem>
                </Select></FormControl>
            </Grid>
            {kind === 'customer-value' ? (
              <>
                <Grid size={{ xs: 12, sm: 4 }}>
                  <FormControl fullWidth size="small"><InputLabel id="purchase-model">Purchase model</InputLabel>
                    <Select labelId="purchase-model" label="Purchase model" value={purchaseModel} onChange={(e) => setPurchaseModel(String(e.target.value))}>
                      {['bg-nbd', 'pareto-nbd'].map((v) => <MenuItem key={v} value={v}>{v}</MenuItem>)}
                    </Select></FormControl>
                </Grid>
                <Grid size={{ xs: 12, sm: 4 }}>
                  <FormControl fullWidth size="small"><InputLabel id="time-unit">Time unit</InputLabel>
                    <Select labelId="time-unit" label="Time unit" value={timeUnit} onChange={(e) => setTimeUnit(String(e.target.value))}>
                      {['weeks', 'days'].map((v) => <MenuItem key={v} value={v}>{v}</MenuItem>)}
                    </Select></FormControl>
                </Grid>
                {VALUE_FIELDS.map(([key, label]) => (
                  <Grid key={key} size={{ xs: 6, sm: 4, md: 2 }}>
                    <TextField fullWidth size="small" label={label} value={valueSettings[key]} onChange={(e) => setValueSettings({ ...valueSettings, [key]: e.target.value })} />
                  </Grid>
                ))}
              </>
            ) : (<>
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
            {kind === 'uplift' && (
              <>
                <Grid size={{ xs: 12, sm: 6 }}>
                  <FormControl fullWidth size="small"><InputLabel id="uplift-learner">Learner</InputLabel>
                    <Select labelId="uplift-learner" label="Learner" value={learner} onChange={(e) => setLearner(String(e.target.value))}>
                      <MenuItem value="t">T-learner (one forest per arm)</MenuItem><MenuItem value="x">X-learner</MenuItem><MenuItem value="class-transformation">class transformation</MenuItem>
                    </Select></FormControl>
                </Grid>
                <Grid size={{ xs: 12, sm: 6 }}>
                  <FormControl fullWidth size="small"><InputLabel id="when-unbalanced">Unbalanced arms (class transformation)</InputLabel>
                    <Select labelId="when-unbalanced" label="Unbalanced arms (class transformation)" value={whenUnbalanced} onChange={(e) => setWhenUnbalanced(String(e.target.value))}>
                      <MenuItem value="reweight">reweight both arms to half</MenuItem><MenuItem value="refuse">refuse to train</MenuItem>
                    </Select></FormControl>
                </Grid>
              </>
            )}
            </>)}
          </Grid>
          {error && <Alert severity="error">{error}</Alert>}
          <div><Button variant="contained" onClick={submit}>Start training</Button></div>
        </Stack>
      </CardContent>
    </Card>
  );
}
