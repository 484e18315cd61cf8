import { CreateButton, DataTable, List, TopToolbar } from 'react-admin';
import { DateText } from '../common/date-text';
import { ActorCell } from '../common/person-name';

export function AudienceList() {
  return (
    <List sort={{ field: 'id', order: 'DESC' }} exporter={false} empty={false} actions={<TopToolbar><CreateButton label="New audience" /></TopToolbar>}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" label="#" />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="channel" disableSort />
        <DataTable.NumberCol source="version" disableSort />
        <DataTable.Col source="createdByName" label="By" disableSort><ActorCell source="createdBy" nameSource="createdByName" /></DataTable.Col>
        <DataTable.Col source="updatedAt" label="Updated" field={DateText} disableSort />
      </DataTable>
    </List>
  );
}
