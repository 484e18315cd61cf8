import { assertSameLength } from './classification-metrics.js';

export interface LiftRow {
  /** 1 = the highest-scored tenth of the rows. */
  decile: number;
  count: number;
  positives: number;
  /** positives / count. */
  responseRate: number;
  /** responseRate / overall positive rate. */
  lift: number;
  /** Share of all positives captured by deciles 1..decile (the cumulative gains curve). */
  cumulativeGain: number;
  /** Response rate of deciles 1..decile over the overall rate. */
  cumulativeLift: number;
}

/**
 * Lift table by score quantile (deciles by default). Rows are ranked by score, highest first;
 * equal scores keep their input order, and group sizes differ by at most one row
 * (group g holds ranks [floor(g·n/G), floor((g+1)·n/G))).
 */
export function liftTable(labels: ArrayLike<number>, scores: ArrayLike<number>, groups = 10, positiveLabel = 1): LiftRow[] {
  assertSameLength(labels, scores);
  const n = labels.length;
  if (n === 0) return [];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  let totalPositives = 0;
  for (let i = 0; i < n; i++) if (labels[i] === positiveLabel) totalPositives++;
  const baseRate = totalPositives / n;
  const rows: LiftRow[] = [];
  let cumulativeCount = 0;
  let cumulativePositives = 0;
  for (let g = 0; g < groups; g++) {
    const start = Math.floor((g * n) / groups);
    const end = Math.floor(((g + 1) * n) / groups);
    let positives = 0;
    for (let i = start; i < end; i++) if (labels[order[i]] === positiveLabel) positives++;
    const count = end - start;
    cumulativeCount += count;
    cumulativePositives += positives;
    const responseRate = count ? positives / count : 0;
    rows.push({
      decile: g + 1,
      count,
      positives,
      responseRate,
      lift: baseRate ? responseRate / baseRate : 0,
      cumulativeGain: totalPositives ? cumulativePositives / totalPositives : 0,
      cumulativeLift: baseRate && cumulativeCount ? cumulativePositives / cumulativeCount / baseRate : 0,
    });
  }
  return rows;
}
