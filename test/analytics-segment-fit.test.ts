import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';

const START = `mutation($input: StartSegmentationInput!) { startSegmentation(input: $input) { run { id } } }`;
const RUN = `query($id: ID!) { SegmentationRun(id: $id) { id status error isLive snapshotId } }`;
const FIT = `query($id: ID!) { segmentFit(customerId: $id) { runId dimensions customer segments { segmentId label centroid distance } }
  Customer(id: $id) { segment { id label } } }`;

describe.each(TEST_DIALECTS)('segmentFit ("why this segment") on %s', (dialect) => {
  let server: TestServer;
  let runId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    await seedBehaviourGroups(server.app.dataSource, 10);
    // One feature, no transforms but scaling, so the standardised value is (x − mean) / sd by hand.
    const started = await server.as.analyst.gql(START, { input: { features: ['frequency'], log1p: [], noWinsorize: true, k: 3, seed: 3, nInit: 3 } });
    expect(started.errors).toBeUndefined();
    runId = started.data!.startSegmentation.run.id;
    await until(async () => {
      const run = (await server.as.analyst.gql(RUN, { id: runId })).data?.SegmentationRun;
      if (run?.status === 'failed') throw new Error(run.error);
      return run?.status === 'succeeded' && run.isLive ? run : null;
    }, 60_000, 100);
  });
  afterAll(async () => { await server?.stop(); });

  it('places the customer in the run space, nearest centroid first, matching the live membership', async () => {
    const rows: { customer_id: number; frequency: number }[] = await server.app.dataSource.query(
      'SELECT customer_id, frequency FROM customer_features WHERE snapshot_id = (SELECT snapshot_id FROM segmentation_runs WHERE id = ?) ORDER BY customer_id', [Number(runId)],
    );
    const xs = rows.map((r) => Number(r.frequency));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length); // population sd, as StandardScaler
    for (const row of [rows[0], rows[15], rows[29]]) {
      const result = await server.as.marketer.gql(FIT, { id: String(row.customer_id) });
      expect(result.errors).toBeUndefined();
      const fit = result.data!.segmentFit;
      expect(fit.runId).toBe(runId);
      expect(fit.dimensions).toEqual(['frequency']);
      expect(fit.customer[0]).toBeCloseTo((Number(row.frequency) - mean) / sd, 9);
      expect(fit.segments).toHaveLength(3);
      const distances = fit.segments.map((s: { distance: number }) => s.distance);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      expect(distances[0]).toBeCloseTo(Math.abs(fit.segments[0].centroid[0] - fit.customer[0]), 12);
      expect(fit.segments[0].label).toBe(result.data!.Customer.segment.label);
    }
  });

  it('answers NOT_FOUND for a customer without features', async () => {
    const result = await server.as.analyst.gql(FIT, { id: '999999' });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
