/**
 * Raw query results differ by driver: mysql2 returns DATETIME as Date (UTC, timezone 'Z') and
 * DECIMAL/COUNT as strings; better-sqlite3 returns DATETIME as 'YYYY-MM-DD HH:MM:SS[.sss]' text in UTC.
 */
export function sqlDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : text.replace(' ', 'T') + 'Z');
}

export function sqlNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/**
 * A Date as a raw-query parameter: mysql2 takes Date objects (written in UTC with timezone 'Z');
 * better-sqlite3 takes text, in the 'YYYY-MM-DD HH:MM:SS.SSS' UTC form TypeORM stores.
 */
export function dateParam(dataSource: { options: { type: string } }, date: Date): Date | string {
  return dataSource.options.type === 'better-sqlite3' ? date.toISOString().replace('T', ' ').replace('Z', '') : date;
}

/** UTC instant → the DATETIME text both dialects store (SQLite in TypeORM's own format, with milliseconds). */
export function formatUtcDatetime(utcMs: number, withMillis: boolean): string {
  const iso = new Date(utcMs).toISOString();
  return withMillis ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
