import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import type { AppConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import { getAudience } from '../audiences/index.js';
import { DestinationBatchEntity, DestinationEntity, DestinationRecordEntity, type DestinationKind } from './destination.entity.js';
import { checkFields } from './destination-fields.js';
import { checkReachableAddress, parseEndpoint, refusedAddress, type AddressPolicy } from './endpoint-policy.js';
import { requestSync } from './destination.job.js';
import { generateSecret, secretKey, webhookHeaders } from './webhook-signing.js';
import { postWebhook } from './webhook-client.js';
import { signingSecrets } from './delivery.js';

export interface DestinationInput {
  name?: string;
  url?: string;
  secret?: string;
  kind?: DestinationKind;
  audienceId?: number | null;
  fields?: string[];
  allowPersonalData?: boolean;
  batchSize?: number;
  maxBatchBytes?: number;
  enabled?: boolean;
}

export const BATCH_SIZE = { min: 1, max: 10_000, default: 500 };
export const BATCH_BYTES = { min: 1_024, max: 10 * 1024 * 1024, default: 1024 * 1024 };

const policyOf = (config: AppConfig): AddressPolicy => ({ allow: config.destinations.allowAddresses });

/** The checks of an endpoint: form, scheme, resolution and the address policy. Plain http only towards allowed addresses. */
export async function checkEndpoint(config: AppConfig, raw: string): Promise<string> {
  const url = parseEndpoint(raw, { allowHttp: true });
  const addresses = await checkReachableAddress(url, policyOf(config));
  if (url.protocol === 'http:') {
    const everywhereAllowed = addresses.every((a) => refusedAddress(a, { allow: [] }) !== null && refusedAddress(a, policyOf(config)) === null);
    if (!everywhereAllowed) throw new AppError('BAD_USER_INPUT', 'url must use https: plain http is allowed only towards private addresses the configuration allows (tests, on premise)');
  }
  return url.toString();
}

function bounded(name: string, value: number | undefined, range: { min: number; max: number; default: number }): number {
  const v = value ?? range.default;
  if (!Number.isInteger(v) || v < range.min || v > range.max) throw new AppError('BAD_USER_INPUT', `${name} must be a whole number from ${range.min} to ${range.max}, got ${value}`);
  return v;
}

async function checkAudience(dataSource: DataSource, kind: DestinationKind, audienceId: number | null | undefined): Promise<number | null> {
  if (kind !== 'audience') {
    if (audienceId) throw new AppError('BAD_USER_INPUT', 'audienceId belongs to audience destinations only');
    return null;
  }
  if (!audienceId) throw new AppError('BAD_USER_INPUT', 'an audience destination needs audienceId');
  await getAudience(dataSource, audienceId);
  return audienceId;
}

export async function createDestination(dataSource: DataSource, config: AppConfig, input: DestinationInput, actor: string): Promise<DestinationEntity> {
  const name = input.name?.trim() ?? '';
  if (!name || name.length > 128) throw new AppError('BAD_USER_INPUT', 'name must have 1 to 128 characters');
  if (name.startsWith('feed:')) throw new AppError('BAD_USER_INPUT', 'names starting with "feed:" are kept for the pull feeds');
  const kind = input.kind ?? 'audience';
  if (!input.url) throw new AppError('BAD_USER_INPUT', 'url is required');
  const secret = input.secret ?? generateSecret();
  secretKey(secret);
  const url = await checkEndpoint(config, input.url);
  const repo = dataSource.getRepository(DestinationEntity);
  if (await repo.findOneBy({ name })) throw new AppError('CONFLICT', `a destination named "${name}" exists already`);
  const now = new Date();
  const destination = await repo.save(repo.create({
    name, url, secret, previousSecret: null, previousSecretUntil: null, kind, audienceId: await checkAudience(dataSource, kind, input.audienceId),
    fields: checkFields(kind, input.fields, Boolean(input.allowPersonalData)), batchSize: bounded('batchSize', input.batchSize, BATCH_SIZE),
    maxBatchBytes: bounded('maxBatchBytes', input.maxBatchBytes, BATCH_BYTES), status: input.enabled === false ? 'paused' : 'enabled', pausedReason: null,
    // A tags destination starts at the log's present: it receives changes from now on.
    changeCursor: kind === 'tags' ? await latestCursor(dataSource) : 0, initialSyncDone: false, stagedState: null, createdBy: actor, createdAt: now, updatedAt: now,
  }));
  if (destination.status === 'enabled') await requestSync(dataSource, destination.id, { createdBy: actor });
  return destination;
}

async function latestCursor(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query('SELECT MAX(id) AS id FROM customer_changes');
  return row?.id === null || row?.id === undefined ? 0 : Number(row.id);
}

export async function getDestination(dataSource: DataSource, id: number): Promise<DestinationEntity> {
  const destination = await dataSource.getRepository(DestinationEntity).findOneBy({ id });
  if (!destination) throw new AppError('NOT_FOUND', `Destination ${id} not found`);
  return destination;
}

export function listDestinations(dataSource: DataSource): Promise<DestinationEntity[]> {
  return dataSource.getRepository(DestinationEntity).createQueryBuilder('d').where("d.name NOT LIKE 'feed:%'").orderBy('d.id').getMany();
}

export async function updateDestination(dataSource: DataSource, config: AppConfig, id: number, input: DestinationInput): Promise<DestinationEntity> {
  const destination = await getDestination(dataSource, id);
  const patch: Partial<DestinationEntity> = { updatedAt: new Date() };
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (!name || name.length > 128) throw new AppError('BAD_USER_INPUT', 'name must have 1 to 128 characters');
    patch.name = name;
  }
  if (input.url !== undefined) patch.url = await checkEndpoint(config, input.url);
  if (input.kind !== undefined && input.kind !== destination.kind) throw new AppError('BAD_USER_INPUT', 'kind cannot change: create another destination');
  if (input.audienceId !== undefined && input.audienceId !== destination.audienceId) {
    patch.audienceId = await checkAudience(dataSource, destination.kind, input.audienceId);
  }
  if (input.fields !== undefined || input.allowPersonalData !== undefined) {
    const current = destination.fields as string[];
    patch.fields = checkFields(destination.kind, input.fields ?? current, input.allowPersonalData ?? current.includes('email'));
  }
  if (input.batchSize !== undefined) patch.batchSize = bounded('batchSize', input.batchSize, BATCH_SIZE);
  if (input.maxBatchBytes !== undefined) patch.maxBatchBytes = bounded('maxBatchBytes', input.maxBatchBytes, BATCH_BYTES);
  // New fields or another audience: the next diff compares everything again.
  if (patch.fields || patch.audienceId !== undefined) patch.stagedState = null;
  await dataSource.getRepository(DestinationEntity).update({ id }, patch);
  if (input.enabled !== undefined) return setDestinationEnabled(dataSource, id, input.enabled, 'admin');
  return getDestination(dataSource, id);
}

