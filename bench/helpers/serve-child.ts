// The API under load runs in its own process, so the load generator does not share its CPU.
// On SIGUSR2 it prints, and resets, what its own event loop went through since the last report:
// event-loop delay (how late timers ran: time the process itself was blocked or not scheduled) and
// garbage-collection pauses, so a latency tail can be told apart from the machine being busy; and the
// CPU time the process used (all its threads), which divided by the requests served is the API's cost
// per request, a steadier figure than latency on a shared machine.
import 'reflect-metadata';
import fs from 'node:fs';
import { Session } from 'node:inspector';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { serve } from '../../server/src/main.js';

const config = loadConfig();
const app = await serve(config, createLogger(config), { port: 0, withWorker: false, adminDist: null });
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let gcCount = 0, gcTotal = 0, gcMax = 0;
// Pauses by kind (perf_hooks' gc entry detail.kind): minor (scavenge) and the rest (mark-compact, incremental marking steps, weak callbacks).
let minorCount = 0, minorMax = 0, majorCount = 0, majorMax = 0;
let cpuMark = process.cpuUsage();
// Pauses of 2 ms or more, [start in epoch ms, duration]: the bench sets them beside its slow requests.
let pauses: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcCount++; gcTotal += entry.duration; gcMax = Math.max(gcMax, entry.duration);
    if (entry.duration >= 2 && pauses.length < 100_000) pauses.push([Math.round(performance.timeOrigin + entry.startTime), Math.round(entry.duration * 10) / 10]);
    if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) { minorCount++; minorMax = Math.max(minorMax, entry.duration); } else { majorCount++; majorMax = Math.max(majorMax, entry.duration); }
  }
}).observe({ entryTypes: ['gc'] });
process.on('SIGUSR2', () => {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  const cpu = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  process.stdout.write(`stats ${JSON.stringify({ loopP99: ms(loop.percentile(99)), loopMax: ms(loop.max), gcCount, gcTotal: Math.round(gcTotal), gcMax: Math.round(gcMax * 10) / 10, minorCount, minorMax: Math.round(minorMax * 10) / 10, majorCount, majorMax: Math.round(majorMax * 10) / 10, cpuMs: Math.round((cpu.user + cpu.system) / 1000), pauses })}\n`);
  pauses = [];
  loop.reset();
  gcCount = 0; gcTotal = 0; gcMax = 0; minorCount = 0; minorMax = 0; majorCount = 0; majorMax = 0;
});
// BENCH_HEAP_SAMPLE=<file>: a sampling heap profile of what the process allocated and a major GC
// collected (objects that outlived scavenges: the promotions behind the old-space collections),
// written to <file> (open it in Chrome DevTools' Memory tab) when the process is stopped. With
// BENCH_HEAP_SAMPLE_MINOR=1 it keeps what scavenges collected too: every allocation, by site.
const heapSample = process.env.BENCH_HEAP_SAMPLE;
let session: Session | null = null;
if (heapSample) {
  session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.BENCH_HEAP_SAMPLE_MINOR === '1' });
}
const writeHeapSample = () => new Promise<void>((resolve) => {
  if (!session || !heapSample) { resolve(); return; }
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) fs.writeFileSync(heapSample, JSON.stringify(result.profile));
    resolve();
  });
});
process.stdout.write(`listening ${app.server.url}\n`);
process.on('SIGTERM', () => { writeHeapSample().then(() => app.stop()).then(() => process.exit(0), () => process.exit(1)); });
