import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { DataTable, EmailField, Pagination, ReferenceManyField, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { DateText } from '../common/date-text';
import { StatusChip } from '../common/status-chip';
import { MONEY_OPTIONS, formatDate } from '../common/format';
import { CustomerSummaryTiles } from './customer-summary';
import { CustomerValueCard } from './customer-value';
import { CustomerConsentCard } from './customer-consent';
import { EraseCustomerButton } from './customer-erase';
import { CustomerFeaturesCard, CustomerSegmentCard, RecommendedProducts, WhyThisSegment } from './customer-segment';

const CHANNELS = ['Email', 'Sms', 'Push'] as const;

/** Consent and opt-out per channel: what campaigns may use. */
function ChannelChips() {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={1}>
      {CHANNELS.map((channel) => {
        const optedOut = record[`optedOut${channel}`];
        const consent = record[`consent${channel}`];
        const state = optedOut ? 'opted out' : consent ? 'consent' : 'no consent';
        return <Chip key={channel} size="small" label={`${channel.toUpperCase()}: ${state}`} color={optedOut ? 'error' : consent ? 'success' : 'default'} variant="outlined" />;
      })}
    </Stack>
  );
}

function CustomerTitle() {
  const record = useRecordContext();
  return <>{record ? `Customer ${record.name ?? record.externalId}` : 'Customer'}</>;
}

function ErasedNotice() {
  const record = useRecordContext();
  if (!record?.erasedAt) return null;
  return <Chip color="warning" label={`Personal data erased on ${formatDate(record.erasedAt)}`} />;
}

export function CustomerShow() {
  return (
    <Show title={<CustomerTitle />} actions={<TopToolbar><EraseCustomerButton /></TopToolbar>}>
      <Stack spacing={2} sx={{ p: 2 }}>
        <ErasedNotice />
        <CustomerSummaryTiles />
        <CustomerValueCard />
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <Box sx={{ flex: 3 }}><CustomerFeaturesCard /></Box>
          <Box sx={{ flex: 2 }}><CustomerSegmentCard /></Box>
        </Stack>
        <WhyThisSegment />
        <RecommendedProducts />
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <Card variant="outlined" sx={{ flex: 1 }}>
            <SimpleShowLayout>
              <TextField source="externalId" label="Customer ID" />
              <TextField source="name" emptyText="—" />
              <EmailField source="email" label="E-mail" emptyText="—" />
              <TextField source="country" emptyText="—" />
              <TextField source="city" emptyText="—" />
              <DateText source="signupAt" label="Signed up" emptyText="—" />
            </SimpleShowLayout>
          </Card>
          <Card variant="outlined" sx={{ flex: 1 }}>
            <SimpleShowLayout>
              <TextField source="gender" emptyText="—" />
              <TextField source="birthDate" label="Birth date" emptyText="—" />
              <ChannelChips />
              <DateText source="createdAt" label="Imported" showTime />
            </SimpleShowLayout>
          </Card>
        </Stack>
        <CustomerConsentCard />
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" gutterBottom>Orders</Typography>
            <ReferenceManyField reference="orders" target="customerId" sort={{ field: 'orderedAt', order: 'DESC' }} perPage={10} pagination={<Pagination />}>
              <DataTable rowClick="show" bulkActionButtons={false}>
                <DataTable.Col source="invoiceNo" label="Invoice" />
                <DataTable.Col source="orderedAt" label="Date" field={DateText} />
                <DataTable.Col source="status" field={StatusChip} />
                <DataTable.Col source="itemCount" label="Items" disableSort />
                <DataTable.NumberCol source="totalAmount" label="Total" options={MONEY_OPTIONS} />
              </DataTable>
            </ReferenceManyField>
          </CardContent>
        </Card>
      </Stack>
    </Show>
  );
}

