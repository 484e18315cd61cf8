import crypto from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/index.js';
import { In } from 'typeorm';
import { AuditEntryEntity } from '../audit/index.js';
import { DestinationBatchEntity, DestinationEntity, DestinationRecordEntity } from './destination.entity.js';
import { webhookHeaders } from './webhook-signing.js';
import { postWebhook, type DeliveryAnswer } from './webhook-client.js';

/**
 * The Standard Webhooks retry schedule, in seconds after each failed attempt: 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h (eight attempts over about a day and a half). Scaled by configuration.
 */
export const RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18000, 36000, 36000];
/** The longest Retry-After honoured as asked; a longer one is capped. */
const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

export interface WireRecord {
  /** Stable idempotency key: the same record always carries the same key, on every attempt and batch. */
  id: string;
  op: string;
  customerId: string;
  data: Record<string, unknown> | null;
}

export const wireRecord = (r: DestinationRecordEntity): WireRecord => ({
  id: `rec_${r.destinationId}_${r.id}`, op: r.op, customerId: r.externalId, data: r.data ? JSON.parse(r.data) : null,
});

/** The body of a batch: the same bytes on every attempt (records in id order, nothing time-dependent). */
export function batchBody(destination: DestinationEntity, batch: DestinationBatchEntity, records: DestinationRecordEntity[]): string {
  return JSON.stringify({
    type: destination.kind === 'audience' ? 'audience.membership.changed' : 'customer.tags.changed',
    destination: destination.name, audienceId: destination.audienceId, batch: batch.webhookId,
    records: records.map(wireRecord),
  });
}

/** The secrets that sign now: the current one, and the previous one while its rotation window lasts. */
export function signingSecrets(destination: DestinationEntity, now = new Date()): string[] {
  const secrets = [destination.secret];
  if (destination.previousSecret && destination.previousSecretUntil && destination.previousSecretUntil > now) secrets.push(destination.previousSecret);
  return secrets;
}

/**
 * The open batch of a destination, or a new one cut from its pending records (in id order, at most
 * batchSize records and maxBatchBytes of body, at least one record). One batch is open at a time
 * per destination, and batches go in id order: a customer's records arrive in the order written.
 */
export async function openBatch(dataSource: DataSource, destination: DestinationEntity, fence?: (m: EntityManager) => Promise<void>): Promise<DestinationBatchEntity | null> {
  const batches = dataSource.getRepository(DestinationBatchEntity);
  const open = await batches.findOne({ where: { destinationId: destination.id, status: 'pending' }, order: { id: 'ASC' } });
  if (open) return open;
  const pending = await dataSource.getRepository(DestinationRecordEntity).find({
    where: { destinationId: destination.id, status: 'pending' }, order: { id: 'ASC' }, take: destination.batchSize,
  });
  if (!pending.length) return null;
  let bytes = 200;
  let take = 0;
  for (const record of pending) {
    const size = Buffer.byteLength(JSON.stringify(wireRecord(record))) + 1;
    if (take > 0 && bytes + size > destination.maxBatchBytes) break;
    bytes += size;
    take++;
  }
  return createBatch(dataSource, destination, pending.slice(0, take).map((r) => r.id), bytes, fence);
}

async function createBatch(db: DataSource | EntityManager, destination: DestinationEntity, recordIds: number[], bytes: number, fence?: (m: EntityManager) => Promise<void>): Promise<DestinationBatchEntity> {
  const run = async (manager: EntityManager) => {
    await fence?.(manager);
    const now = new Date();
    const batch = await manager.save(manager.create(DestinationBatchEntity, {
      destinationId: destination.id, webhookId: `msg_${crypto.randomUUID().replace(/-/g, '')}`, recordCount: recordIds.length, bytes,
      status: 'pending', attempts: 0, nextAttemptAt: now, lastStatusCode: null, lastLatencyMs: null, lastError: null, createdAt: now, deliveredAt: null,
    }));
    for (let i = 0; i < recordIds.length; i += 500) {
      await manager.update(DestinationRecordEntity, { id: In(recordIds.slice(i, i + 500)) }, { status: 'batched', batchId: batch.id });
    }
    return batch;
  };
  return db instanceof DataSource ? db.transaction(run) : run(db);
}

export type AttemptOutcome = 'delivered' | 'retry' | 'split' | 'dead' | 'paused';

