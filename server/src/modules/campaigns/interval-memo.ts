import { incrementalRevenueInterval, type IncrementalRevenueInterval, type IntervalOptions, type RevenueGroup } from '../../ml/statistics/index.js';

/**
 * The campaign results page asks for the same bootstrap intervals again and again while nothing
 * changed (every view, every poll). The interval is a pure function of the two groups and the
 * options, so it is kept here, keyed by an exact digest of its inputs: members, the non-zero
 * revenues (sorted, as the bootstrap reads them) and the options. New outcomes change the digest
 * and the interval is computed afresh; a results page of 2,000 resamples at 5,000 revenues costs
 * its bootstrap once instead of on every request.
 */
const CAPACITY = 512;
const memo = new Map<string, IncrementalRevenueInterval | null>();

function digest(group: RevenueGroup): string {
  const sorted = Float64Array.from(group.nonZero).sort();
  // FNV-1a over the values' exact bits, in two 32-bit lanes (a 64-bit digest).
  const bits = new Uint32Array(sorted.buffer);
  let a = 0x811c9dc5, b = 0x01000193 ^ sorted.length;
  for (let i = 0; i < bits.length; i++) {
    a = Math.imul(a ^ bits[i], 0x01000193) >>> 0;
    b = Math.imul(b ^ bits[bits.length - 1 - i], 0x01000193) >>> 0;
  }
  return `${group.members}:${sorted.length}:${a.toString(36)}${b.toString(36)}`;
}

export const memoisedRevenueInterval: typeof incrementalRevenueInterval = (treatment, control, options: IntervalOptions = {}) => {
  const key = `${digest(treatment)}|${digest(control)}|${options.samples ?? ''}|${options.seed ?? ''}|${options.z ?? ''}|${options.bootstrapLimit ?? ''}`;
  if (memo.has(key)) {
    const hit = memo.get(key)!;
    memo.delete(key);
    memo.set(key, hit); // most recently used last
    return hit;
  }
  const interval = incrementalRevenueInterval(treatment, control, options);
  memo.set(key, interval);
  if (memo.size > CAPACITY) memo.delete(memo.keys().next().value!);
  return interval;
};
