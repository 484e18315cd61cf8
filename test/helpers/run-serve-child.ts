// `serve --with-worker` in a child process for the worker-thread crash test: SIGUSR2 ends the
// job-worker thread as a crash would, without stopping the worker (it must be started again).
import 'reflect-metadata';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { serve } from '../../server/src/main.js';
import { workerThreadHost } from '../../server/src/jobs-thread/thread-host.js';

const config = loadConfig();
const app = await serve(config, createLogger(config), { port: 0, withWorker: true, adminDist: null });
process.on('SIGUSR2', () => { void workerThreadHost.terminate(); });
process.on('SIGTERM', () => { app.stop().then(() => process.exit(0), () => process.exit(1)); });
process.stdout.write(`listening ${app.server.url}\n`);
