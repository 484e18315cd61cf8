// Where a scenario's slow requests come from. A p99 over target says that more than 1 % of the
// requests were slow, not why. Each slow request is set against what happened while it waited:
// how much CPU time the hypervisor took from the machine in that time (/proc/stat's steal, sampled
// every 100 ms), and whether a garbage-collection pause of the API fell in it. A p99 made by the
// host's stolen time is the machine's; one made by the API's own pauses is the API's.
import fs from 'node:fs';

/** One reading of /proc/stat: when (epoch ms), and the machine's CPU ticks so far, all CPUs summed; steal also per CPU. */
export interface CpuSample { at: number; total: number; idle: number; steal: number; perCpu: number[] }

/** The machine's CPU time, steal included, as a time series (/proc/stat's ticks). */
export class CpuSampler {
  private readonly taken: CpuSample[] = [];
  private timer: NodeJS.Timeout | null = null;

  start(everyMs = 100): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    return this;
  }

  stop(): this {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this;
  }

  private sample(): void {
    let lines: string[];
    try { lines = fs.readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => l.startsWith('cpu')); } catch { return; }
    // user nice system idle iowait irq softirq steal
    const ticks = (line: string) => line.trim().split(/\s+/).slice(1, 9).map(Number);
    const all = ticks(lines[0]);
    this.taken.push({
      at: performance.timeOrigin + performance.now(), total: all.reduce((a, b) => a + b, 0), idle: all[3] + all[4], steal: all[7] ?? 0,
      perCpu: lines.slice(1).map((l) => ticks(l)[7] ?? 0),
    });
  }

  /** The samples as they were taken (for BENCH_TIMELINE: which CPU the host took, and when). */
  samples(): CpuSample[] {
    return this.taken;
  }

  /** Over the whole run: the share of the machine's CPU time that was busy, and that the hypervisor stole. */
  share(): { busy: number; steal: number } | undefined {
    const first = this.taken[0], last = this.taken[this.taken.length - 1];
    const total = last && first ? last.total - first.total : 0;
    return total > 0 ? { busy: 1 - (last.idle - first.idle) / total, steal: (last.steal - first.steal) / total } : undefined;
  }

  /** The intervals between samples: [from, to) in epoch ms, with the ticks stolen and elapsed in each. */
  intervals(): StealInterval[] {
    return this.taken.slice(1).map((x, i) => ({ from: this.taken[i].at, to: x.at, steal: x.steal - this.taken[i].steal, total: x.total - this.taken[i].total }));
  }
}

/** One request: when it was due (epoch ms) and how long it took from then. */
export interface TimedRequest { due: number; ms: number }
/** One GC pause of the API: when it started (epoch ms) and how long it lasted. */
export type Pause = [start: number, ms: number];

export interface SlowRequests {
  threshold: number;
  requests: number;
  slow: number;
  /** Steal as a share of all CPU time, in the sample intervals a slow request waited through, and in the others. */
  stealWhileSlow: number;
  stealOtherwise: number;
  /** Slow requests that waited through a GC pause of the API of at least `pauseMs`. */
  throughPause: number;
  pauseMs: number;
}

export interface StealInterval { from: number; to: number; steal: number; total: number }

export function slowRequests(requests: TimedRequest[], threshold: number, intervals: StealInterval[], pauses: Pause[], pauseMs = 5): SlowRequests {
  const touched = new Uint8Array(intervals.length);
  const long = pauses.filter(([, ms]) => ms >= pauseMs).sort((a, b) => a[0] - b[0]);
  let slow = 0, throughPause = 0;
  for (const r of requests) {
    if (r.ms <= threshold) continue;
    slow++;
    const end = r.due + r.ms;
    for (let i = firstEndingAfter(intervals, r.due); i < intervals.length && intervals[i].from < end; i++) touched[i] = 1;
    if (long.some(([start, ms]) => start < end && start + ms > r.due)) throughPause++;
  }
  let stealIn = 0, totalIn = 0, stealOut = 0, totalOut = 0;
  intervals.forEach((x, i) => { if (touched[i]) { stealIn += x.steal; totalIn += x.total; } else { stealOut += x.steal; totalOut += x.total; } });
  return { threshold, requests: requests.length, slow, stealWhileSlow: totalIn ? stealIn / totalIn : 0, stealOtherwise: totalOut ? stealOut / totalOut : 0, throughPause, pauseMs };
}

function firstEndingAfter(intervals: { to: number }[], t: number): number {
  let lo = 0, hi = intervals.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (intervals[mid].to <= t) lo = mid + 1; else hi = mid; }
  return lo;
}

/**
 * More than 1 % of the requests were slow (the p99 is over the threshold), and while they waited the
 * hypervisor took at least a tenth of the machine's CPU time and five times its share at other times:
 * the window measures the host more than the API.
 */
export function hostDisturbed(s: SlowRequests): boolean {
  return s.slow > s.requests / 100 && s.stealWhileSlow >= 0.1 && s.stealWhileSlow >= 5 * s.stealOtherwise;
}

export function describeSlow(s: SlowRequests): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  if (!s.slow) return `slow requests (over ${s.threshold.toFixed(1)} ms): none`;
  return `slow requests (over ${s.threshold.toFixed(1)} ms): ${s.slow} of ${s.requests}; CPU stolen by the hypervisor while they waited ${pct(s.stealWhileSlow)}, `
    + `at other times ${pct(s.stealOtherwise)}; ${s.throughPause} waited through an API GC pause of ${s.pauseMs} ms or more`;
}
