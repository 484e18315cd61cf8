import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { sqlNumber } from '../../db/sql.js';
import { adjustedRandScore, populationStabilityIndex, psiLevel, segmentSizeShifts, transitionMatrix, type PsiLevel } from '../../ml/index.js';
import { getRun, liveRun, loadFeatureTable, resolveParams, SegmentEntity, type SegmentationFeature } from '../segmentation/index.js';
import { readSettings } from '../settings/index.js';
import { audienceImpact, type AudienceImpact } from './audience-impact.js';
import { matchSegments, type SegmentMatchRow } from './segment-matching.js';

export interface FeatureDrift { feature: string; psi: number; level: PsiLevel }
export interface SegmentSize { segmentId: number; label: number; size: number; share: number }
export interface SizeShift { fromSegmentId: number | null; toSegmentId: number | null; sizeBefore: number; sizeAfter: number; shareBefore: number; shareAfter: number; shift: number }

/** Everything a person (or the activation policy) needs to judge a new run against the live one. */
export interface DriftReport {
  runId: number;
  /** The run compared with; null for a data set's first run (nothing to compare). */
  liveRunId: number | null;
  dataSet: string;
  thresholds: { psiWarning: number; psiAlert: number };
  /** Customers in both runs: the pairs the ARI and the transition matrix count. */
  customersCompared: number;
  adjustedRandIndex: number | null;
  /** PSI of each feature, live run's snapshot (reference) vs the new run's. */
  features: FeatureDrift[];
  /** PSI of the response probabilities of the live run's members vs the new run's, where scores exist. */
  responseProbability: (FeatureDrift & { scoredBefore: number; scoredAfter: number }) | null;
  maxPsi: number | null;
  sizesBefore: SegmentSize[];
  sizesAfter: SegmentSize[];
  /** Live segment → new segment, by centroid (Hungarian assignment). */
  matches: SegmentMatchRow[];
  sizeShifts: SizeShift[];
  maxSizeShift: number | null;
  /** counts[r][c]: customers in live segment fromSegmentIds[r] and new segment toSegmentIds[c]. */
  transition: { fromSegmentIds: number[]; toSegmentIds: number[]; counts: number[][] } | null;
  audiences: AudienceImpact[];
}

async function labelsOf(dataSource: DataSource, runId: number): Promise<Map<number, number>> {
  const rows: Record<string, unknown>[] = await dataSource.query('SELECT customer_id, segment_id FROM segment_memberships WHERE run_id = ?', [runId]);
  return new Map(rows.map((r) => [sqlNumber(r.customer_id), sqlNumber(r.segment_id)]));
}

