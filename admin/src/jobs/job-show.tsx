import { Box, Card, Stack } from '@mui/material';
import { DataTable, DateField, FunctionField, Labeled, ReferenceManyField, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { DateText } from '../common/date-text';
import { StatusChip } from '../common/status-chip';
import { JobActions } from './job-actions';
import { JobEta, JobProgressBar } from './job-progress';
import { jobRefreshInterval } from './job-status';

function Json({ source }: { source: string; label?: string }) {
  const value = useRecordContext()?.[source];
  if (value === null || value === undefined) return <>—</>;
  return (
    <Box component="pre" sx={{ m: 0, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, fontSize: 13, overflow: 'auto', maxHeight: 320 }}>
      {JSON.stringify(value, null, 2)}
    </Box>
  );
}

/** Refresh while active: react-query passes the raw query; a single record has the status at the top. */
const refreshOne = (query: { state: { data?: { status?: string } } }) =>
  jobRefreshInterval({ state: { data: { data: query.state.data ? [query.state.data] : [] } } });

/** A parent's steps (its child jobs), oldest first: shown for chains and fan-outs only. */
function StepsCard() {
  const job = useRecordContext<{ result?: { steps?: unknown } | null; status?: string }>();
  if (!job || !(Array.isArray(job.result?.steps) || job.status === 'waiting')) return null;
  return (
    <Card variant="outlined" data-testid="job-steps">
      <ReferenceManyField reference="jobs" target="parentId" sort={{ field: 'id', order: 'ASC' }} perPage={50}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="step" />
          <DataTable.Col source="type" />
          <DataTable.Col source="status"><StatusChip source="status" /></DataTable.Col>
          <DataTable.Col label="Progress"><JobProgressBar /></DataTable.Col>
          <DataTable.Col source="error" />
        </DataTable>
      </ReferenceManyField>
    </Card>
  );
}

export function JobShow() {
  return (
    <Show actions={<TopToolbar><JobActions /></TopToolbar>} queryOptions={{ refetchInterval: refreshOne as never }}>
      <Stack spacing={2} sx={{ p: 2 }}>
        <Card variant="outlined">
          <SimpleShowLayout direction="row" spacing={4}>
            <TextField source="type" />
            <StatusChip source="status" label="Status" />
            <Labeled label="Progress"><JobProgressBar /></Labeled>
            <Labeled label="ETA"><JobEta /></Labeled>
            <FunctionField label="Attempt" render={(job) => `${job.attempt} / ${job.maxAttempts}`} />
            <TextField source="createdBy" label="Created by" emptyText="—" />
          </SimpleShowLayout>
          <SimpleShowLayout direction="row" spacing={4}>
            <DateText source="createdAt" label="Created" showTime />
            <DateText source="startedAt" label="Started" showTime emptyText="—" />
            <DateText source="finishedAt" label="Finished" showTime emptyText="—" />
            <DateText source="runAfter" label="Run after" showTime emptyText="—" />
          </SimpleShowLayout>
        </Card>
        <StepsCard />
        <Card variant="outlined">
          <SimpleShowLayout>
            <TextField source="error" emptyText="—" sx={{ color: 'error.main', whiteSpace: 'pre-wrap' }} />
            <Json source="payload" label="Payload" />
            <Json source="result" label="Result" />
          </SimpleShowLayout>
        </Card>
      </Stack>
    </Show>
  );
}
