import type { DataSource } from 'typeorm';
import { sqlNumber } from '../db/sql.js';
import { AppError } from '../errors.js';
import { toId } from './pagination.js';

/**
 * How an integration names a customer: Segmenta's `id`, or the source system's `externalId`
 * (`customerId` is the deprecated name of `id`). At most one may be given.
 */
export interface CustomerRefArgs { id?: string | null; externalId?: string | null; customerId?: string | null }

export interface CustomerRef { id: number; externalId: string }

/** The number of ways the arguments name a customer (0 or 1 is valid for callers that also take features). */
export function namedRefs(args: CustomerRefArgs): number {
  return [args.id, args.externalId, args.customerId].filter((v) => v !== undefined && v !== null).length;
}

/** The customer the arguments name, or NOT_FOUND naming the id that is unknown. */
export async function resolveCustomerRef(dataSource: DataSource, args: CustomerRefArgs): Promise<CustomerRef> {
  if (namedRefs(args) !== 1) throw new AppError('BAD_USER_INPUT', 'name the customer by exactly one of id or externalId');
  if (args.externalId !== undefined && args.externalId !== null) {
    const [row] = await dataSource.query('SELECT id, external_id FROM customers WHERE external_id = ?', [args.externalId]);
    if (!row) throw new AppError('NOT_FOUND', `no customer has externalId "${args.externalId.slice(0, 64)}"`);
    return { id: sqlNumber(row.id), externalId: String(row.external_id) };
  }
  const id = toId((args.id ?? args.customerId)!, args.id ? 'id' : 'customerId');
  const [row] = await dataSource.query('SELECT id, external_id FROM customers WHERE id = ?', [id]);
  if (!row) throw new AppError('NOT_FOUND', `customer ${id} not found`);
  return { id, externalId: String(row.external_id) };
}
