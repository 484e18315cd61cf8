import { DataSource, type EntityManager } from 'typeorm';
import { dialectOf } from '../../db/dialect.js';
import { unpaced, type Pace } from '../../db/pacing.js';
import { sqlNumber } from '../../db/sql.js';
import { TargetingStateEntity } from './targeting-state.entity.js';
import { currentSources, readTargetingState, type TargetingSources } from './targeting-state.js';

/**
 * Set-wise writes of customer_targeting from its sources (customers, the live run's memberships,
 * the newest snapshot's features, customer_scores). The contact columns are also kept current by
 * triggers on customers (see the migration); everything here recomputes whole rows, so a rebuild
 * also repairs anything a trigger could not see (a restored backup, a table edited by hand).
 */

/** Customer-value scores audiences filter on, copied from customer_scores under the same names. */
/** Score columns copied as they are from customer_scores (customer value, uplift). */
const VALUE_SCORE_COLUMNS = ['churn_risk', 'predicted_clv', 'clv_percentile', 'uplift'];
const CHANNEL_COLUMNS = ['consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push'];
const ROW_COLUMNS = ['customer_id', 'segment_id', 'rfm_group_code', 'recency_days', 'frequency', 'monetary', 'last_order_at', 'top_category_code',
  'age_band_code', 'country_code', 'response_probability', 'predicted_segment_id', 'erased', ...CHANNEL_COLUMNS, ...VALUE_SCORE_COLUMNS].join(', ');

/** Customers per rebuild transaction: short enough that no batch holds its locks for long. */
export const REBUILD_BATCH = 50_000;

/**
 * Strings targeting filters on, in the order of their code columns: where their values come from
 * (`?` = the snapshot id), and the alias a rebuild joins targeting_values under when it joins.
 */
const CODED_VALUES = [
  { kind: 'rfm_group', column: 'f.rfm_group', from: 'customer_features f WHERE f.snapshot_id = ?', customer: 'f.customer_id', alias: 'vr' },
  { kind: 'top_category', column: 'f.top_category', from: 'customer_features f WHERE f.snapshot_id = ?', customer: 'f.customer_id', alias: 'vt' },
  { kind: 'age_band', column: 'f.age_band', from: 'customer_features f WHERE f.snapshot_id = ?', customer: 'f.customer_id', alias: 'va' },
  { kind: 'country', column: 'c.country', from: 'customers c WHERE 1 = 1', customer: 'c.id', alias: 'vc' },
] as const;
export type CodedKind = (typeof CODED_VALUES)[number]['kind'];

type Db = DataSource | EntityManager;
const dialect = (db: Db) => dialectOf(db instanceof DataSource ? db : db.connection);
const insertIgnore = (db: Db) => (dialect(db) === 'sqlite' ? 'INSERT OR IGNORE' : 'INSERT IGNORE');
const idList = (ids: number[]) => ids.map(() => '?').join(', ');

/**
 * Adds the values the rows are about to reference to targeting_values. Comparing against the
 * dictionary uses the column collation, like comparing the source columns: under MariaDB's
 * case-insensitive collations 'France' and 'FRANCE' share one code, exactly as they match the
 * same filter on the source tables. The values are read with a plain SELECT (not INSERT …
 * SELECT, whose reads lock every customer row on MariaDB and deadlock with the triggers); a
 * value a concurrent write adds meanwhile is added by that write's trigger.
 */
async function addMissingValues(db: Db, snapshotId: number | null, customerIds?: number[]): Promise<void> {
  for (const source of CODED_VALUES) {
    const params: unknown[] = source.from.includes('?') ? [snapshotId ?? -1] : [];
    const only = customerIds ? ` AND ${source.customer} IN (${idList(customerIds)})` : '';
    if (customerIds) params.push(...customerIds);
    const rows: { value: string }[] = await db.query(`SELECT DISTINCT ${source.column} AS value FROM ${source.from}${only} AND ${source.column} IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM targeting_values v WHERE v.kind = '${source.kind}' AND v.value = ${source.column})`, params);
    for (let i = 0; i < rows.length; i += 500) {
      const slice = rows.slice(i, i + 500);
      await db.query(`${insertIgnore(db)} INTO targeting_values (kind, value) VALUES ${slice.map(() => '(?, ?)').join(', ')}`, slice.flatMap((r) => [source.kind, r.value]));
    }
  }
}

