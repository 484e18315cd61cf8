import { Card, CardContent, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { BooleanField, DateField, EditButton, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { ScheduleButton } from './schedule-toggle';

interface ScheduleRun { id: string; tickAt: string; firedAt: string; outcome: string; jobId: string | null; message: string | null; firedBy: string | null }

const HISTORY = 'query History($id: ID!) { scheduleRuns(scheduleId: $id, take: 50) { id tickAt firedAt outcome jobId message firedBy } }';
const HISTORY_REFRESH_MS = 2000;
const OUTCOME_COLOR: Record<string, 'success' | 'warning' | 'error'> = { started: 'success', skipped: 'warning', failed: 'error' };

/** The schedule's ticks, newest first: started (with its job), skipped (an overlapping run refused) or failed; polled, so ticks and run-now show up. */
function History() {
  const record = useRecordContext<{ id: string }>();
  const { data, error } = useGraphQLQuery<{ scheduleRuns: ScheduleRun[] }>(HISTORY, { id: String(record?.id ?? '') }, { enabled: Boolean(record), refetchInterval: () => HISTORY_REFRESH_MS });
  if (error) return <Typography color="error">{error.message}</Typography>;
  const runs = data?.scheduleRuns ?? [];
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6">History</Typography>
        {runs.length === 0 ? <Typography color="text.secondary">Not run yet.</Typography> : (
          <Table size="small" aria-label="schedule history">
            <TableHead><TableRow><TableCell>Tick</TableCell><TableCell>Outcome</TableCell><TableCell>Job</TableCell><TableCell>Note</TableCell><TableCell>By</TableCell></TableRow></TableHead>
            <TableBody>
              {runs.map((run) => (
                <TableRow key={run.id}>
                  <TableCell>{new Date(run.tickAt).toLocaleString()}</TableCell>
                  <TableCell><Chip size="small" label={run.outcome} color={OUTCOME_COLOR[run.outcome]} /></TableCell>
                  <TableCell>{run.jobId ? <a href={`#/jobs/${run.jobId}/show`}>{run.jobId}</a> : ''}</TableCell>
                  <TableCell>{run.message ?? ''}</TableCell>
                  <TableCell>{run.firedBy ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function Actions() {
  return <TopToolbar><ScheduleButton action="run-now" /><ScheduleButton action="toggle" /><EditButton /></TopToolbar>;
}

export function ScheduleShow() {
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <TextField source="name" />
        <TextField source="action" />
        <TextField source="cron" />
        <TextField source="timeZone" label="Time zone" />
        <BooleanField source="enabled" />
        <DateField source="nextRunAt" label="Next run" showTime emptyText="paused" />
        <DateField source="lastRunAt" label="Last run" showTime emptyText="never" />
      </SimpleShowLayout>
      <History />
    </Show>
  );
}
