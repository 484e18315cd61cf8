import { AutocompleteInput, DataTable, EmailField, List, NumberInput, ReferenceInput, SearchInput, SelectInput, downloadCSV, useCanAccess, useRecordContext, type Exporter } from 'react-admin';
import { segmentDisplayName } from '@segmenta/shared';
import { DateText } from '../common/date-text';
import { ListEmpty } from '../common/list-empty';
import { formatDate, formatMoney, formatPercent } from '../common/format';
import { useGraphQLQuery } from '../dataProvider/use-graphql';

const RFM_GROUPS = ['Champions', 'Loyal', 'Potential Loyalist', 'New Customers', 'Promising', 'Need Attention', 'About to Sleep', 'At Risk', "Can't Lose Them", 'Hibernating', 'Lost'];

interface CustomerRow {
  id: string; externalId: string; name: string | null; email: string | null; country: string | null;
  segment: { id: string; label: number } | null; persona: { id: string; name: string } | null; features: { rfmGroup: string } | null;
  summary: { revenue: number; lastOrderAt: string | null } | null; scores: { responseProbability: number | null } | null;
}

/** Countries as spelled in the data (typing "UK" would silently match nobody). */
function CountryFilter({ source, label }: { source: string; label: string; alwaysOn?: boolean }) {
  const { data } = useGraphQLQuery<{ customerCountries: { country: string; customers: number }[] }>('query Countries { customerCountries { country customers } }');
  const choices = (data?.customerCountries ?? []).map((c) => ({ id: c.country, name: `${c.country} (${c.customers.toLocaleString()})` }));
  return <AutocompleteInput source={source} label={label} choices={choices} sx={{ minWidth: 220 }} />;
}

const customerFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name, e-mail or customer ID" />,
  <CountryFilter key="country" source="country" label="Country" alwaysOn />,
  <ReferenceInput key="personaId" source="personaId" reference="personas" alwaysOn>
    <AutocompleteInput label="Persona (live run)" optionText="name" sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <SelectInput key="rfmGroup" source="rfmGroup" label="RFM group" choices={RFM_GROUPS.map((g) => ({ id: g, name: g }))} />,
  <NumberInput key="score" source="responseProbability_gte" label="Response probability ≥" min={0} max={1} step={0.05} />,
];

const SegmentCell = () => {
  const c = useRecordContext<CustomerRow>();
  return <>{c?.segment ? segmentDisplayName(c.segment.label, c.persona?.name) : '—'}</>;
};
const RevenueCell = () => { const c = useRecordContext<CustomerRow>(); return <>{formatMoney(c?.summary?.revenue)}</>; };
const LastOrderCell = () => { const c = useRecordContext<CustomerRow>(); return <span style={{ whiteSpace: 'nowrap' }}>{formatDate(c?.summary?.lastOrderAt)}</span>; };
const ScoreCell = () => { const c = useRecordContext<CustomerRow>(); return <>{formatPercent(c?.scores?.responseProbability)}</>; };

const csvCell = (value: unknown) => { const text = value === null || value === undefined ? '' : String(value); return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text; };

/** The rows as the list shows them; the external id is the customer id, the internal one is named so. */
export const customersExporter: Exporter = (records: CustomerRow[]) => {
  const header = ['customer_id', 'internal_id', 'name', 'email', 'country', 'segment_label', 'persona', 'rfm_group', 'revenue', 'last_order_at', 'response_probability'];
  const rows = records.map((c) => [c.externalId, c.id, c.name, c.email, c.country, c.segment?.label, c.persona?.name, c.features?.rfmGroup, c.summary?.revenue, c.summary?.lastOrderAt, c.scores?.responseProbability]);
  downloadCSV([header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n'), 'customers');
};

/** Only id, externalId, country, createdAt and signupAt are sortable on the server. */
export function CustomerList() {
  const { canAccess: canExport } = useCanAccess({ resource: 'customers', action: 'export' });
  return (
    <List exporter={canExport ? customersExporter : false} empty={<ListEmpty title="No customers yet" hint="Customers appear here once customer or order data has been imported." />} filters={customerFilters} sort={{ field: 'id', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="externalId" label="Customer ID" />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="email" label="E-mail" disableSort field={EmailField} />
        <DataTable.Col source="country" />
        <DataTable.Col source="segment" label="Segment (live run)" disableSort><SegmentCell /></DataTable.Col>
        <DataTable.Col source="features.rfmGroup" label="RFM group" disableSort />
        <DataTable.Col source="summary.revenue" label="Revenue" disableSort><RevenueCell /></DataTable.Col>
        <DataTable.Col source="summary.lastOrderAt" label="Last order" disableSort><LastOrderCell /></DataTable.Col>
        <DataTable.Col source="scores.responseProbability" label="Response score" disableSort><ScoreCell /></DataTable.Col>
        <DataTable.Col source="signupAt" label="Signed up" field={DateText} />
      </DataTable>
    </List>
  );
}
