import { useState } from 'react';
import { Alert, Box, Card, CardContent, FormControl, InputLabel, MenuItem, Select, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetList } from 'react-admin';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { formatDate } from '../common/format';

const COMPARE = `query Compare($fromRunId: ID!, $toRunId: ID!) {
  compareSegmentationRuns(fromRunId: $fromRunId, toRunId: $toRunId) { customersCompared adjustedRandIndex fromLabels toLabels counts } }`;

interface Comparison { customersCompared: number; adjustedRandIndex: number; fromLabels: number[]; toLabels: number[]; counts: number[][] }

/** Heat colour for a cell: the share of the row's customers (where the "from" segment went). */
const heat = (share: number) => `rgba(63, 81, 181, ${Math.min(1, share).toFixed(2)})`;

/** How customers moved between this run's segments and another run's: transition matrix and ARI. */
export function CompareRuns({ runId }: { runId: string }) {
  const [otherId, setOtherId] = useState('');
  const { data: runs = [] } = useGetList('segmentationRuns', { pagination: { page: 1, perPage: 50 }, sort: { field: 'id', order: 'DESC' } });
  // Earlier runs only: the comparison reads as "from the earlier run to this one".
  const choices = runs.filter((r) => Number(r.id) < Number(runId) && r.status === 'succeeded');
  const { data, error, loading } = useGraphQLQuery<{ compareSegmentationRuns: Comparison }>(COMPARE, { fromRunId: otherId, toRunId: runId }, { enabled: otherId !== '' });
  const result = otherId ? data?.compareSegmentationRuns : undefined;
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
          <Typography variant="h6" noWrap>Compare with another run</Typography>
          <FormControl size="small" sx={{ width: 280, flexShrink: 0 }}>
            <InputLabel id="compare-run">Earlier run</InputLabel>
            <Select labelId="compare-run" label="Earlier run" value={otherId} onChange={(e) => setOtherId(String(e.target.value))}>
              {choices.map((r) => <MenuItem key={r.id} value={String(r.id)}>#{r.id} · {r.algorithm} · k={r.k} · {formatDate(r.createdAt)}{r.isLive ? ' · live' : ''}</MenuItem>)}
            </Select>
          </FormControl>
          {result && <Typography data-testid="ari">ARI <b>{result.adjustedRandIndex.toFixed(3)}</b> over {result.customersCompared.toLocaleString()} customers</Typography>}
        </Stack>
        {choices.length === 0 && <Typography color="text.secondary">No earlier succeeded run to compare with.</Typography>}
        {error && <Alert severity="error">{error.message}</Alert>}
        {loading && otherId && !result && <Typography color="text.secondary">Comparing…</Typography>}
        {result && (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Transition matrix" sx={{ width: 'auto' }}>
              <TableHead>
                <TableRow>
                  <TableCell>run #{otherId} ↓ / this run →</TableCell>
                  {result.toLabels.map((l) => <TableCell key={l} align="center">Segment {l}</TableCell>)}
                  <TableCell align="right">Total</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {result.fromLabels.map((from, i) => {
                  const total = result.counts[i].reduce((a, b) => a + b, 0);
                  return (
                    <TableRow key={from}>
                      <TableCell>Segment {from}</TableCell>
                      {result.counts[i].map((count, j) => {
                        const share = total ? count / total : 0;
                        return <TableCell key={j} align="center" sx={{ bgcolor: heat(share), color: share > 0.5 ? '#fff' : 'inherit' }} title={`${(share * 100).toFixed(1)}% of segment ${from}`}>{count.toLocaleString()}</TableCell>;
                      })}
                      <TableCell align="right">{total.toLocaleString()}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
