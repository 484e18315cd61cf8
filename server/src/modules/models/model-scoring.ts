/**
 * Scoring with the active models: one customer at a time for the API (forests cached in memory),
 * or everybody at once in the 'scoring' job, which replaces customer_scores.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { featureMatrixFromRows, type RandomForestClassifier } from '../../ml/forest/index.js';
import { defaultAsOf } from '../features/index.js';
import { recordScoreChanges } from '../changes/index.js';
import { refreshTargetingScores } from '../targeting/index.js';
import { JOB_TYPES, type JobHandler } from '../jobs/index.js';
import { liveRun, SegmentEntity } from '../segmentation/index.js';
import { earlySignals, encodeEarlySignals, type EarlySignalEncoding, type EarlySignals } from './early-signals.js';
import { loadedForest } from './model-cache.js';
import { activeModel } from './model.service.js';
import type { ModelVersionEntity } from './model-version.entity.js';
import { MISSING, RESPONSE_FEATURES, responseFeaturesAsOf, type ResponseFeature } from './response-features.js';

const SCORE_BATCH = 1000;

/** Most probable class of one probability row: (index, probability); first class on ties. */
function argmax(proba: ArrayLike<number>, offset: number, K: number): [number, number] {
  let best = 0;
  for (let k = 1; k < K; k++) if (proba[offset + k] > proba[offset + best]) best = k;
  return [best, proba[offset + best]];
}

/** Segment ids of a run by label. */
async function segmentIdsByLabel(dataSource: DataSource, runId: number): Promise<Map<number, number>> {
  const segments = await dataSource.getRepository(SegmentEntity).findBy({ runId });
  return new Map(segments.map((s) => [s.label, s.id]));
}

export const versionTag = (model: ModelVersionEntity | null) => (model ? `${model.kind}:v${model.version}` : null);

export type EarlySignalValues = Omit<EarlySignals, 'customerId' | 'firstOrderAt'>;

export interface ScoreCustomerInput {
  customerId?: number;
  /** Response-model features (missing counts are 0, missing recency/tenure unknown). */
  response?: Partial<Record<ResponseFeature, number>>;
  /** Early signals of a newcomer, for the segment classifier. */
  earlySignals?: Partial<EarlySignalValues>;
  asOf?: Date;
}

export interface CustomerScoreResult {
  customerId: number | null;
  asOf: Date | null;
  responseProbability: number | null;
  responseModel: ModelVersionEntity | null;
  predictedSegment: SegmentEntity | null;
  predictedSegmentProbability: number | null;
  /** False when the segment classifier was trained on a segmentation that is no longer live. */
  predictedSegmentIsLive: boolean | null;
  segmentModel: ModelVersionEntity | null;
  modelVersions: string;
}

const COUNT_FEATURES = new Set<ResponseFeature>(['frequency', 'monetary', 'avgOrderValue', 'returns', 'sessions', 'productViews', 'cartAdds', 'priorContacts', 'priorResponses']);

