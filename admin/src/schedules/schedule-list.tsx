import { BooleanField, DataTable, DateField, List, SelectInput } from 'react-admin';
import { ScheduleButton } from './schedule-toggle';
import { SCHEDULE_ACTIONS } from './schedule-actions';

const filters = [<SelectInput key="action" source="action" choices={SCHEDULE_ACTIONS} alwaysOn />];

/** Every schedule: what it runs, when (cron in its time zone), whether it is paused, last and next run. */
export function ScheduleList() {
  return (
    <List filters={filters} sort={{ field: 'id', order: 'ASC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="action" />
        <DataTable.Col source="cron" />
        <DataTable.Col source="timeZone" label="Time zone" />
        <DataTable.Col source="enabled" label="Enabled"><BooleanField source="enabled" /></DataTable.Col>
        <DataTable.Col source="nextRunAt" label="Next run"><DateField source="nextRunAt" showTime emptyText="paused" /></DataTable.Col>
        <DataTable.Col source="lastRunAt" label="Last run"><DateField source="lastRunAt" showTime emptyText="never" /></DataTable.Col>
        <DataTable.Col label="" disableSort><ScheduleButton action="toggle" /></DataTable.Col>
      </DataTable>
    </List>
  );
}
