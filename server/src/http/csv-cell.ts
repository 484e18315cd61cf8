/**
 * One CSV cell, safe to open in a spreadsheet: text starting with = + - @ (or a tab / carriage
 * return, which some spreadsheets skip before evaluating) is prefixed with an apostrophe so it is
 * shown as text, never run as a formula (OWASP "CSV injection"). Numbers we generate are written
 * as they are. Quotes per RFC 4180.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: unknown[]): string => cells.map(csvCell).join(',') + '\r\n';
