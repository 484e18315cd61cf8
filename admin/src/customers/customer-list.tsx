import { AutocompleteInput, DataTable, EmailField, List, NumberInput, ReferenceInput, SearchInput, SelectInput, TextInput } from 'react-admin';
import { DateText } from '../common/date-text';
import { ListEmpty } from '../common/list-empty';

const RFM_GROUPS = ['Champions', 'Loyal', 'Potential Loyalist', 'New Customers', 'Promising', 'Need Attention', 'About to Sleep', 'At Risk', "Can't Lose Them", 'Hibernating', 'Lost'];

const customerFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name, e-mail or customer ID" />,
  <TextInput key="country" source="country" label="Country" alwaysOn />,
  <ReferenceInput key="personaId" source="personaId" reference="personas" alwaysOn>
    <AutocompleteInput label="Persona (live run)" optionText="name" sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <SelectInput key="rfmGroup" source="rfmGroup" label="RFM group" choices={RFM_GROUPS.map((g) => ({ id: g, name: g }))} />,
  <NumberInput key="score" source="responseProbability_gte" label="Response probability ≥" min={0} max={1} step={0.05} />,
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
        <DataTable.Col source="signupAt" label="Signed up" field={DateText} />
      </DataTable>
    </List>
  );
}
