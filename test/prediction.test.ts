// Training, evaluation, registry, scoring and per-customer answers over real HTTP, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedCampaignHistory } from './helpers/seed-campaigns.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';
import { normaliseDefinition, compileAudience, evaluationContext, audienceFunnel } from '../server/src/modules/audiences/index.js';
import { currentSources, readTargetingState, reflects } from '../server/src/modules/targeting/index.js';

const TRAIN = `mutation($input: TrainModelInput!) { trainModel(input: $input) { existing model { id status } } }`;
const MODEL = `query($id: ID!) { Model(id: $id) { id kind version status error isActive trainingRows testRows windowStart windowEnd featureNames artefactSize
  hyperparameters { nEstimators maxDepth minSamplesLeaf maxFeatures classWeight bootstrap seed }
  evaluation { task trainingRows testRows threshold positiveRate accuracy precision recall f1 rocAuc prAuc logLoss oobScore
    confusionMatrix { labels names matrix } perClass { label name precision recall f1 support }
    rocCurve { x y threshold } prCurve { x y threshold } calibration { lower upper count meanPredicted fractionPositive }
    lift { decile count positives responseRate lift cumulativeGain cumulativeLift }
    featureImportance { feature impurity permutationMean permutationStd } crossValidation { folds metric mean std perFold } } } }`;
const ACTIVATE = `mutation($id: ID!) { activateModel(id: $id) { kind modelId previousModelId activations } }`;
const SCORE_BY_ID = `query($id: ID!) { scoreCustomer(customerId: $id) { customerId responseProbability modelVersions responseModel { id version }
  segmentModel { id version } predictedSegment { id } predictedSegmentIsLive } }`;

const nonDecreasing = (values: number[]) => values.every((v, i) => i === 0 || v >= values[i - 1] - 1e-12);

function helpers(server: () => TestServer) {
  const waitForModel = (id: string) => until(async () => {
    const res = await server().as.analyst.gql(MODEL, { id });
    const model = res.data?.Model;
    if (res.errors) throw new Error(res.errors[0].message);
    if (model && ['failed', 'cancelled'].includes(model.status)) throw new Error(`model ${id} ${model.status}: ${model.error}`);
    return model?.status === 'succeeded' ? model : null;
  }, 60_000, 100);
  const train = async (input: Record<string, unknown>) => {
    const res = await server().as.analyst.gql(TRAIN, { input });
    if (res.errors) throw new Error(res.errors[0].message);
    return waitForModel(res.data!.trainModel.model.id);
  };
  const score = async () => {
    const res = await server().as.marketer.gql(`mutation { startScoring { jobId existing } }`);
    expect(res.errors).toBeUndefined();
    return until(async () => {
      const job = (await server().as.analyst.gql(`query($id: ID!) { Job(id: $id) { status error result } }`, { id: res.data!.startScoring.jobId })).data?.Job;
      if (job && ['failed', 'cancelled'].includes(job.status)) throw new Error(`scoring ${job.status}: ${job.error}`);
      return job?.status === 'succeeded' ? job : null;
    }, 60_000, 100);
  };
  return { train, score };
}

