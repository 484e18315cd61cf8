/**
 * RFM scoring and the named RFM groups (docs/rfm.md is the reference for these rules).
 * Pure functions: the service feeds them one aggregated row per customer.
 */
export const RFM_GROUPS = [
  'Champions', 'Loyal', 'Potential Loyalist', 'New Customers', 'Promising', 'Need Attention',
  'About to Sleep', 'At Risk', "Can't Lose Them", 'Hibernating', 'Lost',
] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

/**
 * Scores 1..5 by quintile of rank. Customers are ranked by value (ascending when a higher value
 * is better, descending otherwise), ties broken by `tieOrder` (the caller passes each customer's
 * position in external-id order), and the customer at 0-based
 * position i of n gets floor(5·i/n) + 1. So every score holds n/5 customers (±1) even when many
 * share a value (frequency 1 is very common), which a cut on the value itself could not.
 */
export function quintileScores(values: ArrayLike<number>, tieOrder: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const diff = higherIsBetter ? values[a] - values[b] : values[b] - values[a];
    return diff !== 0 ? diff : tieOrder[a] - tieOrder[b];
  });
  const scores = new Uint8Array(n);
  for (let position = 0; position < n; position++) scores[order[position]] = Math.floor((5 * position) / n) + 1;
  return scores;
}

/**
 * The standard R×F segment map (segments by recency score and frequency score), with "Lost" split
 * out of Hibernating as the customers at the bottom of both (R=1, F=1).
 */
export function rfmGroup(r: number, f: number): RfmGroup {
  if (r === 1 && f === 1) return 'Lost';
  if (r <= 2 && f <= 2) return 'Hibernating';
  if (r <= 2 && f <= 4) return 'At Risk';
  if (r <= 2) return "Can't Lose Them";
  if (r === 3 && f <= 2) return 'About to Sleep';
  if (r === 3 && f === 3) return 'Need Attention';
  if (r >= 3 && r <= 4 && f >= 4) return 'Loyal';
  if (r === 4 && f === 1) return 'Promising';
  if (r === 5 && f === 1) return 'New Customers';
  if (f <= 3) return 'Potential Loyalist';
  return 'Champions';
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `asOf` (floor), never negative. */
export function daysBetween(from: Date, asOf: Date): number {
  return Math.max(0, Math.floor((asOf.getTime() - from.getTime()) / DAY_MS));
}

export function ageBand(birthDate: string | null, asOf: Date): string | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!y) return null;
  let age = asOf.getUTCFullYear() - y;
  if (asOf.getUTCMonth() + 1 < m || (asOf.getUTCMonth() + 1 === m && asOf.getUTCDate() < d)) age--;
  if (age < 18) return 'under 18';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}
