import { Card, CardContent, List as MuiList, ListItem, ListItemText, Typography } from '@mui/material';
import { LinkBase, RecordContextProvider, useCreatePath, useGetList } from 'react-admin';
import { JobEta, JobProgressBar } from '../jobs/job-progress';
import { JOB_REFRESH_MS } from '../jobs/job-status';

/** The jobs running now, with live progress; polls only while there is something to watch. */
export function RunningJobs() {
  const { data = [], isPending } = useGetList(
    'jobs',
    { pagination: { page: 1, perPage: 5 }, sort: { field: 'id', order: 'DESC' }, filter: { status: 'running' } },
    { refetchInterval: (query) => ((query.state.data?.data?.length ?? 0) > 0 ? JOB_REFRESH_MS : false) },
  );
  const createPath = useCreatePath();
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>Running jobs</Typography>
        {!isPending && data.length === 0 ? (
          <Typography variant="body2" color="text.secondary">Nothing is running right now.</Typography>
        ) : (
          <MuiList dense disablePadding>
            {data.map((job) => (
              <RecordContextProvider key={job.id} value={job}>
                <ListItem disableGutters component={LinkBase} to={createPath({ resource: 'jobs', type: 'show', id: job.id })} sx={{ color: 'inherit' }}>
                  <ListItemText primary={`${job.type} #${job.id}`} secondary={<JobProgressBar width="100%" />} slotProps={{ secondary: { component: 'div' } }} sx={{ mr: 2 }} />
                  <Typography variant="body2" color="text.secondary"><JobEta /></Typography>
                </ListItem>
              </RecordContextProvider>
            ))}
          </MuiList>
        )}
      </CardContent>
    </Card>
  );
}
