// The API bench's account of its slow requests (bench/helpers/slow-requests.ts): which CPU steal
// and which GC pauses a slow request waited through.
import { describe, expect, it } from 'vitest';
import { CpuSampler, hostDisturbed, slowRequests } from '../bench/helpers/slow-requests.js';

// Ten 100 ms intervals from t = 0; each has 20 ticks (2 CPUs), the fourth had 10 stolen.
const intervals = Array.from({ length: 10 }, (_, i) => ({ from: i * 100, to: (i + 1) * 100, steal: i === 3 ? 10 : 0, total: 20 }));

describe('slowRequests', () => {
  it('sets steal in the intervals a slow request waited through against the rest', () => {
    const requests = [
      { due: 10, ms: 2 }, { due: 320, ms: 30 }, // slow, inside interval 3
      { due: 390, ms: 25 }, // slow, spans intervals 3 and 4
      { due: 600, ms: 1 }, { due: 700, ms: 20 }, // not over 20 ms: not slow
    ];
    const s = slowRequests(requests, 20, intervals, []);
    expect(s.slow).toBe(2);
    expect(s.requests).toBe(5);
    expect(s.stealWhileSlow).toBeCloseTo(10 / 40); // intervals 3 and 4
    expect(s.stealOtherwise).toBe(0);
  });

  it('counts slow requests that waited through a long enough GC pause', () => {
    const requests = [{ due: 100, ms: 30 }, { due: 200, ms: 30 }, { due: 500, ms: 30 }];
    // A 12 ms pause inside the first request, a 3 ms one inside the second, one ending just before the third.
    const s = slowRequests(requests, 20, intervals, [[110, 12], [210, 3], [480, 20]], 5);
    expect(s.slow).toBe(3);
    expect(s.throughPause).toBe(1);
  });

  it('reports no steal share when nothing was slow', () => {
    const s = slowRequests([{ due: 0, ms: 1 }], 20, intervals, [[0, 50]]);
    expect(s).toMatchObject({ slow: 0, throughPause: 0, stealWhileSlow: 0 });
  });
});

describe('hostDisturbed', () => {
  const base = { threshold: 20, requests: 1000, throughPause: 0, pauseMs: 5 };
  it('holds when over 1 % were slow through a tenth of the CPU stolen, five times the rest', () => {
    expect(hostDisturbed({ ...base, slow: 11, stealWhileSlow: 0.2, stealOtherwise: 0.01 })).toBe(true);
  });
  it('does not hold when the p99 is within the threshold, the steal small, or as large at other times', () => {
    expect(hostDisturbed({ ...base, slow: 10, stealWhileSlow: 0.5, stealOtherwise: 0 })).toBe(false);
    expect(hostDisturbed({ ...base, slow: 50, stealWhileSlow: 0.05, stealOtherwise: 0 })).toBe(false);
    expect(hostDisturbed({ ...base, slow: 50, stealWhileSlow: 0.3, stealOtherwise: 0.1 })).toBe(false);
  });
});

describe('CpuSampler', () => {
  it('reads the machine\'s CPU ticks into intervals that follow each other', async () => {
    const sampler = new CpuSampler().start(20);
    await new Promise((r) => setTimeout(r, 120));
    const xs = sampler.stop().intervals();
    expect(xs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < xs.length; i++) expect(xs[i].from).toBe(xs[i - 1].to);
    for (const x of xs) { expect(x.steal).toBeGreaterThanOrEqual(0); expect(x.total).toBeGreaterThanOrEqual(x.steal); }
    expect(xs.reduce((n, x) => n + x.total, 0)).toBeGreaterThan(0);
    const share = sampler.share()!;
    expect(share.busy).toBeGreaterThanOrEqual(0);
    expect(share.busy).toBeLessThanOrEqual(1);
    expect(share.steal).toBeGreaterThanOrEqual(0);
  });
});
