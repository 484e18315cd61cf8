import { DataTable, DateInput, List, ReferenceField, SelectInput, TextInput } from 'react-admin';
import { DateText } from '../common/date-text';
import { ListEmpty } from '../common/list-empty';
import { ORDER_STATUSES } from '@segmenta/shared';
import { StatusChip } from '../common/status-chip';
import { MONEY_OPTIONS, toChoices } from '../common/format';

const orderFilters = [
  <TextInput key="invoiceNo" source="invoiceNo" label="Invoice" alwaysOn />,
  <SelectInput key="status" source="status" choices={toChoices(ORDER_STATUSES)} alwaysOn />,
  <DateInput key="from" source="orderedAt_gte" label="From" alwaysOn />,
  <DateInput key="to" source="orderedAt_lte" label="To" alwaysOn />,
];

export function OrderList() {
  return (
    <List exporter={false} empty={<ListEmpty title="No orders yet" hint="Orders appear here once order data has been imported." />} filters={orderFilters} sort={{ field: 'orderedAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="invoiceNo" label="Invoice" />
        <DataTable.Col source="orderedAt" label="Date">
          <DateText source="orderedAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="customerId" label="Customer" disableSort>
          <ReferenceField source="customerId" reference="customers" link="show" emptyText="guest" />
        </DataTable.Col>
        <DataTable.Col source="country" disableSort />
        <DataTable.Col source="status" field={StatusChip} />
        <DataTable.NumberCol source="itemCount" label="Items" disableSort />
        <DataTable.NumberCol source="totalAmount" label="Total" options={MONEY_OPTIONS} />
      </DataTable>
    </List>
  );
}