/**
 * Up to this many values of a kind are coded by a CASE over the dictionary read beforehand;
 * more are joined to targeting_values. A join is an index lookup per row and kind under the
 * column's collation: the four of them were about 40 % of a rebuild batch's reads on MariaDB
 * (0.55 s against 0.32–0.43 s per 50,000 customers). A CASE
 * compares under the same collation (the column's wins over a parameter's), so a value matches
 * the same code either way, but it scans its values in turn: with the match last, 12 values
 * added 0.01–0.02 s per 50,000 rows, 64 added 0.04 s, about one join (0.05–0.07 s), 128 added 0.09 s.
 */
export const CASE_CODED_VALUES = 32;

type Dictionary = Map<CodedKind, { value: string; id: number }[]>;

/** The dictionary of coded values, by kind. */
async function readDictionary(db: Db): Promise<Dictionary> {
  const rows: { kind: CodedKind; value: string; id: unknown }[] = await db.query('SELECT kind, value, id FROM targeting_values');
  const dictionary: Dictionary = new Map(CODED_VALUES.map((c) => [c.kind, []]));
  for (const row of rows) dictionary.get(row.kind)?.push({ value: row.value, id: sqlNumber(row.id) });
  return dictionary;
}

/**
 * INSERT … SELECT of whole targeting rows for the customers `where` selects (alias c). With a
 * dictionary (read in the same transaction, after the rows were deleted: a value a concurrent
 * writer adds later is written into the row by that writer's trigger, which waits for this
 * batch), small kinds are coded by CASE; without one, or for large kinds, by joins.
 */
async function insertRows(db: Db, sources: TargetingSources, where: string, params: unknown[], dictionary?: Dictionary, caseLimit = CASE_CODED_VALUES): Promise<void> {
  const codes: string[] = [], codeParams: unknown[] = [], joins: string[] = [];
  for (const { kind, column: source, alias } of CODED_VALUES) {
    const values = dictionary?.get(kind);
    if (values && values.length <= caseLimit) {
      codes.push(values.length ? `CASE ${source} ${values.map(() => 'WHEN ? THEN ?').join(' ')} END` : 'NULL');
      for (const v of values) codeParams.push(v.value, v.id);
    } else {
      codes.push(`${alias}.id`);
      joins.push(`LEFT JOIN targeting_values ${alias} ON ${alias}.kind = '${kind}' AND ${alias}.value = ${source}`);
    }
  }
  const [rfm, top, age, country] = codes;
  await db.query(`INSERT INTO customer_targeting (${ROW_COLUMNS})
    SELECT c.id, m.segment_id, ${rfm}, f.recency_days, f.frequency, f.monetary, f.last_order_at, ${top}, ${age}, ${country},
      s.response_probability, s.predicted_segment_id, CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END, ${CHANNEL_COLUMNS.map((col) => `c.${col}`).join(', ')},
      ${VALUE_SCORE_COLUMNS.map((col) => `s.${col}`).join(', ')}
    FROM customers c
    LEFT JOIN segment_memberships m ON m.run_id = ? AND m.customer_id = c.id
    LEFT JOIN customer_features f ON f.snapshot_id = ? AND f.customer_id = c.id
    LEFT JOIN customer_scores s ON s.customer_id = c.id
    ${joins.join('\n    ')}
    WHERE ${where}`, [...codeParams, sources.liveRunId ?? -1, sources.snapshotId ?? -1, ...params]);
}

/** The next batch of ids after `after` in `table`: how many, and the last one. */
async function nextBatch(db: Db, table: 'customers' | 'customer_targeting', after: number, size: number): Promise<{ count: number; last: number }> {
  const key = table === 'customers' ? 'id' : 'customer_id';
  const [row] = await db.query(`SELECT COUNT(*) AS n, MAX(b.k) AS last FROM (SELECT ${key} AS k FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT ${size}) b`, [after]);
  return { count: sqlNumber(row.n), last: sqlNumber(row.last) };
}