describe.each(TEST_DIALECTS)('response model on %s', (dialect) => {
  let server: TestServer;
  let customerIds: number[];
  /** The first response model, as it was when training finished: version 1, active by itself. */
  let firstModel: Awaited<ReturnType<ReturnType<typeof helpers>['train']>>;
  const { train, score } = helpers(() => server);
  const input = { kind: 'response', nEstimators: 40, seed: 7, cvFolds: 3, testFraction: 0.3 };

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    ({ customerIds } = await seedCampaignHistory(server.app.dataSource, 300, 3));
    firstModel = await train(input);
  });
  afterAll(async () => { await server?.stop(); });

  it('learns that recent, frequent buyers respond, and stores a consistent evaluation', async () => {
    const model = firstModel;
    const e = model.evaluation;
    expect(model).toMatchObject({ kind: 'response', version: 1, isActive: true, trainingRows: 420, testRows: 180 });
    expect(model.hyperparameters).toMatchObject({ nEstimators: 40, seed: 7, maxDepth: 12, bootstrap: true });
    expect(new Date(model.windowStart).toISOString()).toBe('2011-06-01T09:00:00.000Z');
    expect(e.task).toBe('binary');
    expect(e.rocAuc).toBeGreaterThan(0.75);
    expect(e.crossValidation).toMatchObject({ folds: 3, metric: 'rocAuc' });
    expect(e.crossValidation.mean).toBeGreaterThan(0.7);
    expect(e.oobScore).toBeGreaterThan(0.5);
    for (const v of [e.accuracy, e.precision, e.recall, e.f1, e.prAuc, e.positiveRate]) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
    expect(e.logLoss).toBeGreaterThan(0);
    // Confusion matrix at the threshold agrees with the threshold metrics.
    const [[tn, fp], [fn, tp]] = e.confusionMatrix.matrix;
    expect(tn + fp + fn + tp).toBe(180);
    expect(e.accuracy).toBeCloseTo((tp + tn) / 180, 12);
    expect(e.recall).toBeCloseTo(tp / (tp + fn), 12);
    expect(e.positiveRate).toBeCloseTo((tp + fn) / 180, 12);
    // Curves: ROC from (0,0) to (1,1), both coordinates non-decreasing; PR recall falls as the threshold rises.
    const fpr = e.rocCurve.map((p: { x: number }) => p.x), tpr = e.rocCurve.map((p: { y: number }) => p.y);
    expect([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    expect(nonDecreasing(fpr) && nonDecreasing(tpr)).toBe(true);
    expect(nonDecreasing(e.prCurve.map((p: { x: number }) => -p.x))).toBe(true);
    expect(nonDecreasing(e.prCurve.map((p: { threshold: number }) => p.threshold))).toBe(true);
    for (const bin of e.calibration) {
      expect(bin.meanPredicted).toBeGreaterThanOrEqual(bin.lower - 1e-12);
      expect(bin.meanPredicted).toBeLessThanOrEqual(bin.upper + 1e-12);
    }
    expect(e.calibration.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(180);
    expect(e.lift).toHaveLength(10);
    expect(e.lift[0].lift).toBeGreaterThan(1.5);
    expect(e.lift.at(-1).cumulativeGain).toBeCloseTo(1, 12);
    expect(nonDecreasing(e.lift.map((r: { cumulativeGain: number }) => r.cumulativeGain))).toBe(true);
    expect(e.featureImportance.map((f: { feature: string }) => f.feature)).toEqual(model.featureNames);
    expect(e.featureImportance.reduce((s: number, f: { impurity: number }) => s + f.impurity, 0)).toBeCloseTo(1, 9);
    const top = [...e.featureImportance].sort((a, b) => b.permutationMean - a.permutationMean).slice(0, 3).map((f) => f.feature);
    expect(top.some((f: string) => ['recencyDays', 'frequency', 'tenureDays'].includes(f))).toBe(true);
  });

  it('reproduces a version exactly from the same seed, and activates and rolls back', async () => {
    const first = firstModel;
    const second = await train(input);
    expect(second.version).toBe(2);
    expect(second.isActive).toBe(false);
    const artefacts = await server.app.dataSource.query('SELECT artefact FROM model_versions WHERE id IN (?, ?) ORDER BY id', [Number(first.id), Number(second.id)]);
    expect(artefacts[1].artefact).toBe(artefacts[0].artefact);
    const firstEvaluation = (await server.as.analyst.gql(MODEL, { id: first.id })).data!.Model.evaluation;
    expect(second.evaluation).toEqual(firstEvaluation);

    const activated = await server.as.marketer.gql(ACTIVATE, { id: second.id });
    expect(activated.data?.activateModel).toMatchObject({ kind: 'response', modelId: second.id, previousModelId: first.id, activations: 2 });
    const rolledBack = await server.as.analyst.gql(`mutation { rollbackModel(kind: "response") { modelId previousModelId } }`);
    expect(rolledBack.data?.rollbackModel).toEqual({ modelId: first.id, previousModelId: second.id });
    const active = await server.as.integration.gql(`{ activeModels { kind modelId } allModels { id isActive } _allModelsMeta { count } }`);
    expect(active.data?.activeModels).toEqual([{ kind: 'response', modelId: first.id }]);
    expect(active.data?._allModelsMeta.count).toBe(2);
    expect(active.data?.allModels.filter((m: { isActive: boolean }) => m.isActive).map((m: { id: string }) => m.id)).toEqual([first.id]);
    // Readers may read, not train or activate.
    expect((await server.as.integration.gql(TRAIN, { input })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.as.integration.gql(ACTIVATE, { id: second.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.as.analyst.gql(TRAIN, { input: { kind: 'response', seed: -1 } })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('scores every customer into customer_scores and answers one customer with the active version', async () => {
    const job = await score();
    expect(job.result).toMatchObject({ customers: 300, segmentModelId: null });
    const rows = await server.app.dataSource.query('SELECT customer_id, response_probability, response_model_id, model_versions FROM customer_scores ORDER BY customer_id');
    expect(rows.map((r: { customer_id: unknown }) => Number(r.customer_id))).toEqual(customerIds);
    const active = (await server.as.analyst.gql(`{ activeModels { modelId } }`)).data!.activeModels[0].modelId;
    for (const row of rows) {
      expect(Number(row.response_probability)).toBeGreaterThanOrEqual(0);
      expect(Number(row.response_probability)).toBeLessThanOrEqual(1);
      expect(String(row.response_model_id)).toBe(active);
      expect(row.model_versions).toBe('response:v1');
    }
    const started = Date.now();
    const one = await server.as.integration.gql(SCORE_BY_ID, { id: customerIds[0] });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(one.errors).toBeUndefined();
    expect(one.data?.scoreCustomer).toMatchObject({ responseModel: { id: active, version: 1 }, segmentModel: null, modelVersions: 'response:v1' });
    expect(one.data?.scoreCustomer.responseProbability).toBeCloseTo(Number(rows[0].response_probability), 12);
    // The stored scores, as an integration reads them with the customer.
    const stored = await server.as.integration.gql(`query($id: ID!) { Customer(id: $id) { scores { responseProbability predictedSegmentId modelVersions scoredAt } } }`, { id: customerIds[0] });
    expect(stored.errors).toBeUndefined();
    expect(stored.data?.Customer.scores).toMatchObject({ predictedSegmentId: null, modelVersions: 'response:v1' });
    expect(stored.data?.Customer.scores.responseProbability).toBeCloseTo(Number(rows[0].response_probability), 12);
    expect(Math.abs(Date.parse(stored.data?.Customer.scores.scoredAt) - Date.now())).toBeLessThan(10 * 60_000);
    const likely = await server.as.integration.gql(`{ scoreCustomer(features: { recencyDays: 5, frequency: 8, monetary: 500, tenureDays: 300 }) { responseProbability } }`);
    const unlikely = await server.as.integration.gql(`{ scoreCustomer(features: { recencyDays: 300, frequency: 1, monetary: 40, tenureDays: 300 }) { responseProbability } }`);
    expect(likely.data?.scoreCustomer.responseProbability).toBeGreaterThan(unlikely.data?.scoreCustomer.responseProbability + 0.2);
  });
});

describe.each(TEST_DIALECTS)('segment classifier on %s', (dialect) => {
  let server: TestServer;
  let groupOf: Map<number, string>;
  const { train, score } = helpers(() => server);

  beforeAll(async () => {
    server = await startTestServer(dialect, { WORKER_POLL_MS: '50' }, { withWorker: true });
    groupOf = await seedBehaviourGroups(server.app.dataSource);
    const started = await server.as.analyst.gql(`mutation { startSegmentation(input: { kMin: 2, kMax: 6, seed: 11 }) { run { id } } }`);
    const runId = started.data!.startSegmentation.run.id;
    await until(async () => (await server.as.analyst.gql(`query($id: ID!) { SegmentationRun(id: $id) { status } }`, { id: runId })).data?.SegmentationRun.status === 'succeeded', 60_000, 100);
  });
  afterAll(async () => { await server?.stop(); });

  it("predicts held-out customers' segments from their first order and writes them to customer_scores", async () => {
    const model = await train({ kind: 'segment', nEstimators: 30, seed: 3, cvFolds: 3, testFraction: 0.3 });
    const e = model.evaluation;
    expect(model).toMatchObject({ kind: 'segment', version: 1, isActive: true, trainingRows: 63, testRows: 27 });
    expect(e.task).toBe('multiclass');
    expect(e.accuracy).toBeGreaterThan(0.85);
    expect(e.f1).toBeGreaterThan(0.8);
    expect(e.rocAuc).toBeGreaterThan(0.9);
    expect(e.confusionMatrix.labels).toHaveLength(3);
    expect(e.confusionMatrix.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(27);
    expect(e.perClass.map((c: { support: number }) => c.support).reduce((a: number, b: number) => a + b, 0)).toBe(27);
    expect(e.crossValidation).toMatchObject({ folds: 3, metric: 'accuracy' });

    const job = await score();
    expect(job.result).toMatchObject({ customers: 90, responseModelId: null, segmentModelId: Number(model.id) });
    const rows = await server.app.dataSource.query(`SELECT s.customer_id, s.predicted_segment_id, s.predicted_segment_probability, m.segment_id
      FROM customer_scores s JOIN segment_memberships m ON m.customer_id = s.customer_id ORDER BY s.customer_id`);
    expect(rows).toHaveLength(90);
    const agreement = rows.filter((r: Record<string, unknown>) => Number(r.predicted_segment_id) === Number(r.segment_id)).length / rows.length;
    expect(agreement).toBeGreaterThan(0.9);
    const withSegment = await server.as.integration.gql(`query($id: ID!) { Customer(id: $id) { segment { id label size centroid } scores { predictedSegmentId predictedSegmentProbability } } }`, { id: rows[0].customer_id });
    const [segmentRow] = await server.app.dataSource.query('SELECT label, size, centroid FROM segments WHERE id = ?', [rows[0].segment_id]);
    expect(withSegment.data?.Customer).toEqual({ segment: { id: String(rows[0].segment_id), label: Number(segmentRow.label), size: Number(segmentRow.size), centroid: JSON.parse(segmentRow.centroid) },
      scores: { predictedSegmentId: String(rows[0].predicted_segment_id), predictedSegmentProbability: Number(rows[0].predicted_segment_probability) } });

    // The scoring transaction also wrote the scores into the targeting table audiences count from.
    const ds = server.app.dataSource;
    await until(async () => reflects(await readTargetingState(ds), await currentSources(ds)), 30_000, 50); // the segmentation run's rebuild
    const targeting = await ds.query(`SELECT t.customer_id, t.predicted_segment_id AS targeted, s.predicted_segment_id AS scored
      FROM customer_targeting t LEFT JOIN customer_scores s ON s.customer_id = t.customer_id ORDER BY t.customer_id`);
    expect(targeting.filter((r: Record<string, unknown>) => r.scored !== null)).toHaveLength(90);
    for (const r of targeting) expect(r.targeted === null ? null : Number(r.targeted), `customer ${r.customer_id}`).toBe(r.scored === null ? null : Number(r.scored));
    const predicted = normaliseDefinition({ channel: 'email', filters: { predictedSegmentIds: [Number(rows[0].predicted_segment_id)] } });
    expect((await compileAudience(ds, predicted, await evaluationContext(ds))).path).toBe('targeting');
    expect(await audienceFunnel(ds, predicted)).toEqual(await audienceFunnel(ds, predicted, { useTargeting: false }));

    const loyalId = [...groupOf].find(([, g]) => g === 'loyal')![0];
    const byId = await server.as.integration.gql(SCORE_BY_ID, { id: loyalId });
    expect(byId.data?.scoreCustomer).toMatchObject({ segmentModel: { id: model.id, version: 1 }, predictedSegmentIsLive: true, responseModel: null });
    const newcomer = await server.as.integration.gql(`{ scoreCustomer(features: { firstOrderValue: 350, firstOrderItems: 1, country: "United Kingdom" }) {
      predictedSegment { id centroid } predictedSegmentProbability modelVersions } }`);
    expect(newcomer.errors).toBeUndefined();
    expect(newcomer.data?.scoreCustomer.predictedSegment.centroid.frequency).toBeGreaterThan(10);
    expect(newcomer.data?.scoreCustomer.modelVersions).toBe('segment:v1');
  });
});