/** Scores one customer (by id: features from the database as of `asOf`) or one set of feature values. */
export async function scoreCustomer(dataSource: DataSource, input: ScoreCustomerInput): Promise<CustomerScoreResult> {
  const [responseModel, segmentModel] = await Promise.all([activeModel(dataSource, 'response'), activeModel(dataSource, 'segment')]);
  if (!responseModel && !segmentModel) throw new AppError('NOT_FOUND', 'no active model yet: train one first');
  let responseRow: number[] | null = null;
  let signals: EarlySignalValues | null = null;
  let asOf: Date | null = null;
  if (input.customerId !== undefined) {
    const [exists] = await dataSource.query('SELECT id FROM customers WHERE id = ?', [input.customerId]);
    if (!exists) throw new AppError('NOT_FOUND', `customer ${input.customerId} not found`);
    asOf = input.asOf ?? await defaultAsOf(dataSource);
    if (responseModel) responseRow = (await responseFeaturesAsOf(dataSource, asOf, [input.customerId])).get(input.customerId) ?? null;
    if (segmentModel) signals = (await earlySignals(dataSource, [input.customerId]))[0] ?? null;
  } else {
    if (input.response && Object.keys(input.response).length) {
      responseRow = RESPONSE_FEATURES.map((f) => input.response![f] ?? (COUNT_FEATURES.has(f) ? 0 : MISSING));
    }
    const e = input.earlySignals;
    if (e && e.firstOrderValue !== undefined) {
      signals = {
        firstOrderValue: e.firstOrderValue, firstOrderItems: e.firstOrderItems ?? 1, firstOrderLines: e.firstOrderLines ?? 1, country: e.country ?? null,
        ageBand: e.ageBand ?? null, sessionsBefore: e.sessionsBefore ?? 0, productViewsBefore: e.productViewsBefore ?? 0, cartAddsBefore: e.cartAddsBefore ?? 0,
      };
    }
    if (!responseRow && !signals) throw new AppError('BAD_USER_INPUT', 'give response features and/or early signals (firstOrderValue at least)');
  }
  const result: CustomerScoreResult = {
    customerId: input.customerId ?? null, asOf, responseProbability: null, responseModel: null, predictedSegment: null,
    predictedSegmentProbability: null, predictedSegmentIsLive: null, segmentModel: null, modelVersions: '',
  };
  if (responseModel && responseRow) {
    const forest = loadedForest(dataSource, responseModel);
    result.responseProbability = forest.predictRowProba(responseRow)[forest.classes.indexOf(1)] ?? 0;
    result.responseModel = responseModel;
  }
  if (segmentModel && signals) {
    const forest = loadedForest(dataSource, segmentModel);
    const proba = forest.predictRowProba(encodeEarlySignals(signals, segmentModel.featureEncoding as EarlySignalEncoding));
    const [k, p] = argmax(proba, 0, proba.length);
    const ids = await segmentIdsByLabel(dataSource, segmentModel.segmentationRunId!);
    result.predictedSegment = await dataSource.getRepository(SegmentEntity).findOneBy({ id: ids.get(forest.classes[k]) ?? -1 });
    result.predictedSegmentProbability = p;
    result.predictedSegmentIsLive = (await liveRun(dataSource))?.id === segmentModel.segmentationRunId;
    result.segmentModel = segmentModel;
  }
  result.modelVersions = [versionTag(result.responseModel), versionTag(result.segmentModel)].filter(Boolean).join(' ');
  return result;
}

function positiveProbabilities(forest: RandomForestClassifier, rows: number[][]): Float64Array {
  const positive = forest.classes.indexOf(1);
  if (!rows.length) return new Float64Array(0);
  return positive < 0 ? new Float64Array(rows.length) : forest.predictPositiveProba(featureMatrixFromRows(rows), positive);
}

/**
 * Job 'scoring': every customer's response probability (features as of the scoring date) and
 * predicted segment (early signals of customers with a first order), written to customer_scores
 * in the fenced completion transaction, replacing the previous scores.
 */
