import { lazy } from 'react';
import { Alert, Card, CardContent, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { ChartCard } from '../common/chart-card';
import type { HoldoutGroup } from './value-model-chart';

const HoldoutChart = lazy(() => import('./value-model-chart').then((m) => ({ default: m.HoldoutChart })));

interface ValueFit {
  model: string; logLikelihood: number; customers: number; converged: boolean; message: string; warnings: string[];
  parameters: { name: string; value: number; standardError: number | null }[];
}
export interface CustomerValueModel {
  asOf: string; timeUnit: string; horizonDays: number; margin: number; annualDiscountRate: number; churnHorizonDays: number; customers: number;
  purchase: ValueFit; spend: ValueFit; holdoutSkipped: string | null;
  holdout: { calibrationEnd: string; holdoutLength: number; customers: number; actualTotal: number; predictedTotal: number; relativeError: number; correlation: number; byFrequency: HoldoutGroup[] } | null;
}

/** The GraphQL selection the Models screen reads for customer-value versions. */
export const CUSTOMER_VALUE_FIELDS = `customerValue { asOf timeUnit horizonDays margin annualDiscountRate churnHorizonDays customers holdoutSkipped
  purchase { model logLikelihood customers converged message warnings parameters { name value standardError } }
  spend { model logLikelihood customers converged message warnings parameters { name value standardError } }
  holdout { calibrationEnd holdoutLength customers actualTotal predictedTotal relativeError correlation byFrequency { frequency orMore customers actualMean predictedMean } } }`;

const num = (v: number, digits = 4) => (Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(digits));

function FitTable({ title, fit }: { title: string; fit: ValueFit }) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}><CardContent>
      <Typography variant="h6" gutterBottom>{title}</Typography>
      <Table size="small" aria-label={`${fit.model} parameters`}>
        <TableHead><TableRow><TableCell>parameter</TableCell><TableCell align="right">estimate</TableCell><TableCell align="right">std. error</TableCell></TableRow></TableHead>
        <TableBody>
          {fit.parameters.map((p) => (
            <TableRow key={p.name}><TableCell>{p.name}</TableCell><TableCell align="right">{num(p.value)}</TableCell><TableCell align="right">{p.standardError === null ? '—' : num(p.standardError, 3)}</TableCell></TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        log-likelihood {fit.logLikelihood.toFixed(2)} on {fit.customers.toLocaleString()} customers · {fit.converged ? 'converged' : `not converged: ${fit.message}`}
      </Typography>
      {fit.warnings.map((w) => <Alert key={w} severity="warning" sx={{ mt: 1 }}>{w}</Alert>)}
    </CardContent></Card>
  );
}

/** A customer-value version: settings, both fits with standard errors, and the holdout check as a chart. */
export function ValueModelDetail({ value }: { value: CustomerValueModel }) {
  const h = value.holdout;
  return (
    <Stack spacing={2} data-testid="customer-value-model">
      <Typography variant="body2" color="text.secondary">
        {value.purchase.model} + gamma-gamma on {value.customers.toLocaleString()} customers as of {new Date(value.asOf).toLocaleDateString()} · time unit {value.timeUnit} ·
        CLV over {value.horizonDays} days, margin {value.margin}, discount rate {value.annualDiscountRate} a year · churn risk {value.churnHorizonDays ? `${value.churnHorizonDays} days ahead` : 'now'}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}><FitTable title={`Purchases (${value.purchase.model})`} fit={value.purchase} /></Grid>
        <Grid size={{ xs: 12, md: 6 }}><FitTable title="Spend per order (gamma-gamma)" fit={value.spend} /></Grid>
      </Grid>
      {h ? (
        <ChartCard title="Holdout check: actual vs predicted repeat purchases"
          subtitle={`fitted on orders to ${new Date(h.calibrationEnd).toLocaleDateString()}, ${h.customers.toLocaleString()} customers · ${h.predictedTotal.toFixed(0)} predicted vs ${h.actualTotal.toFixed(0)} actual (${(h.relativeError * 100).toFixed(1)} %) · per-customer correlation ${h.correlation.toFixed(2)}`}>
          <HoldoutChart groups={h.byFrequency} />
        </ChartCard>
      ) : <Alert severity="info">No holdout check: {value.holdoutSkipped}</Alert>}
    </Stack>
  );
}
