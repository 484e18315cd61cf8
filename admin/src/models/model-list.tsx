import { Chip } from '@mui/material';
import { CreateButton, DataTable, List, SelectInput, TopToolbar, useRecordContext } from 'react-admin';
import { DateText } from '../common/date-text';
import { StatusChip } from '../common/status-chip';
import { isPendingOrRunning, refetchListWhile } from '../common/refetch';
import { toChoices } from '../common/format';
import { StartScoringButton } from './start-scoring';

function ActiveChip() {
  return useRecordContext()?.isActive ? <Chip size="small" color="success" label="active" /> : null;
}

const filters = [<SelectInput key="kind" source="kind" choices={toChoices(['response', 'segment', 'customer-value'])} alwaysOn />];

export function ModelList() {
  return (
    <List sort={{ field: 'id', order: 'DESC' }} exporter={false} empty={false} filters={filters} queryOptions={{ refetchInterval: refetchListWhile(isPendingOrRunning, 2000) }}
      actions={<TopToolbar><StartScoringButton /><CreateButton label="Train a model" /></TopToolbar>}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" label="#" />
        <DataTable.Col source="kind" disableSort />
        <DataTable.NumberCol source="version" disableSort />
        <DataTable.Col source="status" field={StatusChip} disableSort />
        <DataTable.Col source="isActive" label="Active" disableSort><ActiveChip /></DataTable.Col>
        <DataTable.NumberCol source="trainingRows" label="Training rows" disableSort />
        <DataTable.NumberCol source="testRows" label="Test rows" disableSort />
        <DataTable.Col source="createdBy" label="By" disableSort />
        <DataTable.Col source="createdAt" label="Started" field={DateText} />
      </DataTable>
    </List>
  );
}