/** Enabling clears a pause (a 410, an admin's) and starts a sync; pausing lets the sync in hand stop after its batch. */
export async function setDestinationEnabled(dataSource: DataSource, id: number, enabled: boolean, actor: string): Promise<DestinationEntity> {
  await getDestination(dataSource, id);
  await dataSource.getRepository(DestinationEntity).update({ id }, enabled
    ? { status: 'enabled', pausedReason: null, updatedAt: new Date() }
    : { status: 'paused', pausedReason: `paused by ${actor}`, updatedAt: new Date() });
  if (enabled) await requestSync(dataSource, id, { createdBy: actor });
  return getDestination(dataSource, id);
}

/**
 * A new signing secret. The previous one keeps signing too (a second signature in the header)
 * for `graceHours`, so a receiver can switch without rejecting a delivery.
 */
export async function rotateSecret(dataSource: DataSource, id: number, opts: { secret?: string; graceHours?: number } = {}): Promise<DestinationEntity> {
  const destination = await getDestination(dataSource, id);
  const secret = opts.secret ?? generateSecret();
  secretKey(secret);
  const grace = opts.graceHours ?? 24;
  if (!(grace >= 0 && grace <= 24 * 30)) throw new AppError('BAD_USER_INPUT', 'graceHours must be from 0 to 720');
  await dataSource.getRepository(DestinationEntity).update({ id }, {
    secret, previousSecret: destination.secret, previousSecretUntil: new Date(Date.now() + grace * 3600_000), updatedAt: new Date(),
  });
  return getDestination(dataSource, id);
}

