// The API under load runs in its own process, so the load generator does not share its CPU.
// On SIGUSR2 it prints, and resets, its event-loop delay and the CPU time it used since the last
// report: CPU per request is a steadier figure than latency on a shared machine.
import 'reflect-metadata';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { serve } from '../../server/src/main.js';

const config = loadConfig();
const app = await serve(config, createLogger(config), { port: 0, withWorker: false, adminDist: null });
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let cpuMark = process.cpuUsage();
process.on('SIGUSR2', () => {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  const cpu = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  process.stdout.write(`stats ${JSON.stringify({ loopP99: ms(loop.percentile(99)), loopMax: ms(loop.max), cpuMs: Math.round((cpu.user + cpu.system) / 1000) })}\n`);
  loop.reset();
});
process.stdout.write(`listening ${app.server.url}\n`);
process.on('SIGTERM', () => { app.stop().then(() => process.exit(0), () => process.exit(1)); });
