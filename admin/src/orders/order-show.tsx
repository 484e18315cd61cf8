import { Card, CardContent, Stack, Typography } from '@mui/material';
import { ArrayField, BooleanField, DataTable, NumberField, ReferenceField, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { DateText } from '../common/date-text';
import { StatusChip } from '../common/status-chip';
import { MONEY_OPTIONS } from '../common/format';

function OrderTitle() {
  const record = useRecordContext();
  return <>{record ? `Invoice ${record.invoiceNo}` : 'Order'}</>;
}

export function OrderShow() {
  return (
    <Show title={<OrderTitle />}>
      <Stack spacing={2} sx={{ p: 2 }}>
        <Card variant="outlined">
          <SimpleShowLayout direction="row" spacing={4}>
            <TextField source="invoiceNo" label="Invoice" />
            <DateText source="orderedAt" label="Date" showTime />
            <ReferenceField source="customerId" reference="customers" link="show" label="Customer" emptyText="guest" />
            <TextField source="country" emptyText="—" />
            <StatusChip source="status" label="Status" />
            <NumberField source="itemCount" label="Items" />
            <NumberField source="totalAmount" label="Total" options={MONEY_OPTIONS} />
          </SimpleShowLayout>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" gutterBottom>Lines</Typography>
            <ArrayField source="lines">
              <DataTable bulkActionButtons={false} rowClick={false}>
                <DataTable.Col source="product.stockCode" label="Stock code" />
                <DataTable.Col source="product.description" label="Product" />
                <DataTable.NumberCol source="quantity" />
                <DataTable.NumberCol source="unitPrice" label="Unit price" options={MONEY_OPTIONS} />
                <DataTable.NumberCol source="amount" options={MONEY_OPTIONS} />
                <DataTable.Col source="isOutlier" label="Outlier" field={BooleanField} />
              </DataTable>
            </ArrayField>
          </CardContent>
        </Card>
      </Stack>
    </Show>
  );
}
