import { centroidDistances, linearSumAssignment, loadPipeline, type Matrix } from '../../ml/index.js';
import { prepareRaw, resolveParams, type SegmentationFeature, type SegmentationRunEntity } from '../segmentation/index.js';

export interface SegmentRef { id: number; label: number; centroidStandardised: number[] }
export interface SegmentMatchRow { fromSegmentId: number; toSegmentId: number; distance: number }

/**
 * Matches the live run's segments to a new run's by minimum total centroid distance (Hungarian
 * assignment), in the new run's transformed space. The new run's centroids are its own; each live
 * segment's centroid is the mean of its members' features (from the live run's snapshot) passed
 * through the new run's pipeline, so both sides are measured with one scale. When k differs, the
 * larger side keeps some segments unmatched.
 *
 * `liveFeatures` holds the live run's snapshot, in the new run's feature columns; `liveLabels[i]`
 * is the live segment (by label) of its row i, or −1 when that customer is in no live segment.
 */
export function matchSegments(
  newRun: SegmentationRunEntity, newSegments: SegmentRef[], liveSegments: SegmentRef[], liveFeatures: Matrix, liveLabels: Int32Array,
): { matches: SegmentMatchRow[]; unmatchedNew: number[]; unmatchedLive: number[] } {
  const params = resolveParams(newRun.params);
  const pipeline = loadPipeline(newRun.model!);
  const points = pipeline.transform(prepareRaw(liveFeatures, pipeline.featureNames as SegmentationFeature[], params.log1p));
  const d = points.cols;
  const byLabel = new Map(liveSegments.map((s, index) => [s.label, index]));
  const sums = liveSegments.map(() => new Float64Array(d));
  const counts = new Array<number>(liveSegments.length).fill(0);
  for (let i = 0; i < points.rows; i++) {
    const index = byLabel.get(liveLabels[i]);
    if (index === undefined) continue;
    counts[index]++;
    for (let j = 0; j < d; j++) sums[index][j] += points.data[i * d + j];
  }
  // A live segment none of whose members has features in its own snapshot cannot be placed: it stays unmatched.
  const placed = liveSegments.map((_, index) => index).filter((index) => counts[index] > 0);
  const liveCentroids = placed.map((index) => Array.from(sums[index], (v) => v / counts[index]));
  const cost = centroidDistances(liveCentroids, newSegments.map((s) => s.centroidStandardised));
  const assignment = linearSumAssignment(cost);
  const matches = assignment.rows.map((r, i) => ({
    fromSegmentId: liveSegments[placed[r]].id, toSegmentId: newSegments[assignment.columns[i]].id, distance: cost[r][assignment.columns[i]],
  }));
  const matchedNew = new Set(matches.map((m) => m.toSegmentId)), matchedLive = new Set(matches.map((m) => m.fromSegmentId));
  return {
    matches,
    unmatchedNew: newSegments.filter((s) => !matchedNew.has(s.id)).map((s) => s.id),
    unmatchedLive: liveSegments.filter((s) => !matchedLive.has(s.id)).map((s) => s.id),
  };
}
