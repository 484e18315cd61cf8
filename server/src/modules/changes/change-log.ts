import type { EntityManager } from 'typeorm';
import { dialectOf } from '../../db/dialect.js';
import { dateParam } from '../../db/sql.js';
import { CustomerChangeEntity, type ChangeKind, type ChangeReason } from './customer-change.entity.js';

export interface CustomerChange {
  dataSet?: string;
  customerId: number;
  kind: ChangeKind;
  before: string | null;
  after: string | null;
  reason: ChangeReason;
}

const DEFAULT_DATA_SET = 'default';
const INSERT_CHUNK = 500;

/**
 * Writes changes to the log. Call it with the manager of the transaction that makes the change:
 * the log row exists exactly when the change does, and readers never see one without the other.
 * A change whose before equals its after is no change and is not written.
 */
export async function recordChanges(manager: EntityManager, changes: CustomerChange[], now = new Date()): Promise<number> {
  const rows = changes.filter((c) => c.before !== c.after).map((c) => ({
    dataSet: c.dataSet ?? DEFAULT_DATA_SET, customerId: c.customerId, kind: c.kind,
    before: c.before === null ? null : c.before.slice(0, 191), after: c.after === null ? null : c.after.slice(0, 191), reason: c.reason, changedAt: now,
  }));
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await manager.createQueryBuilder().insert().into(CustomerChangeEntity).values(rows.slice(start, start + INSERT_CHUNK)).updateEntity(false).execute();
  }
  return rows.length;
}

/** `a` and `b` differ, NULL counting as a value (NULL vs 'x' differs, NULL vs NULL does not). */
function differs(manager: EntityManager, a: string, b: string): string {
  return dialectOf(manager.connection) === 'sqlite' ? `${a} IS NOT ${b}` : `NOT (${a} <=> ${b})`;
}

/**
 * The changes an activation makes: every customer whose segment label or persona differs between
 * the run that was live (`fromRunId`, null for a data set's first activation) and the run going
 * live. Set-based: four INSERT … SELECT statements over the two runs' memberships, whatever the
 * number of customers, in the activation's transaction.
 */
export async function recordActivationChanges(
  manager: EntityManager, input: { dataSet: string; fromRunId: number | null; toRunId: number; now?: Date },
): Promise<number> {
  const now = dateParam(manager.connection, input.now ?? new Date());
  const from = input.fromRunId ?? -1;
  if (from === input.toRunId) return 0;
  const label = (alias: string) => `CAST(${alias}.label AS CHAR)`;
  let written = 0;
  const insert = async (select: string, params: unknown[]) => {
    const result = await manager.query(
      `INSERT INTO customer_changes (data_set, customer_id, kind, before_value, after_value, reason, changed_at) ${select}`, params);
    written += Number((result as { affectedRows?: number; changes?: number })?.affectedRows ?? (result as { changes?: number })?.changes ?? 0);
  };
  // Members of the new run whose label or persona differs from the old run's (or who were in no segment).
  await insert(`SELECT ?, n.customer_id, 'segment', ${label('os')}, ${label('ns')}, 'activation', ?
      FROM segment_memberships n JOIN segments ns ON ns.id = n.segment_id
      LEFT JOIN segment_memberships o ON o.run_id = ? AND o.customer_id = n.customer_id
      LEFT JOIN segments os ON os.id = o.segment_id
     WHERE n.run_id = ? AND ${differs(manager, 'os.label', 'ns.label')}`, [input.dataSet, now, from, input.toRunId]);
  await insert(`SELECT ?, n.customer_id, 'persona', op.name, np.name, 'activation', ?
      FROM segment_memberships n LEFT JOIN personas np ON np.segment_id = n.segment_id
      LEFT JOIN segment_memberships o ON o.run_id = ? AND o.customer_id = n.customer_id
      LEFT JOIN personas op ON op.segment_id = o.segment_id
     WHERE n.run_id = ? AND ${differs(manager, 'op.name', 'np.name')}`, [input.dataSet, now, from, input.toRunId]);
  if (input.fromRunId !== null) {
    // Members of the old run missing from the new one (no features in the new snapshot) leave their segment and persona.
    await insert(`SELECT ?, o.customer_id, 'segment', ${label('os')}, NULL, 'activation', ?
        FROM segment_memberships o JOIN segments os ON os.id = o.segment_id
       WHERE o.run_id = ? AND NOT EXISTS (SELECT 1 FROM segment_memberships n WHERE n.run_id = ? AND n.customer_id = o.customer_id)`,
    [input.dataSet, now, from, input.toRunId]);
    await insert(`SELECT ?, o.customer_id, 'persona', op.name, NULL, 'activation', ?
        FROM segment_memberships o JOIN personas op ON op.segment_id = o.segment_id
       WHERE o.run_id = ? AND NOT EXISTS (SELECT 1 FROM segment_memberships n WHERE n.run_id = ? AND n.customer_id = o.customer_id)`,
    [input.dataSet, now, from, input.toRunId]);
  }
  return written;
}

/** Deciles of a probability in [0, 1]: 1 (lowest) to 10. Consumers filter on bands, so only a crossing is a change. */
export function scoreDecile(probability: number | null): number | null {
  if (probability === null || !Number.isFinite(probability)) return null;
  return Math.min(10, Math.max(1, Math.floor(probability * 10) + 1));
}

/**
 * Score changes of a scoring run: a row only for a customer whose score moved to another band
 * (decile), not for every changed float. `score` names the score (e.g. `response`).
 */
export async function recordScoreChanges(
  manager: EntityManager, score: string, rows: { customerId: number; before: number | null; after: number | null; dataSet?: string }[], now = new Date(),
): Promise<number> {
  const band = (p: number | null) => { const d = scoreDecile(p); return d === null ? null : `${score}:${d}`; };
  return recordChanges(manager, rows.map((r) => ({ dataSet: r.dataSet, customerId: r.customerId, kind: 'scores', before: band(r.before), after: band(r.after), reason: 'rescore' })), now);
}

/** The change log's columns, for writers that bulk-load rows in their own batch (imports). */
export const CHANGE_LOG_TABLE = 'customer_changes';
export const CHANGE_LOG_COLUMNS = ['data_set', 'customer_id', 'kind', 'before_value', 'after_value', 'reason', 'changed_at'];

/** A consent change as a change-log row (CHANGE_LOG_COLUMNS order); `now` as the bulk writer's datetime text. */
export function consentChangeRow(customerId: number, channel: string, from: string, to: string, now: string, reason: ChangeReason = 'consent'): (string | number | null)[] {
  return [DEFAULT_DATA_SET, customerId, 'consent', `${channel}:${from}`, `${channel}:${to}`, reason, now];
}
