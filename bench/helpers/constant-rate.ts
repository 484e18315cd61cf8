// An open-loop, constant-rate HTTP load generator (the wrk2 model).
//
// Request i is due at start + i/rate, evenly spaced, whatever the server is doing, and its latency
// is measured from that due time, not from when a connection became free. A slow response
// therefore also delays (and is charged to) the requests queued behind it, so coordinated omission
// is counted rather than hidden. A closed-loop tool that sends each connection's per-second quota
// back to back at the top of each second would instead turn 200 req/s into a burst that saturates
// the server for a few hundred milliseconds, then nothing.
import http from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface ConstantRateLoad {
  url: string;
  /** Requests per second, spaced 1/rate apart. */
  rate: number;
  seconds: number;
  /** Keep-alive connections; requests beyond them wait (and that wait is counted). */
  connections: number;
  path: string;
  headers: Record<string, string>;
  body: () => string;
  /** A 200 response can still be an error (GraphQL reports errors in the body). */
  isError?: (status: number, body: string) => boolean;
  /** Ends the run early (checked before each request is sent); `seconds` is then the longest. */
  stop?: () => boolean;
  /** Tags each request with what was going on when it was due; percentiles are also given per tag. */
  label?: () => string;
}

export interface ConstantRateResult {
  sent: number;
  completed: number;
  errors: number;
  /** The first few errors: status and body, or the network error. */
  errorSamples: string[];
  /** Achieved completions per second over the run. */
  rate: number;
  /** Latency percentiles in milliseconds, measured from each request's due time. */
  p50: number; p90: number; p99: number; p999: number; max: number;
  /** Per label (when `label` is given), in order of first appearance. */
  byLabel: { label: string; count: number; p50: number; p99: number; /** ascending */ latencies: number[] }[];
  seconds: number;
  /**
   * The generator's own process over the run: a request due while its event loop is blocked (its
   * own garbage collection, the machine's other work) is sent late, and that lateness is charged to
   * the server. `lateP99` is the 99th percentile of how late requests were sent after their due time.
   */
  generator: { loopP99: number; loopMax: number; gcCount: number; gcMax: number; lateP99: number; lateMax: number; cpuMs: number };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function constantRate(load: ConstantRateLoad): Promise<ConstantRateResult> {
  const target = new URL(load.url);
  // fifo: the connections are used in turn, so none sits idle until the server closes it (lifo, the
  // default, reuses the last few and leaves the rest idle for minutes).
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections, scheduling: 'fifo' });
  const latencies: number[] = [];
  const labelled = new Map<string, number[]>();
  let errors = 0, sent = 0;
  const errorSamples: string[] = [];
  const failed = (what: string) => { errors++; if (errorSamples.length < 3) errorSamples.push(what.slice(0, 300)); };
  const total = Math.round(load.rate * load.seconds);
  const interval = 1000 / load.rate;
  const inFlight = new Set<Promise<void>>();
  const late: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  let gcCount = 0, gcMax = 0;
  const gc = new PerformanceObserver((list) => { for (const e of list.getEntries()) { gcCount++; gcMax = Math.max(gcMax, e.duration); } });
  gc.observe({ entryTypes: ['gc'] });
  loop.enable();
  const cpuBefore = process.cpuUsage();

  const fire = (due: number) => {
    late.push(performance.now() - due);
    const payload = load.body();
    const label = load.label?.();
    const bucket = label === undefined ? null : (labelled.get(label) ?? labelled.set(label, []).get(label)!);
    const record = (ms: number) => { latencies.push(ms); bucket?.push(ms); };
    const done = new Promise<void>((resolve) => {
      const request = http.request({
        agent, host: target.hostname, port: target.port, path: load.path, method: 'POST',
        headers: { ...load.headers, 'content-length': Buffer.byteLength(payload) },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          record(performance.now() - due);
          const body = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200 || load.isError?.(response.statusCode ?? 0, body)) failed(`HTTP ${response.statusCode}: ${body}`);
          resolve();
        });
      });
      request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
      request.on('error', (error) => { failed(error.message); record(performance.now() - due); resolve(); });
      request.end(payload);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  const start = performance.now();
  while (sent < total && !load.stop?.()) {
    const now = performance.now();
    // Catch up on everything due (a late timer must not thin out the load), then sleep until the next.
    while (sent < total && start + sent * interval <= now) fire(start + sent++ * interval);
    if (sent < total) await new Promise((r) => setTimeout(r, Math.max(0, start + sent * interval - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  loop.disable();
  gc.disconnect();
  const cpu = process.cpuUsage(cpuBefore);
  const lateSorted = late.sort((a, b) => a - b);
  const sorted = latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    sent, completed: latencies.length, errors, errorSamples, rate: latencies.length / elapsed,
    p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)),
    p999: round(percentile(sorted, 99.9)), max: round(sorted[sorted.length - 1] ?? NaN),
    byLabel: [...labelled].map(([label, xs]) => { const ys = xs.sort((a, b) => a - b); return { label, count: ys.length, p50: round(percentile(ys, 50)), p99: round(percentile(ys, 99)), latencies: ys }; }),
    seconds: elapsed,
    generator: {
      loopP99: round(loop.percentile(99) / 1e6), loopMax: round(loop.max / 1e6), gcCount, gcMax: round(gcMax),
      lateP99: round(percentile(lateSorted, 99)), lateMax: round(lateSorted[lateSorted.length - 1] ?? NaN), cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    },
  };
}
