// A real `segmenta worker` in a child process (all job types), for kill -9 tests of real jobs.
import 'reflect-metadata';
import { loadConfig } from '../../server/src/config/index.js';
import { openDatabase } from '../../server/src/db/data-source.js';
import { createLogger } from '../../server/src/logger.js';
import { createWorker } from '../../server/src/worker.js';

const config = loadConfig();
const dataSource = await openDatabase(config);
createWorker(dataSource, config, createLogger(config), { id: process.env.WORKER_ID }).start();
process.stdout.write('ready\n');
