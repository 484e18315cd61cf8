/** Turns the database into a labelled feature matrix for each model kind. */
import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { featureMatrixFromRows, type FeatureMatrix } from '../../ml/forest/index.js';
import { sqlNumber } from '../../db/sql.js';
import { liveRun } from '../segmentation/index.js';
import { EARLY_SIGNAL_FEATURES, earlySignals, encodeEarlySignals, fitEncoding, type EarlySignalEncoding } from './early-signals.js';
import type { TrainingParams } from './model.params.js';
import { RESPONSE_FEATURES, responseExamples } from './response-features.js';

export interface TrainingData {
  X: FeatureMatrix;
  y: Float64Array;
  featureNames: string[];
  /** Display name per class label, keyed by label. */
  classNames: Map<number, string>;
  encoding: EarlySignalEncoding | null;
  segmentationRunId: number | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  summary: Record<string, unknown>;
}

const MIN_ROWS = 20;

/** Earliest and latest instant (spread-free: Math.min(...list) overflows the stack on big lists). */
function span(times: number[]): { start: Date; end: Date } {
  let min = Infinity, max = -Infinity;
  for (const t of times) { if (t < min) min = t; if (t > max) max = t; }
  return { start: new Date(min), end: new Date(max) };
}

function checkClasses(y: Float64Array, minPerClass: number, what: string): void {
  const counts = new Map<number, number>();
  for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (y.length < MIN_ROWS) throw new AppError('BAD_USER_INPUT', `only ${y.length} ${what}: at least ${MIN_ROWS} are needed to train and evaluate`);
  if (counts.size < 2) throw new AppError('BAD_USER_INPUT', `all ${y.length} ${what} have the same label: nothing to learn`);
  for (const [label, count] of counts) {
    if (count < minPerClass) throw new AppError('BAD_USER_INPUT', `label ${label} has ${count} ${what}; the split and ${minPerClass}-fold validation need at least ${minPerClass}`);
  }
}

/** Response model: each outcome in the window, label = responded (or converted), features as of its send time. */
async function responseData(dataSource: DataSource, params: TrainingParams): Promise<TrainingData> {
  const examples = await responseExamples(dataSource, {
    sentFrom: params.sentFrom ? new Date(params.sentFrom) : null, sentTo: params.sentTo ? new Date(params.sentTo) : null, campaigns: params.campaigns,
  });
  const y = Float64Array.from(examples, (e) => ((params.target === 'converted' ? e.converted : e.responded) ? 1 : 0));
  if (y.length < MIN_ROWS) throw new AppError('BAD_USER_INPUT', `only ${y.length} campaign outcomes${params.sentFrom || params.sentTo || params.campaigns?.length ? ' in the chosen window and campaigns' : ''}: the response model needs at least ${MIN_ROWS} contacted customers' outcomes, some who responded and some who did not. `
    + 'Record them by launching a campaign with a control group and attributing the orders placed in its window (campaign page: Attribute orders; mutation attributeCampaignOrders), '
    + 'or import past outcomes as CSV (columns campaign_key, customer_id, sent_at, responded, converted, revenue; docs/imports.md) with `segmenta import <file> --kind outcomes` or the Imports page');
  checkClasses(y, Math.max(2, params.cvFolds), 'campaign outcomes');
  const window = span(examples.map((e) => e.asOf.getTime()));
  const positives = y.reduce((a, b) => a + b, 0);
  return {
    X: featureMatrixFromRows(examples.map((e) => e.features)), y, featureNames: [...RESPONSE_FEATURES],
    classNames: new Map([[0, params.target === 'converted' ? 'not converted' : 'no response'], [1, params.target]]),
    encoding: null, segmentationRunId: null,
    windowStart: window.start, windowEnd: window.end,
    summary: {
      examples: examples.length, positives, positiveRate: positives / examples.length, target: params.target,
      campaigns: new Set(examples.map((e) => e.campaignKey)).size, customers: new Set(examples.map((e) => e.customerId)).size,
      revenue: Math.round(examples.reduce((a, e) => a + e.revenue, 0) * 100) / 100,
    },
  };
}

/** Segment classifier: customers of the live segmentation, label = their segment, features = early signals. */
async function segmentData(dataSource: DataSource, params: TrainingParams): Promise<TrainingData> {
  const run = await liveRun(dataSource);
  if (!run) throw new AppError('BAD_USER_INPUT', 'no live segmentation: run and activate one before training the segment classifier');
  const members: Array<Record<string, unknown>> = await dataSource.query(
    `SELECT m.customer_id, s.label, p.name FROM segment_memberships m JOIN segments s ON s.id = m.segment_id
       LEFT JOIN personas p ON p.segment_id = s.id WHERE m.run_id = ?`, [run.id]);
  const labelOf = new Map(members.map((m) => [sqlNumber(m.customer_id), sqlNumber(m.label)]));
  const classNames = new Map(members.map((m) => [sqlNumber(m.label), (m.name as string | null) ?? `segment ${sqlNumber(m.label)}`]));
  const signals = (await earlySignals(dataSource)).filter((s) => labelOf.has(s.customerId));
  const encoding = fitEncoding(signals);
  const y = Float64Array.from(signals, (s) => labelOf.get(s.customerId)!);
  checkClasses(y, Math.max(2, params.cvFolds), 'segment members');
  const window = span(signals.map((s) => s.firstOrderAt.getTime()));
  return {
    X: featureMatrixFromRows(signals.map((s) => encodeEarlySignals(s, encoding))), y, featureNames: [...EARLY_SIGNAL_FEATURES], classNames, encoding,
    segmentationRunId: run.id, windowStart: window.start, windowEnd: window.end,
    summary: { customers: signals.length, segmentationRunId: run.id, countries: encoding.countries.length, classSizes: Object.fromEntries([...classNames.keys()].map((l) => [l, y.filter((v) => v === l).length])) },
  };
}

export function loadTrainingData(dataSource: DataSource, params: TrainingParams): Promise<TrainingData> {
  return params.kind === 'response' ? responseData(dataSource, params) : segmentData(dataSource, params);
}
