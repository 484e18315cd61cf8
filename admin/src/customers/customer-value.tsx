import { Card, CardContent, Grid, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { StatTile } from '../common/stat-tile';
import { formatMoney, formatPercent } from '../common/format';

interface CustomerValue {
  predictedClv: number | null;
  clvPercentile: number | null;
  probabilityAlive: number | null;
  churnRisk: number | null;
  expectedPurchases: number | null;
  expectedNextOrderAt: string | null;
  asOf: string;
  modelId: string;
}

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : '—');

/** Predicted CLV, P(alive), churn risk and the expected next order from the active customer-value model. */
export function CustomerValueCard() {
  const value = useRecordContext()?.value as CustomerValue | null | undefined;
  if (value === undefined) return null;
  return (
    <Card variant="outlined" data-testid="customer-value">
      <CardContent>
        <Typography variant="h6" gutterBottom>Predicted value</Typography>
        {value === null ? (
          <Typography variant="body2" color="text.secondary">No customer-value scores yet: fit a customer-value model on the Models screen.</Typography>
        ) : (
          <>
            <Grid container spacing={2}>
              <Grid size={{ xs: 6, md: 'grow' }}><StatTile label="Predicted CLV" value={formatMoney(value.predictedClv)} /></Grid>
              <Grid size={{ xs: 6, md: 'grow' }}><StatTile label="CLV percentile" value={value.clvPercentile === null ? '—' : value.clvPercentile.toFixed(0)} /></Grid>
              <Grid size={{ xs: 6, md: 'grow' }}><StatTile label="P(alive)" value={formatPercent(value.probabilityAlive)} /></Grid>
              <Grid size={{ xs: 6, md: 'grow' }}><StatTile label="Churn risk" value={formatPercent(value.churnRisk)} /></Grid>
              <Grid size={{ xs: 6, md: 'grow' }}><StatTile label="Expected orders" value={value.expectedPurchases === null ? '—' : value.expectedPurchases.toFixed(2)} /></Grid>
              <Grid size={{ xs: 6, md: 'grow' }}><StatTile label="Expected next order" value={day(value.expectedNextOrderAt)} /></Grid>
            </Grid>
            <Typography variant="caption" color="text.secondary">
              As of {day(value.asOf)}, customer-value model #{value.modelId}. The next order date assumes the customer is still active: read it with P(alive).
            </Typography>
          </>
        )}
      </CardContent>
    </Card>
  );
}
