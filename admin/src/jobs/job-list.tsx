import { Chip, Typography } from '@mui/material';
import { DataTable, List, SelectInput, TextInput, useRecordContext } from 'react-admin';
import { DateText } from '../common/date-text';
import { ListEmpty } from '../common/list-empty';
import { JOB_STATUSES } from '@segmenta/shared';
import { StatusChip } from '../common/status-chip';
import { toChoices } from '../common/format';
import { JobEta, JobProgressBar } from './job-progress';
import { JobActions } from './job-actions';
import { jobRefreshInterval } from './job-status';

const jobFilters = [
  <SelectInput key="status" source="status" choices={toChoices(JOB_STATUSES)} alwaysOn />,
  <TextInput key="type" source="type" alwaysOn />,
];

function JobError() {
  const job = useRecordContext();
  if (!job?.error) return null;
  return (
    <Typography variant="body2" color="error" data-testid="job-error" sx={{ maxWidth: 420, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {job.error}
    </Typography>
  );
}

/** A running job whose cancellation was asked for stops at its next checkpoint: say so. */
function JobStatus() {
  const job = useRecordContext();
  if (job?.cancelRequested && job.status === 'running') return <Chip size="small" color="warning" variant="outlined" label="cancelling" />;
  return <StatusChip />;
}

/** Type on top, id and attempt below: keeps the row within 1280 px with the actions visible. */
function JobTypeCell() {
  const job = useRecordContext();
  if (!job) return null;
  return (
    <>
      <Typography variant="body2">{job.type}</Typography>
      <Typography variant="caption" color="text.secondary" noWrap component="div">#{job.id} · attempt {job.attempt}/{job.maxAttempts}</Typography>
    </>
  );
}

/** Background work (imports, clustering, training...). Refreshes itself while a job is active. */
export function JobList() {
  return (
    <List exporter={false} empty={<ListEmpty title="No jobs yet" hint="Imports, segmentation runs and model training appear here while they run." />} filters={jobFilters} sort={{ field: 'id', order: 'DESC' }} perPage={25}
      queryOptions={{ refetchInterval: jobRefreshInterval as never }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="type" label="Job"><JobTypeCell /></DataTable.Col>
        <DataTable.Col source="status" field={JobStatus} />
        <DataTable.Col label="Progress" disableSort><JobProgressBar /></DataTable.Col>
        <DataTable.Col label="ETA" disableSort sx={{ whiteSpace: 'nowrap' }}><JobEta /></DataTable.Col>
        <DataTable.Col source="createdAt" label="Created">
          <DateText source="createdAt" showTime options={{ dateStyle: 'short', timeStyle: 'short' }} sx={{ whiteSpace: 'nowrap' }} />
        </DataTable.Col>
        <DataTable.Col label="Error" disableSort><JobError /></DataTable.Col>
        <DataTable.Col label="" disableSort align="right" sx={{ whiteSpace: 'nowrap' }}><JobActions compact /></DataTable.Col>
      </DataTable>
    </List>
  );
}
