import { KMeans, type KMeansModel, type KMeansOptions } from './kmeans.js';
import { assertMatrix, invalidInput, type Matrix } from '../matrix.js';
import { calinskiHarabaszScore, daviesBouldinScore, silhouetteScore } from './metrics.js';
import type { ProgressCallback } from '../progress.js';

/*
 * Choosing k: fit k-means for every k in [kMin, kMax], score each fit, find the elbow of the
 * inertia curve, and recommend one k with the reason spelled out for the UI.
 *
 * Elbow: the k whose point on the inertia curve lies farthest from the chord joining the first
 * and last points, with both axes min–max normalised to [0, 1]. That is Kneedle's difference
 * curve (Satopää et al. 2011) without smoothing or its sensitivity threshold; with few points
 * and a monotone curve the two pick the same knee. No elbow (null) with fewer than 3 ks or when
 * the curve is a straight line.
 *
 * Recommendation rule: four criteria each vote for one k — highest silhouette, lowest
 * Davies–Bouldin, highest Calinski–Harabasz, and the elbow. The k with the most votes wins;
 * ties go to the higher silhouette, then to the smaller k (fewer segments are easier to act on).
 */

export interface KSelectionOptions {
  /** Default 2. */
  kMin?: number;
  /** Default 10 (capped at n − 1, the largest k silhouette is defined for). */
  kMax?: number;
  /** Default 0; each k uses this same seed. */
  seed?: number;
  /** k-means restarts per k. Default 4. */
  nInit?: number;
  /** Silhouette is O(n²): above this many points it is computed on a seeded sample. Default 10,000. */
  silhouetteSampleSize?: number;
  /** How to fit one k (e.g. a KMeansWorkerPool's `fit`). Default: single-threaded KMeans. */
  fit?: (points: Matrix, options: KMeansOptions) => KMeansModel | Promise<KMeansModel>;
  onProgress?: ProgressCallback;
}

export interface KCandidate {
  k: number;
  inertia: number;
  silhouette: number;
  /** Points the silhouette was computed on. */
  silhouetteSampleSize: number;
  daviesBouldin: number;
  calinskiHarabasz: number;
  nIter: number;
}

export interface KSelectionResult {
  candidates: KCandidate[];
  elbowK: number | null;
  recommendedK: number;
  /** e.g. "k=4: highest silhouette (0.412), elbow at 4, lowest Davies–Bouldin (0.710); Calinski–Harabasz favours k=6 (512.3)". */
  reason: string;
  /** The k each criterion voted for. */
  votes: { silhouette: number; daviesBouldin: number; calinskiHarabasz: number; elbow: number | null };
  /** The fitted model of every k, in the order of `candidates`. */
  models: KMeansModel[];
}

export async function selectK(points: Matrix, options: KSelectionOptions = {}): Promise<KSelectionResult> {
  assertMatrix(points);
  const kMin = options.kMin ?? 2;
  const kMax = Math.min(options.kMax ?? 10, points.rows - 1);
  if (!Number.isInteger(kMin) || kMin < 2 || kMax < kMin) {
    throw invalidInput(`k selection: need 2 ≤ kMin ≤ kMax ≤ n − 1, got kMin=${kMin}, kMax=${kMax}, n=${points.rows}`);
  }
  const seed = options.seed ?? 0;
  const fit = options.fit ?? ((p: Matrix, o: KMeansOptions) => new KMeans(o).fit(p));
  const sampleSize = options.silhouetteSampleSize ?? 10_000;
  const candidates: KCandidate[] = [];
  const models: KMeansModel[] = [];
  const total = kMax - kMin + 1;
  for (let k = kMin; k <= kMax; k++) {
    options.onProgress?.({ stage: 'k-selection', done: k - kMin, total });
    const model = await fit(points, { k, seed, nInit: options.nInit ?? 4 });
    const distinct = new Set(model.labels).size;
    // Coincident points can leave fewer distinct clusters than k; the metrics need ≥ 2.
    const scorable = distinct >= 2 && distinct < points.rows;
    const silhouette = scorable ? silhouetteScore(points, model.labels, { sampleSize, seed }) : { score: NaN, sampleSize: 0 };
    candidates.push({
      k,
      inertia: model.inertia,
      silhouette: silhouette.score,
      silhouetteSampleSize: silhouette.sampleSize,
      daviesBouldin: scorable ? daviesBouldinScore(points, model.labels) : NaN,
      calinskiHarabasz: scorable ? calinskiHarabaszScore(points, model.labels) : NaN,
      nIter: model.nIter,
    });
    models.push(model);
  }
  options.onProgress?.({ stage: 'k-selection', done: total, total });
  const elbowK = findElbow(candidates.map((c) => c.k), candidates.map((c) => c.inertia));
  return { ...recommendK(candidates, elbowK), candidates, elbowK, models };
}