const inBatchTransaction = <T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> =>
  (dialect(dataSource) === 'sqlite' ? dataSource.transaction(work) : dataSource.transaction('READ COMMITTED', work));

export interface RebuildReport {
  generation: number; snapshotId: number | null; liveRunId: number | null; customers: number; passes: number; ms: number;
  /** True when a newer rebuild started meanwhile and this one stopped (the newer one finishes the job). */
  superseded: boolean;
}

export interface RebuildOptions {
  batchSize?: number; compact?: boolean; onProgress?: (done: number) => void; onCompact?: () => void; pace?: Pace;
  /** Kinds with at most this many values are coded by CASE, larger ones joined (default CASE_CODED_VALUES; 0 joins every kind). */
  caseCodedValues?: number;
}

/**
 * Rebuilds every targeting row from the current sources, in batches of customer ids, each batch
 * its own transaction behind the generation fence. While it runs the state says 'rebuilding', so
 * audiences join the source tables instead. When the sources changed during the rebuild (a
 * snapshot or an activation committed meanwhile) it goes round again, at most three times.
 *
 * Lock order, MySQL/MariaDB: a batch locks the state row, then deletes its range of targeting
 * rows (locking them), then reads the sources under READ COMMITTED, which takes no read locks. A
 * trigger (customers, then its targeting row) therefore waits for the batch or the batch for it,
 * never both; and a trigger blocked on a deleted row rewrites that row after the batch commits,
 * so the newest consent always wins.
 */
export async function rebuildTargeting(dataSource: DataSource, opts: RebuildOptions = {}): Promise<RebuildReport> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? REBUILD_BATCH;
  // Each batch is paced as a whole, outside its transaction: a rest holds no locks.
  const pace = opts.pace ?? unpaced;
  for (let pass = 1; ; pass++) {
    const sources = await currentSources(dataSource);
    const generation = await dataSource.transaction(async (manager) => {
      await manager.createQueryBuilder().update(TargetingStateEntity)
        .set({ generation: () => 'generation + 1', status: 'rebuilding', snapshotId: sources.snapshotId, liveRunId: sources.liveRunId, rowsDone: 0, startedAt: new Date() })
        .where('id = 1').execute();
      return (await readTargetingState(manager)).generation;
    });
    // A batch writes only while its rebuild still owns the state row; the UPDATE also holds the
    // row's lock until the batch commits, so a newer rebuild cannot start in the middle of one.
    const fenced = async (manager: EntityManager, set: Partial<TargetingStateEntity>) => (await manager.createQueryBuilder().update(TargetingStateEntity)
      .set(set).where('id = 1 AND generation = :generation', { generation }).execute()).affected === 1;
    const superseded = (done: number): RebuildReport => ({ generation, ...sources, customers: done, passes: pass, ms: Date.now() - started, superseded: true });

    await pace(() => addMissingValues(dataSource, sources.snapshotId));
    let after = 0, done = 0;
    for (;;) {
      const batch = await nextBatch(dataSource, 'customers', after, batchSize);
      if (!batch.count) break;
      const wrote = await pace(() => inBatchTransaction(dataSource, async (manager) => {
        if (!(await fenced(manager, { rowsDone: done + batch.count }))) return false;
        await manager.query('DELETE FROM customer_targeting WHERE customer_id > ? AND customer_id <= ?', [after, batch.last]);
        await insertRows(manager, sources, 'c.id > ? AND c.id <= ?', [after, batch.last], await readDictionary(manager), opts.caseCodedValues);
        return true;
      }));
      if (!wrote) return superseded(done);
      after = batch.last;
      done += batch.count;
      opts.onProgress?.(done);
    }
    const finished = await inBatchTransaction(dataSource, async (manager) => {
      if (!(await fenced(manager, { status: 'ready', refreshedAt: new Date() }))) return false;
      // Rows past the last batch whose customer is gone (a customer added meanwhile keeps the row its trigger wrote).
      await manager.query('DELETE FROM customer_targeting WHERE customer_id > ? AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = customer_targeting.customer_id)', [after]);
      return true;
    });
    if (!finished) return superseded(done);
    const now = await currentSources(dataSource);
    // After three passes the sources keep moving: stop; the state names what was built, so
    // audiences stay on the joins until the next rebuild (the next activation or snapshot queues one).
    if ((now.snapshotId === sources.snapshotId && now.liveRunId === sources.liveRunId) || pass === 3) {
      // Rows that grew in place (a new customer's row from its trigger has no features yet) split
      // InnoDB pages: rebuilt tables end up a third larger and scan that much slower. OPTIMIZE
      // rewrites the table online (concurrent writes continue) in seconds per million rows.
      if (opts.compact !== false && dialect(dataSource) !== 'sqlite') {
        opts.onCompact?.();
        await pace(() => dataSource.query('OPTIMIZE TABLE customer_targeting'));
      }
      return { generation, ...sources, customers: done, passes: pass, ms: Date.now() - started, superseded: false };
    }
  }
}

