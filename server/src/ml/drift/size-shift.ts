export interface SegmentShift {
  /** Index in the live run's segments, or null for a new segment nobody matched. */
  from: number | null;
  /** Index in the new run's segments, or null for a live segment that has no successor. */
  to: number | null;
  shareBefore: number;
  shareAfter: number;
  /** shareAfter − shareBefore, in share of customers (−1..1). */
  shift: number;
}

/**
 * Size shifts of matched segments (share of all customers before and after), plus a row for
 * every unmatched segment on either side (its whole share appears or disappears).
 * `maxAbsShift` is what the activation policy compares with its threshold.
 */
export function segmentSizeShifts(sizesBefore: number[], sizesAfter: number[], matches: { from: number[]; to: number[] }): { shifts: SegmentShift[]; maxAbsShift: number } {
  const totalBefore = sizesBefore.reduce((s, v) => s + v, 0) || 1;
  const totalAfter = sizesAfter.reduce((s, v) => s + v, 0) || 1;
  const shifts: SegmentShift[] = [];
  const matchedAfter = new Set<number>();
  const successor = new Map(matches.from.map((f, i) => [f, matches.to[i]]));
  for (let f = 0; f < sizesBefore.length; f++) {
    const to = successor.get(f);
    const shareBefore = sizesBefore[f] / totalBefore;
    const shareAfter = to === undefined ? 0 : sizesAfter[to] / totalAfter;
    if (to !== undefined) matchedAfter.add(to);
    shifts.push({ from: f, to: to ?? null, shareBefore, shareAfter, shift: shareAfter - shareBefore });
  }
  for (let t = 0; t < sizesAfter.length; t++) {
    if (matchedAfter.has(t)) continue;
    const shareAfter = sizesAfter[t] / totalAfter;
    shifts.push({ from: null, to: t, shareBefore: 0, shareAfter, shift: shareAfter });
  }
  return { shifts, maxAbsShift: shifts.reduce((m, s) => Math.max(m, Math.abs(s.shift)), 0) };
}
