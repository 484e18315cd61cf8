import { BooleanField, DataTable, List, NullableBooleanInput, SearchInput, TextInput } from 'react-admin';
import { ListEmpty } from '../common/list-empty';

const productFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Stock code or description" />,
  <TextInput key="category" source="category" alwaysOn />,
  <NullableBooleanInput key="merch" source="isMerchandise" label="Merchandise" />,
];

export function ProductList() {
  return (
    <List exporter={false} empty={<ListEmpty title="No products yet" hint="Products are created from the order lines of an import." />} filters={productFilters} sort={{ field: 'stockCode', order: 'ASC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="stockCode" label="Stock code" />
        <DataTable.Col source="description" />
        <DataTable.Col source="category" />
        <DataTable.Col source="isMerchandise" label="Merchandise" disableSort field={BooleanField} />
      </DataTable>
    </List>
  );
}
