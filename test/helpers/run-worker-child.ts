// A worker process for the kill -9 tests: runs the test job types against the given database.
import 'reflect-metadata';
import { loadConfig } from '../../server/src/config/index.js';
import { openDatabase } from '../../server/src/db/data-source.js';
import { createLogger } from '../../server/src/logger.js';
import { JobWorker } from '../../server/src/modules/jobs/index.js';
import { TEST_HANDLERS } from './test-jobs.js';

const config = loadConfig();
const dataSource = await openDatabase(config);
const worker = new JobWorker(dataSource, config, createLogger(config), TEST_HANDLERS, { id: process.env.WORKER_ID });
worker.start();
process.stdout.write('ready\n');
