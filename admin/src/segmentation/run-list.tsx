import { Chip } from '@mui/material';
import { CreateButton, DataTable, List, TopToolbar, useRecordContext } from 'react-admin';
import { DateText } from '../common/date-text';
import { isPendingOrRunning, refetchListWhile } from '../common/refetch';
import { StatusChip } from '../common/status-chip';
import { ActorCell } from '../common/person-name';

function LiveChip() {
  const record = useRecordContext();
  return record?.isLive ? <Chip size="small" color="success" label="live" /> : null;
}


export function RunList() {
  return (
    <List sort={{ field: 'id', order: 'DESC' }} exporter={false} empty={false} queryOptions={{ refetchInterval: refetchListWhile(isPendingOrRunning, 2000) }}
      actions={<TopToolbar><CreateButton label="New run" /></TopToolbar>}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" label="#" />
        <DataTable.Col source="algorithm" disableSort />
        <DataTable.Col source="status" field={StatusChip} disableSort />
        <DataTable.Col source="isLive" label="Live" disableSort><LiveChip /></DataTable.Col>
        <DataTable.NumberCol source="k" disableSort />
        <DataTable.NumberCol source="customerCount" label="Customers" disableSort />
        <DataTable.Col source="modelVersion" label="Model" disableSort />
        <DataTable.Col source="createdByName" label="By" disableSort><ActorCell source="createdBy" nameSource="createdByName" /></DataTable.Col>
        <DataTable.Col source="createdAt" label="Started" field={DateText} />
      </DataTable>
    </List>
  );
}
