import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';
import { CustomerFeaturesEntity, FeatureSnapshotEntity } from '../server/src/modules/features/index.js';
import {
  cohortRetention, featureCorrelations, featureDistribution, outliers, revenueByMonth, rfmGroupCounts,
} from '../server/src/modules/analytics/index.js';

/**
 * Three customers with hand-picked orders and features, so every expectation below is worked out
 * by hand in its comment.
 *   A: completed 2011-01-05 100.00, completed 2011-02-10 50.00
 *   B: completed 2011-01-20 30.00, cancelled 2011-02-11 −10.00, completed 2011-03-01 20.00
 *   C: completed 2011-02-15 40.00
 * Newest snapshot (id 2): recencyDays 1,2,3; frequency 3,2,1; monetary 10,20,90; avgOrderValue null,10,30.
 */
async function seedHandPicked(dataSource: DataSource): Promise<Record<'A' | 'B' | 'C', number>> {
  const isSqlite = dataSource.options.type === 'better-sqlite3';
  const ts = (iso: string) => (isSqlite ? iso.replace('T', ' ').replace('Z', '') : new Date(iso));
  const now = ts('2011-12-10T00:00:00.000Z');
  const ids: Record<string, number> = {};
  for (const ext of ['A', 'B', 'C']) {
    await dataSource.query(`INSERT INTO customers (external_id, country, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at) VALUES (?, 'United Kingdom', 1, 0, 0, 0, 0, 0, ?, ?)`, [ext, now, now]);
    const [{ id }] = await dataSource.query('SELECT id FROM customers WHERE external_id = ?', [ext]);
    ids[ext] = Number(id);
  }
  const orders: [string, string, string, string, number][] = [
    ['1', 'A', '2011-01-05T10:00:00.000Z', 'completed', 100],
    ['2', 'A', '2011-02-10T10:00:00.000Z', 'completed', 50],
    ['3', 'B', '2011-01-20T10:00:00.000Z', 'completed', 30],
    ['C4', 'B', '2011-02-11T10:00:00.000Z', 'cancelled', -10],
    ['5', 'B', '2011-03-01T00:00:00.000Z', 'completed', 20],
    ['6', 'C', '2011-02-15T10:00:00.000Z', 'completed', 40],
  ];
  for (const [invoice, customer, at, status, amount] of orders) {
    await dataSource.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, country, total_amount, item_count, line_count) VALUES (?, ?, ?, ?, 'United Kingdom', ?, 1, 1)`, [invoice, ids[customer], ts(at), status, amount]);
  }
  const snapshots = dataSource.getRepository(FeatureSnapshotEntity);
  const features = dataSource.getRepository(CustomerFeaturesEntity);
  const base = { rScore: 3, fScore: 3, mScore: 3, rfmGroup: 'Loyal', tenureDays: 100, firstOrderAt: new Date('2011-01-05T10:00:00Z'), lastOrderAt: new Date('2011-03-01T00:00:00Z') };
  const older = await snapshots.save(snapshots.create({ asOf: new Date('2011-06-01T00:00:00Z'), definitionVersion: 'test', definitions: {}, customerCount: 1, summary: { rfmGroups: { Loyal: 1 } }, createdAt: new Date() }));
  await features.save(features.create({ ...base, snapshotId: older.id, customerId: ids.A, recencyDays: 500, frequency: 50, monetary: 5000, avgOrderValue: 100 }));
  const newest = await snapshots.save(snapshots.create({ asOf: new Date('2011-12-10T00:00:00Z'), definitionVersion: 'test', definitions: {}, customerCount: 3, summary: { rfmGroups: { Champions: 1, Lost: 2 } }, createdAt: new Date() }));
  const rows: [string, number, number, number, number | null][] = [['A', 1, 3, 10, null], ['B', 2, 2, 20, 10], ['C', 3, 1, 90, 30]];
  for (const [ext, recencyDays, frequency, monetary, avgOrderValue] of rows) {
    await features.save(features.create({ ...base, snapshotId: newest.id, customerId: ids[ext], recencyDays, frequency, monetary, avgOrderValue }));
  }
  return ids as Record<'A' | 'B' | 'C', number>;
}

describe.each(TEST_DIALECTS)('analytics queries on %s', (dialect) => {
  let db: TestDatabase;
  let ids: Record<'A' | 'B' | 'C', number>;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ids = await seedHandPicked(db.dataSource);
  });
  afterAll(async () => { await db?.drop(); });

  it('sums revenue per month net of cancellations, `to` exclusive', async () => {
    await expect(revenueByMonth(db.dataSource)).resolves.toEqual([
      // The data starts on 5 January and ends on 1 March: those two months are covered in part.
      { month: '2011-01', revenue: 130, orders: 2, cancellations: 0, partial: true }, // 100 + 30
      { month: '2011-02', revenue: 80, orders: 2, cancellations: 1, partial: false }, // 50 + 40 − 10
      { month: '2011-03', revenue: 20, orders: 1, cancellations: 0, partial: true },
    ]);
    await expect(revenueByMonth(db.dataSource, new Date('2011-02-01T00:00:00Z'), new Date('2011-03-01T00:00:00Z')))
      .resolves.toEqual([{ month: '2011-02', revenue: 80, orders: 2, cancellations: 1, partial: true }]); // 10 to 15 February only
  });

  it('bins a feature of the newest snapshot, linear and log1p', async () => {
    const linear = await featureDistribution(db.dataSource, 'monetary', 2, false);
    // min 10, max 90, width 40: {10, 20} | {90}
    expect(linear).toMatchObject({ count: 3, missing: 0, min: 10, max: 90, mean: 40, bins: [{ from: 10, to: 50, count: 2 }, { from: 50, to: 90, count: 1 }] });
    const log = await featureDistribution(db.dataSource, 'monetary', 2, true);
    // log1p: 2.398, 3.045, 4.511; midpoint 3.454
    expect(log.bins.map((b) => b.count)).toEqual([2, 1]);
    expect(log.bins[0].from).toBeCloseTo(Math.log1p(10), 10);
    const aov = await featureDistribution(db.dataSource, 'avgOrderValue', 2, false);
    expect(aov).toMatchObject({ count: 2, missing: 1 });
    await expect(featureDistribution(db.dataSource, 'password', 2, false)).rejects.toThrow(/Unknown feature/);
  });

  it('correlates features pairwise over the newest snapshot', async () => {
    const result = await featureCorrelations(db.dataSource, ['recencyDays', 'frequency', 'monetary', 'avgOrderValue']);
    expect(result.customers).toBe(3);
    expect(result.values[0][0]).toBe(1);
    expect(result.values[0][1]).toBeCloseTo(-1, 10);
    expect(result.values[0][2]).toBeCloseTo(80 / Math.sqrt(7600), 10); // 0.9177
    expect(result.values[2][0]).toBeCloseTo(80 / Math.sqrt(7600), 10);
    expect(result.values[0][3]).toBeCloseTo(1, 10); // B and C only: (2, 10), (3, 30)
  });

  it('lists the customers farthest from the mean', async () => {
    // mean 40; population variance (100 + 400 + 8100) / 3 − 1600 = 1266.67, sd 35.59
    const sd = Math.sqrt(8600 / 3 - 1600);
    const result = await outliers(db.dataSource, 'monetary', 2);
    expect(result.map((o) => [o.customerId, o.externalId, o.value])).toEqual([[ids.C, 'C', 90], [ids.A, 'A', 10]]);
    expect(result[0].zScore).toBeCloseTo(50 / sd, 10);
    expect(result[1].zScore).toBeCloseTo(-30 / sd, 10);
  });

  it('computes monthly cohort retention from completed orders', async () => {
    // Cohort 2011-01 = {A, B}: Feb A only (B's Feb order was a cancellation), Mar B. Cohort 2011-02 = {C}.
    await expect(cohortRetention(db.dataSource, 12)).resolves.toEqual([
      { cohort: '2011-01', customers: 2, retention: [1, 0.5, 0.5] },
      { cohort: '2011-02', customers: 1, retention: [1, 0] },
    ]);
    await expect(cohortRetention(db.dataSource, 1)).resolves.toEqual([
      { cohort: '2011-01', customers: 2, retention: [1, 0.5] },
      { cohort: '2011-02', customers: 1, retention: [1, 0] },
    ]);
  });

  it('counts RFM groups from the newest snapshot, largest first', async () => {
    await expect(rfmGroupCounts(db.dataSource)).resolves.toEqual([{ group: 'Lost', customers: 2 }, { group: 'Champions', customers: 1 }]);
  });
});

describe.each(TEST_DIALECTS)('analytics over seeded behaviour groups on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await seedBehaviourGroups(db.dataSource, 10);
  });
  afterAll(async () => { await db?.drop(); });

  it('counts every completed order once across the months, and answers empty before any snapshot', async () => {
    const [{ n, total }] = await db.dataSource.query("SELECT COUNT(*) AS n, SUM(total_amount) AS total FROM orders WHERE status = 'completed'");
    const months = await revenueByMonth(db.dataSource);
    expect(months.reduce((sum, m) => sum + m.orders, 0)).toBe(Number(n));
    expect(months.reduce((sum, m) => sum + m.revenue, 0)).toBeCloseTo(Number(total), 2);
    const cohorts = await cohortRetention(db.dataSource, 12);
    expect(cohorts.reduce((sum, c) => sum + c.customers, 0)).toBe(30);
    await expect(featureDistribution(db.dataSource, 'monetary', 10, false)).resolves.toMatchObject({ snapshotId: null, bins: [] });
    await expect(rfmGroupCounts(db.dataSource)).resolves.toEqual([]);
  });
});