/**
 * Copies the score columns (response probability, predicted segment, churn risk, predicted CLV
 * and its percentile, uplift) from customer_scores into every targeting
 * row. Runs inside the scoring job's completion transaction (`manager`), so scores and targeting
 * change together; batches keep each statement's undo small.
 */
export async function refreshTargetingScores(manager: EntityManager, batchSize = REBUILD_BATCH, pace: Pace = unpaced): Promise<void> {
  const sqlite = dialect(manager) === 'sqlite';
  // The state row first, as rebuild batches take it: the two then queue instead of deadlocking.
  await manager.createQueryBuilder().update(TargetingStateEntity).set({ scoresRefreshedAt: new Date() }).where('id = 1').execute();
  let after = 0;
  for (;;) {
    const batch = await nextBatch(manager, 'customer_targeting', after, batchSize);
    if (!batch.count) break;
    await pace(() => manager.query(sqlite
      ? `UPDATE customer_targeting SET (response_probability, predicted_segment_id, ${VALUE_SCORE_COLUMNS.join(', ')}) =
           (SELECT s.response_probability, s.predicted_segment_id, ${VALUE_SCORE_COLUMNS.map((col) => `s.${col}`).join(', ')} FROM customer_scores s WHERE s.customer_id = customer_targeting.customer_id)
         WHERE customer_id > ? AND customer_id <= ?`
      : `UPDATE customer_targeting t LEFT JOIN customer_scores s ON s.customer_id = t.customer_id
           SET t.response_probability = s.response_probability, t.predicted_segment_id = s.predicted_segment_id,
             ${VALUE_SCORE_COLUMNS.map((col) => `t.${col} = s.${col}`).join(', ')}
         WHERE t.customer_id > ? AND t.customer_id <= ?`, [after, batch.last]));
    after = batch.last;
  }
}

/**
 * Recomputes the rows of a few customers from the sources the state names (erasure calls this
 * after deleting the customer's features, memberships and scores, in the same transaction).
 */
export async function refreshTargetingRows(manager: EntityManager, customerIds: number[]): Promise<void> {
  if (!customerIds.length) return;
  const state = await readTargetingState(manager);
  const sources = { snapshotId: state.snapshotId, liveRunId: state.liveRunId };
  await addMissingValues(manager, sources.snapshotId, customerIds);
  await manager.query(`DELETE FROM customer_targeting WHERE customer_id IN (${idList(customerIds)})`, customerIds);
  await insertRows(manager, sources, `c.id IN (${idList(customerIds)})`, customerIds);
}

/** The codes of `values` of one kind (for filters); values nobody has get no code. */
export async function codesOf(db: Db, kind: CodedKind, values: readonly string[]): Promise<number[]> {
  if (!values.length) return [];
  const rows: { id: unknown }[] = await db.query(`SELECT id FROM targeting_values WHERE kind = ? AND value IN (${idList(values as unknown as number[])})`, [kind, ...values]);
  return rows.map((r) => sqlNumber(r.id)).sort((a, b) => a - b);
}
