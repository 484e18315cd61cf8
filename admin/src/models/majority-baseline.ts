/**
 * The accuracy a classifier must beat to be worth anything: always answering the most common true
 * class of the held-out rows. Read from the confusion matrix (rows: true class, columns: predicted).
 */
export interface MajorityBaseline { accuracy: number; className: string; margin: number; barelyBeats: boolean }

/** A model within this many accuracy points of the baseline is flagged: it adds little to guessing. */
export const BARELY_BEATS_MARGIN = 0.05;

export function majorityBaseline(matrix: { names: string[]; matrix: number[][] }, accuracy: number): MajorityBaseline | null {
  const rowTotals = matrix.matrix.map((row) => row.reduce((sum, n) => sum + n, 0));
  const total = rowTotals.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  let best = 0;
  for (let i = 1; i < rowTotals.length; i++) if (rowTotals[i] > rowTotals[best]) best = i;
  const baseline = rowTotals[best] / total;
  const margin = accuracy - baseline;
  return { accuracy: baseline, className: matrix.names[best] ?? String(best), margin, barelyBeats: margin < BARELY_BEATS_MARGIN };
}
