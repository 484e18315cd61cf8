// `serve --with-worker` for bench/serve-worker.bench.ts: the worker on its thread, or with
// WORKER_ON_MAIN_THREAD=1 on the API's own event loop (the internal option the bench compares with).
import 'reflect-metadata';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { serve } from '../../server/src/main.js';

const config = loadConfig();
const app = await serve(config, createLogger(config), { port: 0, withWorker: true, workerOnMainThread: process.env.WORKER_ON_MAIN_THREAD === '1', adminDist: null });
process.stdout.write(`listening ${app.server.url}\n`);
process.on('SIGTERM', () => { app.stop().then(() => process.exit(0), () => process.exit(1)); });
