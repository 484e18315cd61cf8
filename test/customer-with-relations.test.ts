import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoaders } from '../server/src/graphql/loaders.js';
import { CustomerEntity, readCustomerWithRelations } from '../server/src/modules/customers/index.js';
import { CustomerScoreEntity } from '../server/src/modules/models/index.js';
import { LiveSegmentationEntity, SegmentEntity, SegmentMembershipEntity, SegmentationRunEntity } from '../server/src/modules/segmentation/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';

const BOTH = [{ segment: false, scores: false }, { segment: true, scores: false }, { segment: false, scores: true }, { segment: true, scores: true }];

describe.each(TEST_DIALECTS)('a customer and its relations in one statement on %s', (dialect) => {
  let db: TestDatabase;
  /** In the live run with scores; in the live run without; only in an older run; in no run. */
  let scored: number, unscored: number, older: number, none: number;
  let liveSegment: number;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    const ds = db.dataSource;
    const now = new Date('2024-06-01T08:09:10.000Z');
    const customers = ds.getRepository(CustomerEntity);
    const make = async (externalId: string) => (await customers.save(customers.create({
      externalId, email: `${externalId}@example.com`, name: externalId, country: 'France', consentEmail: true, consentSms: false, consentPush: false,
      optedOutEmail: false, optedOutSms: false, optedOutPush: false, createdAt: now, updatedAt: now,
    }))).id;
    [scored, unscored, older, none] = [await make('A'), await make('B'), await make('C'), await make('D')];
    const runs = ds.getRepository(SegmentationRunEntity);
    const run = async () => (await runs.save(runs.create({ dataSet: 'default', status: 'succeeded', algorithm: 'kmeans', params: {}, k: 2, customerCount: 3, createdAt: now }))).id;
    const [oldRun, liveRun] = [await run(), await run()];
    const segments = ds.getRepository(SegmentEntity);
    const segment = async (runId: number, label: number) => (await segments.save(segments.create({
      runId, label, size: 1, revenueShare: 0.5, shareOfCustomers: 0.5, centroid: { recency: label * 10.5 }, centroidStandardised: [label, -label], profile: { note: 'ü' },
    }))).id;
    const oldSegment = await segment(oldRun, 0);
    liveSegment = await segment(liveRun, 1);
    await ds.getRepository(SegmentMembershipEntity).insert([
      { runId: oldRun, customerId: scored, segmentId: oldSegment, distance: 1 }, { runId: oldRun, customerId: older, segmentId: oldSegment, distance: 2 },
      { runId: liveRun, customerId: scored, segmentId: liveSegment, distance: 0.25 }, { runId: liveRun, customerId: unscored, segmentId: liveSegment, distance: 0.5 },
    ]);
    await ds.getRepository(LiveSegmentationEntity).insert({ dataSet: 'default', runId: liveRun, activatedAt: now, activatedBy: 'test' });
    await ds.getRepository(CustomerScoreEntity).insert([
      { customerId: scored, responseProbability: 0.625, responseModelId: 3, predictedSegmentId: liveSegment, predictedSegmentProbability: 0.75, modelVersions: 'response:v3', scoredAt: now },
      { customerId: older, responseProbability: null, modelVersions: null, scoredAt: now },
    ]);
  });
  afterAll(async () => { await db?.drop(); });

  it('gives what the repository and the loaders give, for every customer and every choice of relations', async () => {
    const ds = db.dataSource;
    for (const id of [scored, unscored, older, none]) {
      const loaders = createLoaders(ds);
      const customer = await ds.getRepository(CustomerEntity).findOneByOrFail({ id });
      const segment = await loaders.liveSegmentByCustomer.load(id);
      const scores = await loaders.scoresByCustomer.load(id);
      for (const relations of BOTH) {
        const read = await readCustomerWithRelations(ds, id, relations);
        expect(read.customer).toBeInstanceOf(CustomerEntity);
        expect(read.customer).toEqual(customer);
        if (relations.segment) expect(read.segment).toEqual(segment); else expect(read).not.toHaveProperty('segment');
        if (relations.scores) expect(read.scores).toEqual(scores); else expect(read).not.toHaveProperty('scores');
      }
    }
  });

  it('finds the live segment, not an older run\'s, and null where there is none', async () => {
    const read = async (id: number) => readCustomerWithRelations(db.dataSource, id, { segment: true, scores: true });
    const a = await read(scored);
    expect(a.segment).toBeInstanceOf(SegmentEntity);
    expect(a.segment).toMatchObject({ id: liveSegment, label: 1, centroid: { recency: 10.5 }, centroidStandardised: [1, -1], profile: { note: 'ü' } });
    expect(a.scores).toBeInstanceOf(CustomerScoreEntity);
    expect(a.scores).toMatchObject({ customerId: scored, responseProbability: 0.625, predictedSegmentId: liveSegment, modelVersions: 'response:v3' });
    expect(a.scores!.scoredAt).toEqual(new Date('2024-06-01T08:09:10.000Z'));
    expect((await read(unscored))).toMatchObject({ segment: { id: liveSegment }, scores: null });
    expect((await read(older))).toMatchObject({ segment: null, scores: { customerId: older, responseProbability: null } });
    expect((await read(none))).toMatchObject({ segment: null, scores: null });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    await expect(readCustomerWithRelations(db.dataSource, 999_999, { segment: true, scores: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
