import { DataSource, type EntityManager } from 'typeorm';
import { dateParam, sqlDate, sqlNumber } from '../../db/sql.js';
import { CHANGE_KINDS, type ChangeKind } from './customer-change.entity.js';

/** A change as readers see it: keyed by the source system's customer id, with no personal data. */
export interface ChangeRecord {
  cursor: number;
  customerId: number;
  /** The source system's id (the tombstone row keeps it after an erasure). */
  externalId: string;
  dataSet: string;
  kind: ChangeKind;
  before: string | null;
  after: string | null;
  reason: string;
  changedAt: Date;
  /** The customer was erased: drop everything held about them. */
  tombstone: boolean;
}

export const MAX_FEED_PAGE = 5000;

/** Changes with id > `after`, oldest first: a resumable feed (the cursor is the last id read). */
export async function changesAfter(
  db: DataSource | EntityManager, opts: { after: number; first: number; kinds?: readonly ChangeKind[]; dataSet?: string },
): Promise<{ changes: ChangeRecord[]; endCursor: number }> {
  const first = Math.max(1, Math.min(MAX_FEED_PAGE, opts.first));
  const kinds = opts.kinds?.length ? opts.kinds.filter((k) => CHANGE_KINDS.includes(k)) : [...CHANGE_KINDS];
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT x.id, x.data_set, x.customer_id, x.kind, x.before_value, x.after_value, x.reason, x.changed_at, c.external_id
       FROM customer_changes x LEFT JOIN customers c ON c.id = x.customer_id
      WHERE x.id > ? AND x.kind IN (${kinds.map(() => '?').join(', ')})${opts.dataSet ? ' AND x.data_set = ?' : ''}
      ORDER BY x.id LIMIT ?`,
    [opts.after, ...kinds, ...(opts.dataSet ? [opts.dataSet] : []), first]);
  const changes = rows.map((r): ChangeRecord => ({
    cursor: sqlNumber(r.id), customerId: sqlNumber(r.customer_id), externalId: r.external_id === null || r.external_id === undefined ? '' : String(r.external_id),
    dataSet: String(r.data_set), kind: r.kind as ChangeKind, before: (r.before_value as string | null) ?? null, after: (r.after_value as string | null) ?? null,
    reason: String(r.reason), changedAt: sqlDate(r.changed_at)!, tombstone: r.kind === 'erasure',
  }));
  return { changes, endCursor: changes.length ? changes[changes.length - 1].cursor : opts.after };
}

/** The newest cursor of the log (0 when empty). */
export async function latestChangeCursor(db: DataSource | EntityManager): Promise<number> {
  const rows: Record<string, unknown>[] = await db.query('SELECT MAX(id) AS id FROM customer_changes');
  return rows[0]?.id === null || rows[0]?.id === undefined ? 0 : sqlNumber(rows[0].id);
}

/**
 * Retention: deletes rows that every reader has passed (id <= `readUpTo`, the slowest enabled
 * reader's cursor) and that are older than `olderThan`. Both must hold: a reader that lags keeps
 * its rows however old, and a fresh row stays for the pull feeds however fast the pushers are.
 */
export async function pruneChanges(db: DataSource | EntityManager, opts: { readUpTo: number; olderThan: Date; batch?: number }): Promise<number> {
  const batch = opts.batch ?? 10_000;
  const olderThan = dateParam(db instanceof DataSource ? db : db.connection, opts.olderThan);
  let deleted = 0;
  for (;;) {
    const ids: Record<string, unknown>[] = await db.query(
      'SELECT id FROM customer_changes WHERE id <= ? AND changed_at < ? ORDER BY id LIMIT ?', [opts.readUpTo, olderThan, batch]);
    if (!ids.length) return deleted;
    const last = sqlNumber(ids[ids.length - 1].id);
    const result = await db.query('DELETE FROM customer_changes WHERE id <= ? AND changed_at < ?', [last, olderThan]);
    deleted += Number((result as { affectedRows?: number })?.affectedRows ?? ids.length);
    if (ids.length < batch) return deleted;
  }
}
