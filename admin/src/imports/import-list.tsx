import { CreateButton, DataTable, List, NumberField, TopToolbar } from 'react-admin';
import { DateText } from '../common/date-text';
import { StatusChip } from '../common/status-chip';
import { isPendingOrRunning, refetchListWhile } from '../common/refetch';

export function ImportList() {
  return (
    <List sort={{ field: 'id', order: 'DESC' }} exporter={false} empty={false} actions={<TopToolbar><CreateButton label="New import" /></TopToolbar>}
      queryOptions={{ refetchInterval: refetchListWhile(isPendingOrRunning, 2000) }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" label="#" />
        <DataTable.Col source="fileName" label="File" disableSort />
        <DataTable.Col source="kind" disableSort />
        <DataTable.Col source="status" field={StatusChip} disableSort />
        <DataTable.NumberCol source="rowsRead" label="Read" disableSort />
        <DataTable.NumberCol source="rowsImported" label="Imported" disableSort />
        <DataTable.NumberCol source="rowsSkipped" label="Skipped" disableSort />
        <DataTable.NumberCol source="rowsRejected" label="Rejected" disableSort />
        <DataTable.Col source="createdAt" label="Started" field={DateText} />
        <DataTable.Col source="fileBytes" label="Bytes" disableSort><NumberField source="fileBytes" /></DataTable.Col>
      </DataTable>
    </List>
  );
}
