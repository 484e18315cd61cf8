/**
 * Target fields of a column mapping per import kind, as docs/cleaning.md lists them (the server's
 * layouts.ts is the authority and names the required ones in its "unrecognised layout" error).
 */
export const IMPORT_FIELDS: Record<string, readonly string[]> = {
  orders: ['invoice_no', 'stock_code', 'description', 'quantity', 'ordered_at', 'unit_price', 'customer_id', 'country'],
  customers: ['external_id', 'email', 'name', 'country', 'city', 'gender', 'birth_date', 'signup_date', 'consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push'],
  events: ['event_id', 'customer_id', 'session_id', 'type', 'stock_code', 'category', 'occurred_at'],
  suppressions: ['customer_id', 'email', 'channel'],
  products: ['stock_code', 'description', 'category', 'brand', 'price', 'active'],
};

export const IMPORT_KINDS = ['orders', 'customers', 'events', 'suppressions', 'products'] as const;

export interface UnknownLayout {
  /** The file's header, in order. */
  columns: string[];
  /** Fields the server needs a column for. */
  required: string[];
}

/**
 * Reads the server's "Unrecognised <kind> file layout: columns A, B, C. Expected … or a column
 * mapping {field: column} for: x, y" message; null for any other error.
 */
export function parseUnknownLayout(message: string | null | undefined): UnknownLayout | null {
  const columns = /Unrecognised \w+ file layout: columns (.*?)\. Expected/.exec(message ?? '');
  if (!columns) return null;
  const required = /mapping \{field: column\} for: (.*)$/.exec(message ?? '');
  const split = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
  return { columns: split(columns[1]), required: required ? split(required[1]) : [] };
}

/** Best guess of a source column for a target field: same name once case and separators are ignored. */
export function guessColumn(field: string, columns: string[]): string {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return columns.find((c) => norm(c) === norm(field)) ?? '';
}
