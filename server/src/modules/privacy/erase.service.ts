import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { CustomerEntity } from '../customers/customer.entity.js';
import { refreshTargetingRows } from '../targeting/index.js';

/** Tables whose rows about a customer are derived from their data and are deleted on erasure (features: deleteFeatureRows). */
const DERIVED_TABLES = ['segment_memberships', 'customer_scores', 'events'];

/**
 * A customer's feature rows, one snapshot at a time through the primary key (snapshot_id,
 * customer_id): the table has no index by customer alone, which every snapshot's million inserts
 * would pay for. The snapshots are read from the table itself (a loose scan of the key's prefix), so
 * rows of a snapshot whose header is gone are found too.
 */
async function deleteFeatureRows(manager: EntityManager, customerId: number): Promise<void> {
  const snapshots: { id: number }[] = await manager.query('SELECT DISTINCT snapshot_id AS id FROM customer_features');
  const ids = snapshots.map((s) => Number(s.id));
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    await manager.query(`DELETE FROM customer_features WHERE snapshot_id IN (${slice.map(() => '?').join(', ')}) AND customer_id = ?`, [...slice, customerId]);
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
export async function eraseCustomer(dataSource: DataSource, customerId: number): Promise<CustomerEntity> {
  return dataSource.transaction(async (manager) => {
    const customer = await manager.findOneBy(CustomerEntity, { id: customerId });
    if (!customer) throw new AppError('NOT_FOUND', `Customer ${customerId} not found`);
    if (customer.erasedAt) return customer;
    const now = new Date();
    await manager.update(CustomerEntity, { id: customerId }, {
      email: null, name: null, city: null, gender: null, birthDate: null, signupAt: null, attributes: null as never, country: null,
      consentEmail: false, consentSms: false, consentPush: false, optedOutEmail: true, optedOutSms: true, optedOutPush: true,
      erasedAt: now, updatedAt: now,
    });
    await deleteFeatureRows(manager, customerId);
    for (const table of DERIVED_TABLES) await manager.query(`DELETE FROM ${table} WHERE customer_id = ?`, [customerId]);
    // The trigger on customers already marked the targeting row erased; the derived columns go too.
    await refreshTargetingRows(manager, [customerId]);
    await manager.query('UPDATE orders SET customer_id = NULL WHERE customer_id = ?', [customerId]);
    // Campaign membership rows stay (what a campaign reached must not change) and now point at the
    // tombstone; outcomes used as training labels go, so the person is out of future training data.
    await manager.query('DELETE FROM campaign_outcomes WHERE customer_id = ?', [customerId]);
    for (const hook of hooks) await hook(manager, customerId);
    return manager.findOneByOrFail(CustomerEntity, { id: customerId });
  });
}
