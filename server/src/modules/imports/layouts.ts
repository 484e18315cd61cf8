// Which input column feeds which target field: recognised from the header, or given as a mapping.
import { hasOwnKey, nullProtoRecord, ownValue } from '@segmenta/shared';
import { importInvalid } from './import.errors.js';
import type { ImportKind } from './import.types.js';

export const ORDER_FIELDS = ['invoice_no', 'stock_code', 'description', 'quantity', 'ordered_at', 'unit_price', 'customer_id', 'country'] as const;
export const CUSTOMER_FIELDS = [
  'external_id', 'email', 'name', 'country', 'city', 'gender', 'birth_date', 'signup_date',
  'consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push',
] as const;
export const EVENT_FIELDS = ['event_id', 'customer_id', 'session_id', 'type', 'stock_code', 'category', 'occurred_at'] as const;
export const OUTCOME_FIELDS = ['customer_id', 'campaign_key', 'sent_at', 'responded', 'converted', 'revenue', 'treatment'] as const;
export const SUPPRESSION_FIELDS = ['customer_id', 'email', 'channel'] as const;
export const PRODUCT_FIELDS = ['stock_code', 'description', 'category', 'brand', 'price', 'active'] as const;

const FIELDS: Record<ImportKind, readonly string[]> = { orders: ORDER_FIELDS, customers: CUSTOMER_FIELDS, events: EVENT_FIELDS, outcomes: OUTCOME_FIELDS, suppressions: SUPPRESSION_FIELDS, products: PRODUCT_FIELDS };

/** Fields whose column must exist (a value may still be empty, and is then judged per row). */
const REQUIRED: Record<ImportKind, readonly string[]> = {
  orders: ['invoice_no', 'stock_code', 'quantity', 'ordered_at', 'unit_price', 'customer_id'],
  customers: ['external_id'],
  events: ['customer_id', 'type', 'occurred_at'],
  outcomes: ['customer_id', 'campaign_key', 'sent_at', 'responded'],
  // customer_id or email: checked by the importer.
  suppressions: [],
  products: ['stock_code'],
};

interface KnownLayout { name: string; kind: ImportKind; columns: Record<string, string> }

/** Layouts recognised without configuration. Header names compare case- and punctuation-insensitively. */
const KNOWN_LAYOUTS: KnownLayout[] = [
  {
    name: 'online_retail', kind: 'orders',
    columns: { invoice_no: 'InvoiceNo', stock_code: 'StockCode', description: 'Description', quantity: 'Quantity', ordered_at: 'InvoiceDate', unit_price: 'UnitPrice', customer_id: 'CustomerID', country: 'Country' },
  },
  {
    name: 'online_retail_ii', kind: 'orders',
    columns: { invoice_no: 'Invoice', stock_code: 'StockCode', description: 'Description', quantity: 'Quantity', ordered_at: 'InvoiceDate', unit_price: 'Price', customer_id: 'Customer ID', country: 'Country' },
  },
];

/** Other header spellings accepted by the canonical layouts. */
const ALIASES: Record<ImportKind, Record<string, string>> = {
  orders: {},
  customers: { customer_id: 'external_id', signup_at: 'signup_date' },
  events: { product: 'stock_code', event_type: 'type', timestamp: 'occurred_at' },
  suppressions: { external_id: 'customer_id', customer: 'customer_id', e_mail: 'email', email_address: 'email', channels: 'channel' },
  products: { stockcode: 'stock_code', sku: 'stock_code', code: 'stock_code', product: 'stock_code', category_path: 'category', unit_price: 'price', list_price: 'price', is_active: 'active' },
  outcomes: { campaign: 'campaign_key', campaign_id: 'campaign_key', customer: 'customer_id', sent: 'sent_at', response: 'responded', conversion: 'converted', group: 'treatment', arm: 'treatment' },
};

export interface ResolvedLayout {
  /** online_retail, online_retail_ii, canonical or mapping */
  name: string;
  /** Target field → index of its column in a row. */
  index: Record<string, number>;
  /** Target field → the header name it was read from (for row issues). */
  column: Record<string, string>;
  /** Columns no field reads: customers keep them as attributes, other kinds ignore them. */
  extra: Array<{ name: string; index: number }>;
}

