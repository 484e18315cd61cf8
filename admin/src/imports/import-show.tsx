import { Alert, Card, CardContent, Stack, Typography } from '@mui/material';
import { Show, useRecordContext } from 'react-admin';
import { JobProgressLine, type JobProgressRecord } from '../common/job-progress-line';
import { isPendingOrRunning, refetchRecordWhile } from '../common/refetch';
import { StatusChip } from '../common/status-chip';
import { ImportReport, type ImportReportData } from './import-report';

interface ImportRecord { id: string; status: string; kind: string; fileName: string; error: string | null; report: ImportReportData; issuesCsvUrl: string; job: JobProgressRecord | null }

function ImportDetail() {
  const run = useRecordContext<ImportRecord>();
  if (!run) return null;
  const active = run.status === 'pending' || run.status === 'running';
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h6">{run.fileName}</Typography>
        <StatusChip source="status" />
        <Typography color="text.secondary">{run.kind}</Typography>
      </Stack>
      {active && <Card variant="outlined"><CardContent><JobProgressLine job={run.job} /></CardContent></Card>}
      {run.error && <Alert severity="error">{run.error}</Alert>}
      {!active && run.report && <ImportReport report={run.report} issuesCsvUrl={run.issuesCsvUrl} />}
    </Stack>
  );
}


export function ImportShow() {
  return (
    <Show queryOptions={{ refetchInterval: refetchRecordWhile(isPendingOrRunning, 1000) }}>
      <ImportDetail />
    </Show>
  );
}
