import { describe, expect, it } from 'vitest';
import { incrementalRevenueInterval } from '../../ml/statistics/index.js';
import { memoisedRevenueInterval } from './interval-memo.js';

const treatment = { members: 900, nonZero: Array.from({ length: 140 }, (_, i) => 10 + ((i * 37) % 90)) };
const control = { members: 300, nonZero: Array.from({ length: 35 }, (_, i) => 12 + ((i * 53) % 70)) };

describe('memoisedRevenueInterval', () => {
  it('gives what the bootstrap gives, and the same answer again without recomputing', () => {
    const first = memoisedRevenueInterval(treatment, control, { seed: 4, samples: 800 });
    expect(first).toEqual(incrementalRevenueInterval(treatment, control, { seed: 4, samples: 800 }));
    // The same values in another order are the same inputs: the stored object comes back.
    const again = memoisedRevenueInterval({ ...treatment, nonZero: [...treatment.nonZero].reverse() }, control, { seed: 4, samples: 800 });
    expect(again).toBe(first);
  });

  it('computes afresh when an outcome, the group size or an option changes', () => {
    const first = memoisedRevenueInterval(treatment, control, { seed: 4, samples: 800 });
    const changedValue = { ...treatment, nonZero: [...treatment.nonZero.slice(1), 5000] };
    const other = memoisedRevenueInterval(changedValue, control, { seed: 4, samples: 800 });
    expect(other).not.toBe(first);
    expect(other).toEqual(incrementalRevenueInterval(changedValue, control, { seed: 4, samples: 800 }));
    expect(memoisedRevenueInterval({ ...treatment, members: 901 }, control, { seed: 4, samples: 800 })!.estimate).not.toBe(first!.estimate);
    expect(memoisedRevenueInterval(treatment, control, { seed: 5, samples: 800 })).not.toBe(first);
  });
});
