import { Card, CardContent, Typography } from '@mui/material';
import { DataTable, ListContextProvider, ResourceContextProvider, useGetList, useList } from 'react-admin';
import { DateText } from '../common/date-text';
import { StatusChip } from '../common/status-chip';
import { MONEY_OPTIONS } from '../common/format';

/** The five most recent orders, straight from `allOrders`; rows open the order. */
export function LatestOrders() {
  const { data = [], isPending } = useGetList('orders', { pagination: { page: 1, perPage: 5 }, sort: { field: 'orderedAt', order: 'DESC' } });
  const listContext = useList({ data, isPending, resource: 'orders' });
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>Latest orders</Typography>
        {!isPending && data.length === 0 ? (
          <Typography variant="body2" color="text.secondary">No orders yet.</Typography>
        ) : (
          <ResourceContextProvider value="orders">
            <ListContextProvider value={listContext}>
              <DataTable rowClick="show" bulkActionButtons={false} size="small">
                <DataTable.Col source="invoiceNo" label="Invoice" disableSort />
                <DataTable.Col source="orderedAt" label="Date" field={DateText} disableSort />
                <DataTable.Col source="status" field={StatusChip} disableSort />
                <DataTable.NumberCol source="totalAmount" label="Total" options={MONEY_OPTIONS} disableSort />
              </DataTable>
            </ListContextProvider>
          </ResourceContextProvider>
        )}
      </CardContent>
    </Card>
  );
}
