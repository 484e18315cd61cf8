import { Button, Card, CardContent, Chip, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { StatTile } from '../common/stat-tile';

export interface ImportReportData {
  rowsRead?: number;
  rowsImported?: number;
  rowsSkipped?: number;
  rowsRejected?: number;
  layout?: string | null;
  format?: string | null;
  timezone?: string;
  dateFormat?: string | null;
  durationMs?: number | null;
  skipped?: Record<string, number>;
  rejected?: Record<string, number>;
  flagged?: Record<string, number>;
  totals?: Record<string, number | string>;
  ignoredColumns?: string[];
  error?: string | null;
}

const ruleLabel = (rule: string) => rule.replace(/_/g, ' ');

function RuleTable({ title, counts, color }: { title: string; counts: Record<string, number> | undefined; color: 'warning' | 'error' | 'info' }) {
  const rows = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{title}</Typography>
        {rows.length === 0 ? <Typography variant="body2" color="text.secondary">None</Typography> : (
          <Table size="small" aria-label={title}>
            <TableBody>
              {rows.map(([rule, count]) => (
                <TableRow key={rule}>
                  <TableCell sx={{ pl: 0 }}>{ruleLabel(rule)}</TableCell>
                  <TableCell align="right">{count > 0 ? <Chip size="small" color={color} label={count.toLocaleString()} /> : '0'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** The outcome of an import: row counts, counts per cleaning rule, totals, and the row issues CSV. */
export function ImportReport({ report, issuesCsvUrl }: { report: ImportReportData; issuesCsvUrl?: string }) {
  const totals = Object.entries(report.totals ?? {});
  return (
    <Stack spacing={2} data-testid="import-report">
      <Grid container spacing={2}>
        {([['Rows read', report.rowsRead], ['Imported', report.rowsImported], ['Skipped', report.rowsSkipped], ['Rejected', report.rowsRejected]] as const).map(([label, value]) => (
          <Grid key={label} size={{ xs: 6, md: 3 }}><StatTile label={label} value={(value ?? 0).toLocaleString()} /></Grid>
        ))}
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}><RuleTable title="Skipped per rule" counts={report.skipped} color="warning" /></Grid>
        <Grid size={{ xs: 12, md: 4 }}><RuleTable title="Rejected per rule" counts={report.rejected} color="error" /></Grid>
        <Grid size={{ xs: 12, md: 4 }}><RuleTable title="Flagged (kept)" counts={report.flagged} color="info" /></Grid>
      </Grid>
      <Card variant="outlined">
        <CardContent>
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>Totals</Typography>
            {issuesCsvUrl ? <Button startIcon={<DownloadIcon />} href={issuesCsvUrl} download>Row issues (CSV)</Button> : null}
          </Stack>
          <Table size="small">
            <TableHead><TableRow><TableCell>What</TableCell><TableCell align="right">Count</TableCell></TableRow></TableHead>
            <TableBody>
              {totals.map(([key, value]) => (
                <TableRow key={key}><TableCell>{key.replace(/([A-Z])/g, ' $1').toLowerCase()}</TableCell><TableCell align="right">{typeof value === 'number' ? value.toLocaleString() : value}</TableCell></TableRow>
              ))}
            </TableBody>
          </Table>
          <Typography variant="caption" color="text.secondary">
            Layout {report.layout ?? '—'} · {report.format ?? '—'} · times in {report.timezone ?? 'UTC'}{report.dateFormat ? ` · dates as ${report.dateFormat}` : ''}
            {report.durationMs ? ` · ${(report.durationMs / 1000).toFixed(1)} s` : ''}
            {report.ignoredColumns?.length ? ` · ignored columns: ${report.ignoredColumns.join(', ')}` : ''}
          </Typography>
        </CardContent>
      </Card>
    </Stack>
  );
}
