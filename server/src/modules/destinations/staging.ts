import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { sqlNumber } from '../../db/sql.js';
import { audienceMemberPages, evaluationContext, getAudience, type AudienceDefinition } from '../audiences/index.js';
import { changesAfter, latestChangeCursor } from '../changes/index.js';
import { DestinationEntity, DestinationRecordEntity, type RecordOp } from './destination.entity.js';

const PAGE = 5_000;
const INSERT_CHUNK = 500;

export interface StageOptions {
  checkpoint?: () => void;
  /** Runs first in every write transaction; throws when this worker no longer owns the sync (its job lost the lease). */
  fence?: (manager: EntityManager) => Promise<void>;
}

interface StagedRecord { customerId: number; externalId: string; op: RecordOp; data: Record<string, unknown> | null }

/** The values of a member a destination may receive (its allowed fields only). */
function memberData(row: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const all: Record<string, unknown> = {
    segmentId: num(row.segment_id), persona: row.persona_name ?? null, rfmGroup: row.rfm_group ?? null,
    responseProbability: num(row.response_probability), email: row.email ?? null,
  };
  return Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
}

const hashOf = (data: Record<string, unknown>) => crypto.createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 32);

/** Queues records; pull feeds (no url) have nothing to send, so theirs are delivered as written. */
async function insertRecords(manager: EntityManager, destination: DestinationEntity, records: StagedRecord[], now: Date): Promise<void> {
  const status = destination.url ? 'pending' : 'delivered';
  for (let i = 0; i < records.length; i += INSERT_CHUNK) {
    await manager.createQueryBuilder().insert().into(DestinationRecordEntity).values(records.slice(i, i + INSERT_CHUNK).map((r) => ({
      destinationId: destination.id, customerId: r.customerId, externalId: r.externalId, op: r.op, data: r.data ? JSON.stringify(r.data) : null, status, batchId: null, createdAt: now,
    }))).updateEntity(false).execute();
  }
}

/** What an audience diff depends on: an unchanged fingerprint means the audience cannot have changed. */
async function audienceState(dataSource: DataSource, destination: DestinationEntity): Promise<string> {
  const audience = await getAudience(dataSource, destination.audienceId!);
  const ctx = await evaluationContext(dataSource);
  return [await latestChangeCursor(dataSource), ctx.snapshotId, ctx.liveRunId, audience.version, hashOf({ f: destination.fields })].join(':');
}

/**
 * Diffs the live audience against the members last queued to the destination, page by page in
 * customer-id order (memory stays flat): new members are `added`, members whose values changed
 * `updated`, members gone (left, opted out, erased) `removed` with no data. Each page's records
 * and member rows are written in one transaction, so a worker killed in between loses nothing
 * and the next diff starts where the queued state is. The first sync is this diff against no
 * members: the whole audience as `added`.
 */
export async function stageAudience(dataSource: DataSource, destination: DestinationEntity, opts: StageOptions & { force?: boolean } = {}): Promise<number> {
  const state = await audienceState(dataSource, destination);
  if (!opts.force && destination.stagedState === state && destination.initialSyncDone) return 0;
  const audience = await getAudience(dataSource, destination.audienceId!);
  const fields = destination.fields as string[];
  let staged = 0;
  let lower = 0;
  const now = new Date();
  const flush = async (rows: Record<string, unknown>[], upper: number | null) => {
    const known: Record<string, unknown>[] = await dataSource.query(
      `SELECT m.customer_id, m.value_hash, c.external_id FROM destination_members m LEFT JOIN customers c ON c.id = m.customer_id
        WHERE m.destination_id = ? AND m.customer_id > ?${upper === null ? '' : ' AND m.customer_id <= ?'}`,
      [destination.id, lower, ...(upper === null ? [] : [upper])]);
    const before = new Map(known.map((k) => [sqlNumber(k.customer_id), { hash: String(k.value_hash), externalId: String(k.external_id ?? '') }]));
    const records: StagedRecord[] = [];
    const upserts: [number, string][] = [];
    for (const row of rows) {
      const customerId = sqlNumber(row.customer_id);
      const data = memberData(row, fields);
      const hash = hashOf(data);
      const was = before.get(customerId);
      before.delete(customerId);
      if (was?.hash === hash) continue;
      records.push({ customerId, externalId: String(row.external_id), op: was ? 'updated' : 'added', data });
      upserts.push([customerId, hash]);
    }
    for (const [customerId, was] of before) records.push({ customerId, externalId: was.externalId, op: 'removed', data: null });
    if (!records.length) return;
    await dataSource.transaction(async (manager) => {
      await opts.fence?.(manager);
      await insertRecords(manager, destination, records, now);
      const gone = [...before.keys(), ...upserts.map(([id]) => id)];
      for (let i = 0; i < gone.length; i += INSERT_CHUNK) {
        const chunk = gone.slice(i, i + INSERT_CHUNK);
        await manager.query(`DELETE FROM destination_members WHERE destination_id = ? AND customer_id IN (${chunk.map(() => '?').join(', ')})`, [destination.id, ...chunk]);
      }
      for (let i = 0; i < upserts.length; i += INSERT_CHUNK) {
        const chunk = upserts.slice(i, i + INSERT_CHUNK);
        await manager.query(`INSERT INTO destination_members (destination_id, customer_id, value_hash) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flatMap(([id, hash]) => [destination.id, id, hash]));
      }
    });
    staged += records.length;
  };
  for await (const rows of audienceMemberPages(dataSource, audience.definition as AudienceDefinition, PAGE)) {
    opts.checkpoint?.();
    const upper = sqlNumber(rows[rows.length - 1].customer_id);
    await flush(rows, rows.length < PAGE ? null : upper);
    lower = upper;
    if (rows.length < PAGE) { lower = Number.MAX_SAFE_INTEGER; break; }
  }
  // Past the last member: whoever is still known there has left.
  if (lower !== Number.MAX_SAFE_INTEGER) await flush([], null);
  await dataSource.getRepository(DestinationEntity).update({ id: destination.id }, { stagedState: state, initialSyncDone: true });
  return staged;
}

/**
 * Queues the change-log rows after the destination's cursor, of the kinds it receives (erasures
 * always, as removals), and moves the cursor in the same transaction.
 */
export async function stageTags(dataSource: DataSource, destination: DestinationEntity, opts: StageOptions = {}): Promise<number> {
  const kinds = [...(destination.fields as string[]), 'erasure'] as never[];
  let cursor = destination.changeCursor;
  let staged = 0;
  for (;;) {
    opts.checkpoint?.();
    const { changes, endCursor } = await changesAfter(dataSource, { after: cursor, first: PAGE, kinds });
    if (!changes.length) break;
    const now = new Date();
    const records = changes.map((c): StagedRecord => c.tombstone
      ? { customerId: c.customerId, externalId: c.externalId, op: 'removed', data: null }
      : { customerId: c.customerId, externalId: c.externalId, op: 'updated', data: { kind: c.kind, before: c.before, after: c.after, cursor: String(c.cursor) } });
    await dataSource.transaction(async (manager) => {
      await opts.fence?.(manager);
      await insertRecords(manager, destination, records, now);
      await manager.update(DestinationEntity, { id: destination.id }, { changeCursor: endCursor, initialSyncDone: true });
    });
    cursor = endCursor;
    staged += records.length;
    if (changes.length < PAGE) break;
  }
  destination.changeCursor = cursor;
  return staged;
}
