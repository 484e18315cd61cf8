import { describe, expect, it } from 'vitest';
import { majorityBaseline } from '../../admin/src/models/majority-baseline.js';

describe('admin: the segment classifier beside its majority-class baseline', () => {
  // True classes: 60 in segment 0, 30 in segment 1, 10 in segment 2 (rows), predictions in columns.
  const matrix = { names: ['Loyal', 'At Risk', 'Lost'], matrix: [[55, 5, 0], [10, 20, 0], [4, 1, 5]] };

  it('is the share of the largest true class, and flags a model within 5 points of it', () => {
    const accuracy = (55 + 20 + 5) / 100;
    expect(majorityBaseline(matrix, accuracy)).toEqual({ accuracy: 0.6, className: 'Loyal', margin: expect.closeTo(0.2, 10), barelyBeats: false });
    expect(majorityBaseline(matrix, 0.63)).toMatchObject({ barelyBeats: true, margin: expect.closeTo(0.03, 10) });
    expect(majorityBaseline(matrix, 0.55)).toMatchObject({ barelyBeats: true });
  });

  it('has no baseline without held-out rows', () => {
    expect(majorityBaseline({ names: [], matrix: [] }, 0)).toBeNull();
  });
});
