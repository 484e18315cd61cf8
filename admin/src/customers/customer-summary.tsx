import { Grid } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { StatTile } from '../common/stat-tile';
import { formatMoney, formatDate } from '../common/format';

interface CustomerSummary {
  orderCount: number;
  returnCount: number;
  revenue: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
}

const day = (iso: string | null) => formatDate(iso);

/** The server-computed purchase summary: counts, net revenue and first/last order dates. */
export function CustomerSummaryTiles() {
  const summary = useRecordContext()?.summary as CustomerSummary | undefined;
  if (!summary) return null;
  const tiles = [
    { label: 'Orders', value: summary.orderCount },
    { label: 'Returns', value: summary.returnCount },
    { label: 'Revenue', value: formatMoney(summary.revenue) },
    { label: 'First order', value: day(summary.firstOrderAt) },
    { label: 'Last order', value: day(summary.lastOrderAt) },
  ];
  return (
    <Grid container spacing={2}>
      {tiles.map((tile) => (
        <Grid key={tile.label} size={{ xs: 6, md: 'grow' }}>
          <StatTile label={tile.label} value={tile.value} />
        </Grid>
      ))}
    </Grid>
  );
}
