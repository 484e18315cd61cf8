import { DataTable, DateInput, List, ReferenceField, SelectInput, TextInput } from 'react-admin';
import { DateText } from '../common/date-text';
import { ListEmpty } from '../common/list-empty';
import { EVENT_TYPES } from '@segmenta/shared';
import { toChoices } from '../common/format';

const eventFilters = [
  <SelectInput key="type" source="type" choices={toChoices(EVENT_TYPES)} alwaysOn />,
  <TextInput key="session" source="sessionId" label="Session" alwaysOn />,
  <DateInput key="from" source="occurredAt_gte" label="From" />,
  <DateInput key="to" source="occurredAt_lte" label="To" />,
];

/** Behavioural events (web/app sessions); read-only. */
export function EventList() {
  return (
    <List exporter={false} empty={<ListEmpty title="No events yet" hint="Behavioural events appear here once event data has been imported." />} filters={eventFilters} sort={{ field: 'occurredAt', order: 'DESC' }} perPage={50}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="occurredAt" label="When">
          <DateText source="occurredAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="type" />
        <DataTable.Col source="customerId" label="Customer" disableSort>
          <ReferenceField source="customerId" reference="customers" link="show" emptyText="anonymous" />
        </DataTable.Col>
        <DataTable.Col source="productId" label="Product" disableSort>
          <ReferenceField source="productId" reference="products" link="show" emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="category" disableSort />
        <DataTable.Col source="sessionId" label="Session" disableSort />
      </DataTable>
    </List>
  );
}
