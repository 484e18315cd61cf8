// The API under load runs in its own process, so the load generator does not share its CPU.
import 'reflect-metadata';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { serve } from '../../server/src/main.js';

const config = loadConfig();
const app = await serve(config, createLogger(config), { port: 0, withWorker: false, adminDist: null });
process.stdout.write(`listening ${app.server.url}\n`);
process.on('SIGTERM', () => { app.stop().then(() => process.exit(0), () => process.exit(1)); });
