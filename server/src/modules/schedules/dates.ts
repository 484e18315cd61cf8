/** A DATETIME from a raw query (a Date from MySQL/MariaDB, UTC text from SQLite) as a Date; null when empty. */
export function hydrateDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}
