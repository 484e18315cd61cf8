import { describe, expect, it } from 'vitest';
import { ageBand, daysBetween, quintileScores, RFM_GROUPS, rfmGroup } from './rfm.js';

describe('quintileScores', () => {
  it('splits ten customers into five equal scores, best values scoring 5', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const ids = values.map((_, i) => i + 1);
    expect([...quintileScores(values, ids, true)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([...quintileScores(values, ids, false)]).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('breaks ties by customer id so scores stay balanced', () => {
    const values = [1, 1, 1, 1, 1];
    expect([...quintileScores(values, [5, 4, 3, 2, 1], true)]).toEqual([5, 4, 3, 2, 1]);
  });

  it('keeps every score within one customer of n/5 for any n', () => {
    for (const n of [1, 2, 3, 7, 11, 4338]) {
      const values = Array.from({ length: n }, (_, i) => (i * 7919) % 13);
      const scores = quintileScores(values, values.map((_, i) => i), true);
      const counts = [1, 2, 3, 4, 5].map((s) => scores.filter((x) => x === s).length);
      for (const c of counts) expect(Math.abs(c - n / 5)).toBeLessThanOrEqual(1);
    }
  });
});

describe('rfmGroup', () => {
  it('maps every R×F cell to one of the eleven groups and uses them all', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) seen.add(rfmGroup(r, f));
    expect([...seen].sort()).toEqual([...RFM_GROUPS].sort());
  });

  it('follows the documented map', () => {
    expect(rfmGroup(5, 5)).toBe('Champions');
    expect(rfmGroup(5, 4)).toBe('Champions');
    expect(rfmGroup(4, 5)).toBe('Loyal');
    expect(rfmGroup(5, 1)).toBe('New Customers');
    expect(rfmGroup(4, 1)).toBe('Promising');
    expect(rfmGroup(5, 2)).toBe('Potential Loyalist');
    expect(rfmGroup(3, 3)).toBe('Need Attention');
    expect(rfmGroup(3, 1)).toBe('About to Sleep');
    expect(rfmGroup(2, 4)).toBe('At Risk');
    expect(rfmGroup(1, 5)).toBe("Can't Lose Them");
    expect(rfmGroup(2, 2)).toBe('Hibernating');
    expect(rfmGroup(1, 1)).toBe('Lost');
  });
});

describe('dates', () => {
  it('counts whole days and age bands as of a date', () => {
    const asOf = new Date('2011-12-10T00:00:00Z');
    expect(daysBetween(new Date('2011-12-09T12:50:00Z'), asOf)).toBe(0);
    expect(daysBetween(new Date('2011-12-08T23:59:00Z'), asOf)).toBe(1);
    expect(ageBand('1990-12-10', asOf)).toBe('18-24');
    expect(ageBand('1986-12-11', asOf)).toBe('18-24');
    expect(ageBand('1986-12-10', asOf)).toBe('25-34');
    expect(ageBand(null, asOf)).toBeNull();
  });
});
