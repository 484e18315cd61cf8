import { CreateButton, DataTable, DateField, List, TopToolbar } from 'react-admin';

export function AudienceList() {
  return (
    <List sort={{ field: 'id', order: 'DESC' }} exporter={false} empty={false} actions={<TopToolbar><CreateButton label="New audience" /></TopToolbar>}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" label="#" />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="channel" disableSort />
        <DataTable.NumberCol source="version" disableSort />
        <DataTable.Col source="createdBy" label="By" disableSort />
        <DataTable.Col source="updatedAt" label="Updated" field={DateField} disableSort />
      </DataTable>
    </List>
  );
}
