import { DataTable, DateField, EmailField, List, SearchInput, TextInput } from 'react-admin';
import { ListEmpty } from '../common/list-empty';

const customerFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name, e-mail or customer ID" />,
  <TextInput key="country" source="country" label="Country" alwaysOn />,
];

/** Only id, externalId, country, createdAt and signupAt are sortable on the server. */
export function CustomerList() {
  return (
    <List exporter={false} empty={<ListEmpty title="No customers yet" hint="Customers appear here once customer or order data has been imported." />} filters={customerFilters} sort={{ field: 'id', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="externalId" label="Customer ID" />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="email" label="E-mail" disableSort field={EmailField} />
        <DataTable.Col source="country" />
        <DataTable.Col source="city" disableSort />
        <DataTable.Col source="signupAt" label="Signed up" field={DateField} />
      </DataTable>
    </List>
  );
}
