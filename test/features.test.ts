import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
import { ProductEntity } from '../server/src/modules/products/index.js';
import { OrderEntity, OrderLineEntity } from '../server/src/modules/orders/index.js';
import { EventEntity } from '../server/src/modules/events/index.js';
import { CustomerFeaturesEntity, computeFeatures, createFeatureSnapshot, defaultAsOf } from '../server/src/modules/features/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';

/** Three customers with hand-computed features (see the expectations below). */
async function seed(db: TestDatabase) {
  const ds = db.dataSource;
  const now = new Date();
  const customers = await ds.getRepository(CustomerEntity).save([
    { externalId: 'A', country: 'France', birthDate: '1980-06-01', createdAt: now, updatedAt: now },
    { externalId: 'B', country: 'Spain', createdAt: now, updatedAt: now },
    { externalId: 'C', country: 'France', createdAt: now, updatedAt: now },
  ].map((c) => ds.getRepository(CustomerEntity).create(c)));
  const [a, b, c] = customers.map((x) => x.id);
  const products = await ds.getRepository(ProductEntity).save([
    { stockCode: 'MUG', description: 'MUG', category: 'Kitchen', isMerchandise: true },
    { stockCode: 'CARD', description: 'CARD', category: 'Stationery', isMerchandise: true },
  ]);
  const order = (invoiceNo: string, customerId: number, at: string, status: string, lines: [number, number, number][]) => ({ invoiceNo, customerId, at, status, lines });
  const orders = [
    order('1', a, '2011-01-10T10:00:00Z', 'completed', [[products[0].id, 2, 5], [products[1].id, 10, 1]]), // 20
    order('2', a, '2011-03-10T10:00:00Z', 'completed', [[products[0].id, 4, 5]]), // 20
    order('C3', a, '2011-03-11T10:00:00Z', 'cancelled', [[products[0].id, -1, 5]]), // -5
    order('4', b, '2011-12-01T09:00:00Z', 'completed', [[products[1].id, 100, 1]]), // 100
    order('5', c, '2011-12-20T09:00:00Z', 'completed', [[products[1].id, 1, 1]]), // after asOf: ignored
  ];
  for (const o of orders) {
    const total = o.lines.reduce((s, [, q, p]) => s + q * p, 0);
    const saved = await ds.getRepository(OrderEntity).save(ds.getRepository(OrderEntity).create({
      invoiceNo: o.invoiceNo, customerId: o.customerId, orderedAt: new Date(o.at), status: o.status, country: null,
      totalAmount: total, itemCount: o.lines.reduce((s, [, q]) => s + q, 0), lineCount: o.lines.length,
    }));
    await ds.getRepository(OrderLineEntity).save(o.lines.map(([productId, quantity, unitPrice]) => ({ orderId: saved.id, productId, quantity, unitPrice, amount: quantity * unitPrice, isOutlier: false })));
  }
  await ds.getRepository(EventEntity).save([
    { eventKey: 'e1', customerId: b, sessionId: 's1', type: 'product_view', occurredAt: new Date('2011-11-30T10:00:00Z') },
    { eventKey: 'e2', customerId: b, sessionId: 's1', type: 'add_to_cart', occurredAt: new Date('2011-11-30T10:01:00Z') },
    { eventKey: 'e3', customerId: b, sessionId: 's2', type: 'product_view', occurredAt: new Date('2011-12-01T08:00:00Z') },
  ].map((e) => ds.getRepository(EventEntity).create({ ...e, productId: null, category: null })));
  return { a, b, c };
}

describe.each(TEST_DIALECTS)('customer features on %s', (dialect) => {
  let db: TestDatabase;
  let ids: { a: number; b: number; c: number };
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ids = await seed(db);
  });
  afterAll(async () => { await db?.drop(); });

  it('computes RFM and the other features as of a date, ignoring later orders', async () => {
    const asOf = new Date('2011-12-10T00:00:00Z');
    const snapshot = await createFeatureSnapshot(db.dataSource, asOf);
    expect(snapshot.customerCount).toBe(2);
    const rows = await db.dataSource.getRepository(CustomerFeaturesEntity).find({ where: { snapshotId: snapshot.id }, order: { customerId: 'ASC' } });
    const a = rows.find((r) => r.customerId === ids.a)!;
    const b = rows.find((r) => r.customerId === ids.b)!;
    expect(rows.find((r) => r.customerId === ids.c)).toBeUndefined();
    expect(a).toMatchObject({ frequency: 2, monetary: 35, recencyDays: 274, tenureDays: 333, returnCount: 1, returnRate: 0.5, avgOrderValue: 17.5, country: 'France', ageBand: '25-34', topCategory: 'Kitchen' });
    expect(a.meanDaysBetweenOrders).toBeCloseTo(59, 9);
    expect(a.categoryShares).toEqual({ Kitchen: 0.75, Stationery: 0.25 });
    expect(b).toMatchObject({ frequency: 1, monetary: 100, recencyDays: 8, sessions: 2, productViews: 2, cartAdds: 1, viewToPurchaseRate: 0.5, meanDaysBetweenOrders: null });
    // Two customers: positions 0 and 1 → scores 1 and 3.
    expect([a.rScore, b.rScore]).toEqual([1, 3]);
    expect([a.fScore, b.fScore]).toEqual([3, 1]);
    expect([a.mScore, b.mScore]).toEqual([1, 3]);
    expect(snapshot.definitions.version).toBe('v1');
  });

  it('computes the same features whatever the size of the customer-id ranges it queries', async () => {
    const asOf = new Date('2011-12-10T00:00:00Z');
    const whole = await computeFeatures(db.dataSource, asOf, 0);
    expect(whole).toHaveLength(2);
    // One customer per query: every range boundary falls between two customers.
    expect(await computeFeatures(db.dataSource, asOf, 0, { customersPerQuery: 1 })).toEqual(whole);
    expect(await computeFeatures(db.dataSource, asOf, 0, { customersPerQuery: 2 })).toEqual(whole);
  });

  it('takes the day after the last order as the default as-of date', async () => {
    expect((await defaultAsOf(db.dataSource)).toISOString()).toBe('2011-12-21T00:00:00.000Z');
  });
});
