// `serve --with-worker` for bench/serve-worker.bench.ts: the worker on its thread, or with
// WORKER_ON_MAIN_THREAD=1 on the API's own event loop (the internal option the bench compares with).
import 'reflect-metadata';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { serve } from '../../server/src/main.js';

const config = loadConfig();
const app = await serve(config, createLogger(config), { port: 0, withWorker: true, workerOnMainThread: process.env.WORKER_ON_MAIN_THREAD === '1', adminDist: null });
// The API thread's own event-loop delay, apart from what the host's scheduling adds to each poll:
// SIGUSR1 starts a measurement, SIGUSR2 prints it.
const loop = monitorEventLoopDelay({ resolution: 5 });
process.on('SIGUSR1', () => { loop.reset(); loop.enable(); });
process.on('SIGUSR2', () => {
  loop.disable();
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  process.stdout.write(`loop ${JSON.stringify({ p99: ms(loop.percentile(99)), max: ms(loop.max) })}\n`);
});
process.stdout.write(`listening ${app.server.url}\n`);
process.on('SIGTERM', () => { app.stop().then(() => process.exit(0), () => process.exit(1)); });
