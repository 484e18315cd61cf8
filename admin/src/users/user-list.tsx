import { BooleanField, CreateButton, DataTable, List, TopToolbar } from 'react-admin';
import { DateText } from '../common/date-text';

/** A row opens the user's edit page (role, deactivation). */
export function UserList() {
  return (
    <List exporter={false} sort={{ field: 'id', order: 'ASC' }} perPage={25} actions={<TopToolbar><CreateButton label="New user" /></TopToolbar>}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="email" label="E-mail" />
        <DataTable.Col source="role" />
        <DataTable.Col source="disabled" disableSort field={BooleanField} />
        <DataTable.Col source="createdAt" label="Created" disableSort field={DateText} />
      </DataTable>
    </List>
  );
}
