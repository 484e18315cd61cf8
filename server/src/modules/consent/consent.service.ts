import type { DataSource, EntityManager } from 'typeorm';
import { CHANNELS, type Channel, type ConsentSource, type ConsentState } from '@segmenta/shared';
import { dialectOf } from '../../db/dialect.js';
import { AppError } from '../../errors.js';
import { CustomerEntity } from '../customers/index.js';
import { recordChanges } from '../changes/index.js';
import { ConsentChangeEntity } from './consent-change.entity.js';
import { columnValuesFor } from './consent-state.js';

const PROPERTIES: Record<Channel, { consent: 'consentEmail' | 'consentSms' | 'consentPush'; optedOut: 'optedOutEmail' | 'optedOutSms' | 'optedOutPush' }> = {
  email: { consent: 'consentEmail', optedOut: 'optedOutEmail' },
  sms: { consent: 'consentSms', optedOut: 'optedOutSms' },
  push: { consent: 'consentPush', optedOut: 'optedOutPush' },
};

export function consentStateOf(customer: CustomerEntity, channel: Channel): ConsentState {
  const p = PROPERTIES[channel];
  if (Number(customer[p.optedOut]) === 1 || customer[p.optedOut] === true) return 'opted_out';
  return Number(customer[p.consent]) === 1 || customer[p.consent] === true ? 'granted' : 'none';
}

export interface ConsentChangeRequest {
  customerId: number;
  channel: Channel;
  to: ConsentState;
  source: ConsentSource;
  actor: string;
}

export interface ConsentChangeResult {
  customer: CustomerEntity;
  /** The row written, or null when the channel already was in the requested state (idempotent). */
  change: ConsentChangeEntity | null;
}

/**
 * Changes one channel's consent and records the change, in one transaction. The customer row is
 * locked first (MariaDB; SQLite runs one writer at a time anyway), so two changes racing each
 * other record the true `from` of each. Audiences, exports and the targeting table read the
 * customer's columns (the targeting row follows through its trigger, in this same transaction):
 * once this returns, no audience evaluated afterwards includes an opted-out customer.
 */
export async function changeConsent(dataSource: DataSource, request: ConsentChangeRequest, now = new Date()): Promise<ConsentChangeResult> {
  if (!CHANNELS.includes(request.channel)) throw new AppError('BAD_USER_INPUT', `Unknown channel "${request.channel}" (expected ${CHANNELS.join(', ')})`);
  return dataSource.transaction(async (manager) => {
    const qb = manager.createQueryBuilder(CustomerEntity, 'c').where('c.id = :id', { id: request.customerId });
    if (dialectOf(dataSource) !== 'sqlite') qb.setLock('pessimistic_write');
    const customer = await qb.getOne();
    if (!customer) throw new AppError('NOT_FOUND', `Customer ${request.customerId} not found`);
    const from = consentStateOf(customer, request.channel);
    if (from === request.to) return { customer, change: null };
    if (customer.erasedAt) throw new AppError('CONFLICT', `Customer ${request.customerId} was erased: consent cannot be given again`);
    const values = columnValuesFor(request.to);
    const p = PROPERTIES[request.channel];
    await manager.update(CustomerEntity, { id: customer.id }, { [p.consent]: values.consent === 1, [p.optedOut]: values.optedOut === 1, updatedAt: now });
    const change = await writeChange(manager, { customerId: customer.id, channel: request.channel, from, to: request.to, source: request.source, actor: request.actor }, now);
    return { customer: await manager.findOneByOrFail(CustomerEntity, { id: customer.id }), change };
  });
}

async function writeChange(manager: EntityManager, row: { customerId: number; channel: Channel; from: ConsentState; to: ConsentState; source: ConsentSource; actor: string }, now: Date) {
  // The change log (what tag feeds and destinations read) gets the same change, in the same transaction.
  await recordChanges(manager, [{
    customerId: row.customerId, kind: 'consent', before: `${row.channel}:${row.from}`, after: `${row.channel}:${row.to}`, reason: row.source === 'erasure' ? 'erasure' : 'consent',
  }], now);
  const entity = manager.create(ConsentChangeEntity, {
    customerId: row.customerId, channel: row.channel, fromState: row.from, toState: row.to, source: row.source, actor: row.actor.slice(0, 64), changedAt: now,
  });
  return manager.save(entity);
}

/**
 * Erasure opts the customer out of every channel; this records it, for each channel not already
 * opted out, inside the erasure's transaction. `before` is the customer as read before erasure.
 */
export async function recordErasureConsent(manager: EntityManager, before: CustomerEntity, actor: string, now: Date): Promise<void> {
  for (const channel of CHANNELS) {
    const from = consentStateOf(before, channel);
    if (from !== 'opted_out') await writeChange(manager, { customerId: before.id, channel, from, to: 'opted_out', source: 'erasure', actor }, now);
  }
}

/** A customer's consent history, newest first. */
export function consentHistory(dataSource: DataSource, customerId: number, limit = 100): Promise<ConsentChangeEntity[]> {
  return dataSource.getRepository(ConsentChangeEntity).find({ where: { customerId }, order: { id: 'DESC' }, take: limit });
}
