import { CreateButton, DataTable, List, NumberField, TopToolbar } from 'react-admin';
import { DateText } from '../common/date-text';
import { StatusChip } from '../common/status-chip';

export function CampaignList() {
  return (
    <List sort={{ field: 'id', order: 'DESC' }} exporter={false} empty={false} actions={<TopToolbar><CreateButton label="New campaign" /></TopToolbar>}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" label="#" />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="channel" disableSort />
        <DataTable.Col source="status" field={StatusChip} disableSort />
        <DataTable.NumberCol source="treatmentCount" label="Treatment (contacted)" disableSort />
        <DataTable.NumberCol source="controlCount" label="Control (held out)" disableSort />
        <DataTable.NumberCol source="memberCount" label="Total members" disableSort />
        <DataTable.Col source="controlShare" label="Control share" disableSort><NumberField source="controlShare" options={{ style: 'percent' }} /></DataTable.Col>
        <DataTable.Col source="sentAt" label="Sent" field={DateText} disableSort />
      </DataTable>
    </List>
  );
}