async function responseProbabilities(dataSource: DataSource, runId: number): Promise<number[]> {
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT s.response_probability AS p FROM customer_scores s JOIN segment_memberships m ON m.customer_id = s.customer_id AND m.run_id = ?
      WHERE s.response_probability IS NOT NULL`, [runId]);
  return rows.map((r) => Number(r.p));
}

/** Rows and columns in segment-id order (the matrix lists labels in order of first appearance). */
function sortedTransition(table: { rowLabels: number[]; columnLabels: number[]; counts: number[][] }) {
  const order = (labels: number[]) => labels.map((_, i) => i).sort((a, b) => labels[a] - labels[b]);
  const rows = order(table.rowLabels), columns = order(table.columnLabels);
  return { rowLabels: rows.map((r) => table.rowLabels[r]), columnLabels: columns.map((c) => table.columnLabels[c]), counts: rows.map((r) => columns.map((c) => table.counts[r][c])) };
}

const sizesOf = (segments: SegmentEntity[]): SegmentSize[] => {
  const total = segments.reduce((s, seg) => s + seg.size, 0) || 1;
  return segments.map((s) => ({ segmentId: s.id, label: s.label, size: s.size, share: s.size / total }));
};

/**
 * Computes a succeeded run's drift report against the data set's live run. Reads only; the
 * caller stores it. When the run itself is live (the first run of a data set), the report says
 * there was nothing to compare.
 */
export async function computeDriftReport(dataSource: DataSource, runId: number): Promise<DriftReport> {
  const run = await getRun(dataSource, runId);
  if (run.status !== 'succeeded' || !run.model || run.snapshotId === null) throw new AppError('CONFLICT', `run ${runId} is ${run.status}; a drift report needs a succeeded run`);
  const { settings } = await readSettings(dataSource, run.dataSet);
  const thresholds = { psiWarning: settings.psiWarning, psiAlert: settings.psiAlert };
  const levels = { warning: settings.psiWarning, alert: settings.psiAlert };
  const segments = dataSource.getRepository(SegmentEntity);
  const newSegments = await segments.find({ where: { runId }, order: { label: 'ASC' } });
  const live = await liveRun(dataSource, run.dataSet);
  const empty: DriftReport = {
    runId, liveRunId: null, dataSet: run.dataSet, thresholds, customersCompared: 0, adjustedRandIndex: null, features: [], responseProbability: null, maxPsi: null,
    sizesBefore: [], sizesAfter: sizesOf(newSegments), matches: [], sizeShifts: [], maxSizeShift: null, transition: null, audiences: [],
  };
  if (!live || live.id === runId || !live.model || live.snapshotId === null) return empty;

  const liveSegments = await segments.find({ where: { runId: live.id }, order: { label: 'ASC' } });
  const newParams = resolveParams(run.params), liveParams = resolveParams(live.params);
  const features = [...new Set<SegmentationFeature>([...newParams.features, ...liveParams.features])];
  const [before, after] = await Promise.all([loadFeatureTable(dataSource, live.snapshotId, features), loadFeatureTable(dataSource, run.snapshotId, features)]);

  const column = (table: typeof before, j: number) => Float64Array.from({ length: table.raw.rows }, (_, i) => table.raw.data[i * table.raw.cols + j]);
  const featureDrift: FeatureDrift[] = [];
  if (before.raw.rows && after.raw.rows) {
    features.forEach((feature, j) => {
      const { psi } = populationStabilityIndex(column(before, j), column(after, j));
      featureDrift.push({ feature, psi, level: psiLevel(psi, levels) });
    });
  }

  const [liveLabels, newLabels] = await Promise.all([labelsOf(dataSource, live.id), labelsOf(dataSource, runId)]);
  const from: number[] = [], to: number[] = [];
  for (const [customer, segment] of liveLabels) {
    const other = newLabels.get(customer);
    if (other !== undefined) { from.push(segment); to.push(other); }
  }
  const transition = from.length ? sortedTransition(transitionMatrix(from, to)) : null;

  // The live run's features in the new run's columns, with each row's live segment label.
  const labelOfSegment = new Map(liveSegments.map((s) => [s.id, s.label]));
  const newColumns = newParams.features.map((f) => features.indexOf(f));
  const liveFeatures = { data: new Float64Array(before.raw.rows * newColumns.length), rows: before.raw.rows, cols: newColumns.length };
  const rowLabels = new Int32Array(before.raw.rows).fill(-1);
  for (let i = 0; i < before.raw.rows; i++) {
    newColumns.forEach((c, j) => { liveFeatures.data[i * newColumns.length + j] = before.raw.data[i * before.raw.cols + c]; });
    const segmentId = liveLabels.get(before.customerIds[i]);
    if (segmentId !== undefined) rowLabels[i] = labelOfSegment.get(segmentId) ?? -1;
  }
  const ref = (s: SegmentEntity) => ({ id: s.id, label: s.label, centroidStandardised: s.centroidStandardised as number[] });
  const matching = matchSegments(run, newSegments.map(ref), liveSegments.map(ref), liveFeatures, rowLabels);

  const liveIndex = new Map(liveSegments.map((s, i) => [s.id, i])), newIndex = new Map(newSegments.map((s, i) => [s.id, i]));
  const shifts = segmentSizeShifts(liveSegments.map((s) => s.size), newSegments.map((s) => s.size), {
    from: matching.matches.map((m) => liveIndex.get(m.fromSegmentId)!), to: matching.matches.map((m) => newIndex.get(m.toSegmentId)!),
  });
  const sizeShifts = shifts.shifts.map((s) => ({
    fromSegmentId: s.from === null ? null : liveSegments[s.from].id, toSegmentId: s.to === null ? null : newSegments[s.to].id,
    sizeBefore: s.from === null ? 0 : liveSegments[s.from].size, sizeAfter: s.to === null ? 0 : newSegments[s.to].size,
    shareBefore: s.shareBefore, shareAfter: s.shareAfter, shift: s.shift,
  }));

  const [scoresBefore, scoresAfter] = await Promise.all([responseProbabilities(dataSource, live.id), responseProbabilities(dataSource, runId)]);
  let responseProbability: DriftReport['responseProbability'] = null;
  if (scoresBefore.length && scoresAfter.length) {
    const { psi } = populationStabilityIndex(scoresBefore, scoresAfter);
    responseProbability = { feature: 'responseProbability', psi, level: psiLevel(psi, levels), scoredBefore: scoresBefore.length, scoredAfter: scoresAfter.length };
  }
  const psis = [...featureDrift.map((f) => f.psi), ...(responseProbability ? [responseProbability.psi] : [])];

  return {
    ...empty, liveRunId: live.id, customersCompared: from.length, adjustedRandIndex: from.length ? adjustedRandScore(from, to) : null,
    features: featureDrift, responseProbability, maxPsi: psis.length ? Math.max(...psis) : null,
    sizesBefore: sizesOf(liveSegments), matches: matching.matches, sizeShifts, maxSizeShift: shifts.maxAbsShift,
    transition: transition && { fromSegmentIds: transition.rowLabels, toSegmentIds: transition.columnLabels, counts: transition.counts },
    audiences: await audienceImpact(dataSource, matching.matches, new Set(liveSegments.map((s) => s.id))),
  };
}
