import { DataTable, List } from 'react-admin';
import { DateText } from '../common/date-text';
import { StatusChip } from '../common/status-chip';
import { ActorCell } from '../common/person-name';

/** Who did what, newest first. The server sorts on id and createdAt only and takes no filter yet. */
export function AuditList() {
  return (
    <List exporter={false} sort={{ field: 'createdAt', order: 'DESC' }} perPage={50} title="Audit log">
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="createdAt" label="When">
          <DateText source="createdAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="actorName" label="Who" disableSort><ActorCell source="actor" nameSource="actorName" /></DataTable.Col>
        <DataTable.Col source="action" disableSort />
        <DataTable.Col source="outcome" disableSort field={StatusChip} />
        <DataTable.Col source="ip" label="IP" disableSort />
        <DataTable.Col source="requestId" label="Request" disableSort />
      </DataTable>
    </List>
  );
}
