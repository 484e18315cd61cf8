/**
 * Entry point of the job-worker thread of `serve --with-worker`: runs the JobWorker of
 * `segmenta worker`, on a data source of its own, so that clustering, training and scoring keep
 * their CPU off the API's event loop. Wiring only; thread-host.ts starts the thread and
 * in-process-worker.ts supervises each worker in it.
 */
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../db/data-source.js';
import { createLogger } from '../logger.js';
import type { JobWorker } from '../modules/jobs/index.js';
import { createWorker } from '../worker.js';
import { HEARTBEAT_MS, type FromWorkerThread, type ToWorkerThread } from './messages.js';

if (!parentPort) throw new Error('worker-thread.ts runs as a worker thread (jobs-thread/thread-host.ts starts it)');
const port = parentPort;
const post = (message: FromWorkerThread) => port.postMessage(message);

/** Workers by key; each key's start and stop run in order. */
const workers = new Map<string, { running: { worker: JobWorker; dataSource: DataSource } | null; queue: Promise<void> }>();

async function start(message: Extract<ToWorkerThread, { kind: 'start' }>): Promise<void> {
  const { key, config } = message;
  // pino writes whole lines; each becomes one message, logged by the API's own logger.
  const logger = createLogger({ logLevel: message.logLevel }, 'segmenta', { write: (line: string) => post({ kind: 'log', key, line }) });
  try {
    // The API thread already migrated the database. This is a second connection (SQLite: to the
    // same file, WAL with a busy timeout; MySQL/MariaDB: a pool of its own).
    const dataSource = await openDatabase(config, { migrate: false });
    const worker = createWorker(dataSource, config, logger, { id: key, onJob: (job) => post({ kind: 'job', key, job }) });
    worker.start();
    workers.get(key)!.running = { worker, dataSource };
    post({ kind: 'started', key });
  } catch (error) {
    const e = error as Error;
    post({ kind: 'start-failed', key, error: { message: e?.message ?? String(error), stack: e?.stack } });
  }
}

async function stop(key: string): Promise<void> {
  const running = workers.get(key)?.running;
  try {
    await running?.worker.stop();
    if (running?.dataSource.isInitialized) await running.dataSource.destroy();
  } finally {
    workers.delete(key);
    post({ kind: 'stopped', key });
  }
}

port.on('message', (message: ToWorkerThread) => {
  const entry = workers.get(message.key) ?? { running: null, queue: Promise.resolve() };
  workers.set(message.key, entry);
  entry.queue = entry.queue.then(() => (message.kind === 'start' ? start(message) : stop(message.key)));
});

setInterval(() => post({ kind: 'heartbeat' }), HEARTBEAT_MS);
post({ kind: 'heartbeat' });
