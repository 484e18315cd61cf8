import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { sqlNumber } from '../../db/sql.js';
import { CustomerEntity } from '../customers/index.js';
import { refreshTargetingRows } from '../targeting/index.js';
import { recordErasureConsent } from '../consent/index.js';
import { recordChanges } from '../changes/index.js';

/** Tables whose rows about a customer are derived from their data and are deleted on erasure. */
const DERIVED_TABLES = ['customer_scores', 'events'];

/**
 * Tables keyed (run or snapshot, customer) with no index by customer alone, which every run's
 * million inserts would pay for: a customer's rows go one run at a time through the primary key.
 * The runs are read from the table itself (a loose scan of the key's prefix), so rows of a run whose
 * header is gone are found too.
 */
const PER_RUN_TABLES = [{ table: 'customer_features', run: 'snapshot_id' }, { table: 'segment_memberships', run: 'run_id' }];

async function deletePerRun(manager: EntityManager, table: string, run: string, customerId: number): Promise<void> {
  const runs: { id: unknown }[] = await manager.query(`SELECT DISTINCT ${run} AS id FROM ${table}`);
  const ids = runs.map((r) => sqlNumber(r.id));
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    await manager.query(`DELETE FROM ${table} WHERE ${run} IN (${slice.map(() => '?').join(', ')}) AND customer_id = ?`, [...slice, customerId]);
  }
}

/** Other modules register how they tombstone a customer in their own tables (audience snapshots...). */
type EraseHook = (manager: EntityManager, customerId: number) => Promise<void>;
const hooks: EraseHook[] = [];
export function onCustomerErased(hook: EraseHook): void {
  hooks.push(hook);
}

/**
 * GDPR erasure, in one transaction: personal fields are cleared and consents withdrawn (the row
 * stays as a tombstone with its source id, so imports and tag exports can honour the erasure);
 * derived traces (features, memberships, scores, browsing events) are deleted; orders stay for
 * the books but no longer point at the person. The audit log records the erasure itself.
 */
export async function eraseCustomer(dataSource: DataSource, customerId: number, actor = 'system'): Promise<CustomerEntity> {
  return dataSource.transaction(async (manager) => {
    const customer = await manager.findOneBy(CustomerEntity, { id: customerId });
    if (!customer) throw new AppError('NOT_FOUND', `Customer ${customerId} not found`);
    if (customer.erasedAt) return customer;
    const now = new Date();
    // The opt-outs erasure implies go into the consent history, before the row forgets what it had.
    await recordErasureConsent(manager, customer, actor, now);
    await manager.update(CustomerEntity, { id: customerId }, {
      email: null, name: null, city: null, gender: null, birthDate: null, signupAt: null, attributes: null as never, country: null,
      consentEmail: false, consentSms: false, consentPush: false, optedOutEmail: true, optedOutSms: true, optedOutPush: true,
      erasedAt: now, updatedAt: now,
    });
    for (const { table, run } of PER_RUN_TABLES) await deletePerRun(manager, table, run, customerId);
    for (const table of DERIVED_TABLES) await manager.query(`DELETE FROM ${table} WHERE customer_id = ?`, [customerId]);
    // The trigger on customers already marked the targeting row erased; the derived columns go too.
    await refreshTargetingRows(manager, [customerId]);
    await manager.query('UPDATE orders SET customer_id = NULL WHERE customer_id = ?', [customerId]);
    // Campaign membership rows stay (what a campaign reached must not change) and now point at the
    // tombstone; outcomes used as training labels go, so the person is out of future training data.
    await manager.query('DELETE FROM campaign_outcomes WHERE customer_id = ?', [customerId]);
    // The tombstone every tag feed and destination reads: the customer is gone, with no personal data.
    await recordChanges(manager, [{ customerId, kind: 'erasure', before: null, after: 'erased', reason: 'erasure' }], now);
    for (const hook of hooks) await hook(manager, customerId);
    return manager.findOneByOrFail(CustomerEntity, { id: customerId });
  });
}
