import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { csvLine } from '../../http/csv-cell.js';
import { changesAfter } from './change-feed.js';

export const CHANGE_COLUMNS = ['cursor', 'customer_id', 'kind', 'before', 'after', 'reason', 'changed_at', 'tombstone'] as const;

/**
 * The change log after a cursor as CSV (the delta export): page by page, so memory stays flat.
 * The last `cursor` written is where the next export resumes (`--since`).
 */
export async function* streamChangesCsv(dataSource: DataSource, since: number, pageSize = 5000): AsyncGenerator<string> {
  yield csvLine([...CHANGE_COLUMNS]);
  let after = since;
  for (;;) {
    const { changes, endCursor } = await changesAfter(dataSource, { after, first: pageSize });
    if (!changes.length) return;
    yield changes.map((c) => csvLine([c.cursor, c.externalId, c.kind, c.before, c.after, c.reason, c.changedAt.toISOString(), c.tombstone ? 1 : 0])).join('');
    after = endCursor;
    if (changes.length < pageSize) return;
  }
}

/** Parses a `--since` cursor: a non-negative integer (the `cursor` column of a previous export). */
export function parseSinceCursor(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 0;
  const text = String(raw);
  if (!/^\d{1,15}$/.test(text)) throw new AppError('BAD_USER_INPUT', `--since must be a cursor (a whole number from a previous export's cursor column), got "${text}"`);
  return Number(text);
}