const normalize = (name: string): string => name.trim().toLowerCase().replace(/[^a-z0-9]/g, '');

function resolve(name: string, header: string[], fieldToColumn: Record<string, string>): ResolvedLayout | null {
  const positions = new Map<string, number>();
  header.forEach((column, i) => { if (!positions.has(normalize(column))) positions.set(normalize(column), i); });
  // Header names and mapping keys come from the file and the request: null-prototype records.
  const layout: ResolvedLayout = { name, index: nullProtoRecord(), column: nullProtoRecord(), extra: [] };
  for (const [field, column] of Object.entries(fieldToColumn)) {
    const position = positions.get(normalize(column));
    if (position === undefined) return null;
    layout.index[field] = position;
    layout.column[field] = header[position];
  }
  const used = new Set(Object.values(layout.index));
  header.forEach((column, i) => { if (!used.has(i) && column.trim() !== '') layout.extra.push({ name: column.trim(), index: i }); });
  return layout;
}

function canonical(kind: ImportKind, header: string[]): Record<string, string> {
  const fields = new Set(FIELDS[kind]);
  const found = nullProtoRecord<string>();
  for (const column of header) {
    const key = column.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const field = fields.has(key) ? key : ownValue(ALIASES[kind], key);
    if (field && !hasOwnKey(found, field)) found[field] = column;
  }
  return found;
}

const missingRequired = (kind: ImportKind, columns: Record<string, string>): string[] => REQUIRED[kind].filter((field) => !hasOwnKey(columns, field));

/**
 * Picks the layout: a mapping when given (fields it leaves out fall back to canonical header names),
 * else a known layout, else the canonical one. Throws IMPORT_INVALID naming what is missing.
 */
export function detectLayout(kind: ImportKind, header: string[], mapping?: Record<string, string> | null): ResolvedLayout {
  const available = header.map((h) => h.trim()).filter(Boolean);
  if (mapping && Object.keys(mapping).length > 0) {
    const unknownFields = Object.keys(mapping).filter((field) => !FIELDS[kind].includes(field));
    if (unknownFields.length) {
      throw importInvalid(`Unknown ${kind} field(s) in the mapping: ${unknownFields.join(', ')}. Fields: ${FIELDS[kind].join(', ')}`);
    }
    const notText = Object.keys(mapping).filter((field) => typeof mapping[field] !== 'string');
    if (notText.length) throw importInvalid(`The mapping must name a column (text) for: ${notText.join(', ')}`);
    const absent = Object.values(mapping).filter((column) => !available.some((h) => normalize(h) === normalize(column)));
    if (absent.length) throw importInvalid(`Mapped column(s) not in the file: ${absent.join(', ')}. The file has: ${available.join(', ')}`, { absent, available });
    // The mapping overrides what the header alone would give (a known layout, else canonical names).
    const known = KNOWN_LAYOUTS.find((layout) => layout.kind === kind && resolve(layout.name, header, layout.columns));
    const columns = Object.assign(nullProtoRecord<string>(), known ? known.columns : canonical(kind, header), mapping);
    const missing = missingRequired(kind, columns);
    if (missing.length) throw importInvalid(`The mapping leaves required ${kind} field(s) without a column: ${missing.join(', ')}`, { missing });
    return resolve('mapping', header, columns)!;
  }
  for (const known of KNOWN_LAYOUTS) {
    if (known.kind !== kind) continue;
    const layout = resolve(known.name, header, known.columns);
    if (layout) return layout;
  }
  const columns = canonical(kind, header);
  const missing = missingRequired(kind, columns);
  if (missing.length === 0) return resolve('canonical', header, columns)!;
  const expected = kind === 'orders'
    ? 'Online Retail (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country), Online Retail II (Invoice, …, Price, Customer ID, Country) or'
    : 'the canonical columns, or';
  throw importInvalid(
    `Unrecognised ${kind} file layout: columns ${available.join(', ') || '(none)'}. Expected ${expected} a column mapping {field: column} for: ${REQUIRED[kind].join(', ')}`,
    { available, missing },
  );
}