/** Farthest point from the normalised chord (see file comment); null when there is no bend. */
export function findElbow(ks: number[], inertias: number[]): number | null {
  if (ks.length < 3) return null;
  const last = ks.length - 1;
  const kSpan = ks[last] - ks[0];
  const high = Math.max(...inertias);
  const low = Math.min(...inertias);
  if (kSpan === 0 || high === low) return null;
  const x = ks.map((k) => (k - ks[0]) / kSpan);
  const y = inertias.map((v) => (v - low) / (high - low));
  // Distance to the line through (x0, y0) and (x1, y1), up to the constant chord length.
  const [x0, y0, x1, y1] = [x[0], y[0], x[last], y[last]];
  let best = -1;
  let bestDistance = 1e-9;
  for (let i = 1; i < last; i++) {
    const distance = Math.abs((y1 - y0) * x[i] - (x1 - x0) * y[i] + x1 * y0 - y1 * x0);
    if (distance > bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  return best < 0 ? null : ks[best];
}

const fmt = (value: number): string => (Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(3));

/** Applies the voting rule in the file comment and explains it in one sentence. */
export function recommendK(candidates: KCandidate[], elbowK: number | null): Pick<KSelectionResult, 'recommendedK' | 'reason' | 'votes'> {
  const valid = candidates.filter((c) => Number.isFinite(c.silhouette));
  if (valid.length === 0) throw invalidInput('k selection: no k produced at least two distinct clusters');
  const pick = (better: (a: KCandidate, b: KCandidate) => boolean): KCandidate => valid.reduce((best, c) => (better(c, best) ? c : best));
  const bySilhouette = pick((a, b) => a.silhouette > b.silhouette);
  const byDaviesBouldin = pick((a, b) => a.daviesBouldin < b.daviesBouldin);
  const byCalinski = pick((a, b) => a.calinskiHarabasz > b.calinskiHarabasz);
  const votes = { silhouette: bySilhouette.k, daviesBouldin: byDaviesBouldin.k, calinskiHarabasz: byCalinski.k, elbow: elbowK };
  const tally = new Map<number, number>();
  for (const k of Object.values(votes)) if (k !== null) tally.set(k, (tally.get(k) ?? 0) + 1);
  const winner = valid
    .filter((c) => tally.has(c.k))
    .sort((a, b) => (tally.get(b.k)! - tally.get(a.k)!) || (b.silhouette - a.silhouette) || (a.k - b.k))[0];
  const k = winner.k;
  const agree: string[] = [];
  const disagree: string[] = [];
  (votes.silhouette === k ? agree : disagree).push(votes.silhouette === k ? `highest silhouette (${fmt(bySilhouette.silhouette)})` : `silhouette favours k=${votes.silhouette} (${fmt(bySilhouette.silhouette)})`);
  if (elbowK !== null) (elbowK === k ? agree : disagree).push(elbowK === k ? `elbow at ${k}` : `elbow at ${elbowK}`);
  else disagree.push('no clear elbow');
  (votes.daviesBouldin === k ? agree : disagree).push(votes.daviesBouldin === k ? `lowest Davies–Bouldin (${fmt(byDaviesBouldin.daviesBouldin)})` : `Davies–Bouldin favours k=${votes.daviesBouldin} (${fmt(byDaviesBouldin.daviesBouldin)})`);
  (votes.calinskiHarabasz === k ? agree : disagree).push(votes.calinskiHarabasz === k ? `highest Calinski–Harabasz (${fmt(byCalinski.calinskiHarabasz)})` : `Calinski–Harabasz favours k=${votes.calinskiHarabasz} (${fmt(byCalinski.calinskiHarabasz)})`);
  const reason = `k=${k}: ${agree.length ? agree.join(', ') : `best silhouette among tied votes (${fmt(winner.silhouette)})`}${disagree.length ? `; ${disagree.join('; ')}` : ''}`;
  return { recommendedK: k, reason, votes };
}
