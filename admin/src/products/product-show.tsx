import { BooleanField, Show, SimpleShowLayout, TextField } from 'react-admin';

export function ProductShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="stockCode" label="Stock code" />
        <TextField source="description" emptyText="—" />
        <TextField source="category" emptyText="—" />
        <BooleanField source="isMerchandise" label="Merchandise" />
      </SimpleShowLayout>
    </Show>
  );
}