/** What a failed answer means: retried later, split to find the bad records, or the end of the destination. */
function judge(answer: DeliveryAnswer): 'retry' | 'bad-records' | 'gone' {
  if (answer.status === 410) return 'gone';
  if (answer.status !== null && answer.status >= 400 && answer.status < 500 && ![408, 409, 425, 429].includes(answer.status)) return 'bad-records';
  return 'retry';
}

/**
 * Sends one batch once and records the result. The webhook-id is the batch's own, so a batch sent
 * again after a crash (the answer never recorded) carries the same id and the receiver can drop it.
 */
export async function attemptBatch(
  dataSource: DataSource, config: AppConfig, destination: DestinationEntity, batch: DestinationBatchEntity, fence?: (m: EntityManager) => Promise<void>,
): Promise<{ outcome: AttemptOutcome; answer: DeliveryAnswer }> {
  const records = await dataSource.getRepository(DestinationRecordEntity).find({ where: { batchId: batch.id }, order: { id: 'ASC' } });
  const body = batchBody(destination, batch, records);
  const now = new Date();
  const headers = webhookHeaders(signingSecrets(destination, now), batch.webhookId, Math.floor(now.getTime() / 1000), body);
  const answer = await postWebhook(new URL(destination.url!), headers, body, { timeoutMs: config.destinations.timeoutMs, policy: { allow: config.destinations.allowAddresses } });
  const attempts = batch.attempts + 1;
  const last = { attempts, lastStatusCode: answer.status, lastLatencyMs: answer.latencyMs, lastError: answer.error?.slice(0, 255) ?? null };
  let outcome: AttemptOutcome;
  await dataSource.transaction(async (manager) => {
    await fence?.(manager);
    if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
      outcome = 'delivered';
      await manager.update(DestinationBatchEntity, { id: batch.id }, { ...last, status: 'delivered', deliveredAt: new Date() });
      await manager.update(DestinationRecordEntity, { batchId: batch.id }, { status: 'delivered' });
      return;
    }
    const verdict = judge(answer);
    if (verdict === 'gone') {
      outcome = 'paused';
      const reason = `the receiver answered 410 Gone on ${new Date().toISOString()}: deliveries paused; enable the destination again once the endpoint is fixed`;
      await manager.update(DestinationBatchEntity, { id: batch.id }, { ...last, nextAttemptAt: new Date() });
      await manager.update(DestinationEntity, { id: destination.id }, { status: 'paused', pausedReason: reason, updatedAt: new Date() });
      // The audit log is where admins look for what the system did on its own.
      await manager.save(manager.create(AuditEntryEntity, {
        actor: 'segmenta', action: 'destinationPaused', details: { destinationId: destination.id, name: destination.name, reason }, outcome: 'ok', ip: null, requestId: null, createdAt: new Date(),
      }));
      return;
    }
    const exhausted = verdict === 'bad-records' || attempts > RETRY_SCHEDULE_SECONDS.length;
    if (!exhausted) {
      outcome = 'retry';
      const scheduled = RETRY_SCHEDULE_SECONDS[attempts - 1] * config.destinations.retryScale;
      const asked = answer.retryAfterSeconds === null ? 0 : Math.min(MAX_RETRY_AFTER_SECONDS, answer.retryAfterSeconds);
      await manager.update(DestinationBatchEntity, { id: batch.id }, { ...last, nextAttemptAt: new Date(Date.now() + Math.max(scheduled, asked) * 1000) });
      return;
    }
    if (records.length > 1) {
      // Split in two halves, in order: the good records go through and the bad ones end up alone.
      outcome = 'split';
      await manager.update(DestinationBatchEntity, { id: batch.id }, { ...last, status: 'split' });
      const half = Math.ceil(records.length / 2);
      for (const part of [records.slice(0, half), records.slice(half)]) {
        const bytes = 200 + part.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(wireRecord(r))) + 1, 0);
        await createBatch(manager, destination, part.map((r) => r.id), bytes);
      }
      return;
    }
    outcome = 'dead';
    await manager.update(DestinationBatchEntity, { id: batch.id }, { ...last, status: 'dead' });
    await manager.update(DestinationRecordEntity, { batchId: batch.id }, { status: 'dead' });
  });
  return { outcome: outcome!, answer };
}
