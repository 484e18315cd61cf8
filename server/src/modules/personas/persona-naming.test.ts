import { describe, expect, it } from 'vitest';
import type { SegmentSummary } from '../segmentation/index.js';
import { draftPersonas, PLAYS } from './persona-naming.js';

const base = { meanRecencyDays: 90, meanFrequency: 4, meanMonetary: 2000 };
const seg = (over: Partial<SegmentSummary>): SegmentSummary => ({
  size: 100, shareOfCustomers: 0.25, revenueShare: 0.25, meanRScore: 3, meanFScore: 3, meanMScore: 3,
  meanRecencyDays: 90, meanFrequency: 4, meanMonetary: 2000, topCategories: [], ...over,
});

describe('draftPersonas', () => {
  it('reads the centroid in the RFM vocabulary with plays', () => {
    const [champions, lost] = draftPersonas([
      seg({ meanRScore: 4.8, meanFScore: 4.6, meanMScore: 4.9, meanRecencyDays: 10, meanFrequency: 15, meanMonetary: 9000, revenueShare: 0.7, topCategories: ['Kitchen', 'Lighting'] }),
      seg({ meanRScore: 1.2, meanFScore: 1.1, meanMScore: 1.3, meanRecencyDays: 300, meanFrequency: 1, meanMonetary: 200, revenueShare: 0.02 }),
    ], base);
    expect(champions.name).toBe('Champions');
    expect(champions.plays).toEqual(PLAYS.Champions);
    expect(champions.description).toContain('70.0% of revenue');
    expect(champions.description).toContain('4.5× the base average');
    expect(champions.description).toContain('Top categories: Kitchen, Lighting.');
    expect(lost.name).toBe('Lost');
    expect(lost.description).toContain('10% of the base average');
  });

  it('keeps names unique when two segments read the same', () => {
    const names = draftPersonas([
      seg({ meanRScore: 5, meanFScore: 5, meanMScore: 4.5 }),
      seg({ meanRScore: 5, meanFScore: 5, meanMScore: 2 }),
      seg({ meanRScore: 5, meanFScore: 5, meanMScore: 2.2 }),
    ], base).map((p) => p.name);
    expect(names).toEqual(['High-spending Champions', 'Low-spending Champions', 'Low-spending Champions 2']);
  });
});