export const scoringJob: JobHandler = async (ctx) => {
  const { dataSource } = ctx;
  const [responseModel, segmentModel, upliftModel] = await Promise.all([activeModel(dataSource, 'response'), activeModel(dataSource, 'segment'), activeModel(dataSource, 'uplift')]);
  if (!responseModel && !segmentModel && !upliftModel) throw new AppError('BAD_USER_INPUT', 'no active model: train a response, segment or uplift model first');
  const asOfText = ctx.job.payload?.asOf as string | null | undefined;
  const asOf = asOfText ? new Date(asOfText) : await defaultAsOf(dataSource);
  ctx.progress(0, 100, 'computing features');
  const customers: number[] = (await dataSource.query('SELECT id FROM customers ORDER BY id')).map((r: { id: unknown }) => Number(r.id));

  const response = new Map<number, number>();
  if (responseModel) {
    const features = await responseFeaturesAsOf(dataSource, asOf);
    ctx.checkpoint();
    const ids = [...features.keys()];
    const probabilities = positiveProbabilities(loadedForest(dataSource, responseModel), ids.map((id) => features.get(id)!));
    ids.forEach((id, i) => response.set(id, probabilities[i]));
  }
  ctx.progress(50, 100, 'predicting segments');
  const segment = new Map<number, { segmentId: number | null; probability: number }>();
  const run = await liveRun(dataSource);
  // The contract is "a segment of the live run": a classifier trained on an older run stays silent.
  const segmentModelIsLive = Boolean(segmentModel && run && segmentModel.segmentationRunId === run.id);
  if (segmentModel && segmentModelIsLive) {
    const forest = loadedForest(dataSource, segmentModel);
    const signals = await earlySignals(dataSource);
    ctx.checkpoint();
    const encoding = segmentModel.featureEncoding as EarlySignalEncoding;
    const K = forest.classes.length;
    const proba = signals.length ? forest.predictProba(featureMatrixFromRows(signals.map((s) => encodeEarlySignals(s, encoding)))) : new Float64Array(0);
    const ids = await segmentIdsByLabel(dataSource, segmentModel.segmentationRunId!);
    signals.forEach((s, i) => {
      const [k, p] = argmax(proba, i * K, K);
      segment.set(s.customerId, { segmentId: ids.get(forest.classes[k]) ?? null, probability: p });
    });
  }
  const tags = [versionTag(responseModel), segmentModelIsLive ? versionTag(segmentModel) : null].filter(Boolean).join(' ');
  ctx.progress(90, 100, 'writing scores');
  return {
    result: { customers: customers.length, asOf: asOf.toISOString(), responseModelId: responseModel?.id ?? null, segmentModelId: segmentModelIsLive ? segmentModel!.id : null, segmentModelStale: Boolean(segmentModel) && !segmentModelIsLive, modelVersions: tags },
    commit: async (manager: EntityManager) => {
      const now = new Date();
      // The change log takes a row only for a customer whose response score crosses a decile.
      const previous = new Map<number, number | null>((await manager.query('SELECT customer_id, response_probability FROM customer_scores') as Record<string, unknown>[])
        .map((r) => [Number(r.customer_id), r.response_probability === null ? null : Number(r.response_probability)]));
      // The row also holds other models' scores (customer value, uplift): replace only this job's columns.
      await manager.query(`UPDATE customer_scores SET response_probability = NULL, response_model_id = NULL, predicted_segment_id = NULL,
        predicted_segment_probability = NULL, segment_model_id = NULL, model_versions = NULL`);
      const sqlite = manager.connection.options.type === 'better-sqlite3';
      const own = ['response_probability', 'response_model_id', 'predicted_segment_id', 'predicted_segment_probability', 'segment_model_id', 'model_versions', 'scored_at'];
      const upsert = sqlite ? `ON CONFLICT (customer_id) DO UPDATE SET ${own.map((c) => `${c} = excluded.${c}`).join(', ')}`
        : `ON DUPLICATE KEY UPDATE ${own.map((c) => `${c} = VALUES(${c})`).join(', ')}`;
      for (let start = 0; start < customers.length; start += SCORE_BATCH) {
        const slice = customers.slice(start, start + SCORE_BATCH);
        const values: unknown[] = [];
        for (const id of slice) {
          const s = segment.get(id);
          values.push(id, response.get(id) ?? null, responseModel && response.has(id) ? responseModel.id : null, s?.segmentId ?? null, s?.probability ?? null, s ? segmentModel!.id : null, tags || null, now);
        }
        await ctx.pace(() => manager.query(
          `INSERT INTO customer_scores (customer_id, response_probability, response_model_id, predicted_segment_id, predicted_segment_probability, segment_model_id, model_versions, scored_at)
           VALUES ${slice.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${upsert}`, values.map((v) => (v instanceof Date && sqlite ? v.toISOString().replace('T', ' ').replace('Z', '') : v))));
      }
      const moved = customers.map((id) => ({ customerId: id, before: previous.get(id) ?? null, after: response.get(id) ?? null }));
      const scored = new Set(customers);
      for (const [id, before] of previous) if (!scored.has(id)) moved.push({ customerId: id, before, after: null });
      await recordScoreChanges(manager, 'response', moved, now);
      // Same transaction: audiences never see new scores in one table and old ones in the other.
      await refreshTargetingScores(manager, undefined, ctx.pace);
    },
    // An active uplift model scores everybody right after, as of the same date (its own job).
    followUps: upliftModel ? [{ type: JOB_TYPES.upliftScoring, payload: { asOf: asOf.toISOString() }, concurrencyKey: 'uplift-scoring', maxAttempts: 2, createdBy: 'scoring' }] : [],
  };
};