export async function deleteDestination(dataSource: DataSource, id: number): Promise<DestinationEntity> {
  const destination = await getDestination(dataSource, id);
  await dataSource.transaction(async (manager) => {
    for (const table of ['destination_records', 'destination_batches', 'destination_members']) await manager.query(`DELETE FROM ${table} WHERE destination_id = ?`, [id]);
    await manager.delete(DestinationEntity, { id });
  });
  return destination;
}

/** Sends one signed `test` event now and reports the receiver's answer (nothing is queued). */
export async function sendTestEvent(dataSource: DataSource, config: AppConfig, id: number) {
  const destination = await getDestination(dataSource, id);
  if (!destination.url) throw new AppError('BAD_USER_INPUT', 'a pull feed has no endpoint to test');
  const webhookId = `msg_test_${crypto.randomUUID().replace(/-/g, '')}`;
  const body = JSON.stringify({ type: 'test', destination: destination.name, records: [] });
  const now = new Date();
  const answer = await postWebhook(new URL(destination.url), webhookHeaders(signingSecrets(destination, now), webhookId, Math.floor(now.getTime() / 1000), body), body,
    { timeoutMs: config.destinations.timeoutMs, policy: policyOf(config) });
  return { webhookId, ok: answer.status !== null && answer.status >= 200 && answer.status < 300, ...answer };
}

export function deliveryLog(dataSource: DataSource, destinationId: number, first = 50): Promise<DestinationBatchEntity[]> {
  return dataSource.getRepository(DestinationBatchEntity).find({ where: { destinationId }, order: { id: 'DESC' }, take: Math.min(500, Math.max(1, first)) });
}

export function deadLetters(dataSource: DataSource, destinationId: number, first = 100): Promise<DestinationRecordEntity[]> {
  return dataSource.getRepository(DestinationRecordEntity).find({ where: { destinationId, status: 'dead' }, order: { id: 'ASC' }, take: Math.min(5000, Math.max(1, first)) });
}

/**
 * Replays dead letters (all of the destination's, or the ones named). Order per customer must hold,
 * so a replay never resends an old value over a newer one: a removal is queued again as a new
 * record; an added/updated record makes the next diff send the customer's present values (or
 * nothing, when a later removal already went out); a tags change is queued again as it was.
 */
export async function replayDeadLetters(dataSource: DataSource, destinationId: number, recordIds: number[] | null, actor: string): Promise<number> {
  const destination = await getDestination(dataSource, destinationId);
  const where = recordIds?.length ? { destinationId, status: 'dead' as const, id: In(recordIds) } : { destinationId, status: 'dead' as const };
  const dead = await dataSource.getRepository(DestinationRecordEntity).find({ where, order: { id: 'ASC' } });
  if (!dead.length) return 0;
  await dataSource.transaction(async (manager) => {
    const now = new Date();
    const requeue = dead.filter((r) => destination.kind === 'tags' || r.op === 'removed');
    for (const r of requeue) {
      await manager.insert(DestinationRecordEntity, { destinationId, customerId: r.customerId, externalId: r.externalId, op: r.op, data: r.data, status: 'pending', batchId: null, createdAt: now });
    }
    const rediff = dead.filter((r) => destination.kind === 'audience' && r.op !== 'removed').map((r) => r.customerId);
    for (let i = 0; i < rediff.length; i += 500) {
      const chunk = rediff.slice(i, i + 500);
      await manager.query(`DELETE FROM destination_members WHERE destination_id = ? AND customer_id IN (${chunk.map(() => '?').join(', ')})`, [destinationId, ...chunk]);
    }
    if (rediff.length) await manager.update(DestinationEntity, { id: destinationId }, { stagedState: null });
    await manager.update(DestinationRecordEntity, { id: In(dead.map((r) => r.id)) }, { status: 'replayed' });
  });
  await requestSync(dataSource, destinationId, { createdBy: actor });
  return dead.length;
}
