import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { openDatabase } from './db/data-source.js';
import { createHttpServer, type RunningServer } from './http/app.js';
import { createTicker, createWorker } from './worker.js';
import { ensureBootstrapAdmin } from './modules/auth/index.js';
import { prepareDemo } from './demo.js';
import { startHousekeeping } from './housekeeping.js';
import { InProcessWorker } from './jobs-thread/in-process-worker.js';

export interface ServeOptions {
  withWorker?: boolean; demo?: boolean; port?: number; adminDist?: string | null;
  /**
   * Internal, for bench/serve-worker.bench.ts: run the in-process worker's jobs on the API's own
   * event loop instead of on its worker thread (jobs-thread/), to measure what the thread spares.
   */
  workerOnMainThread?: boolean;
}

/** The in-process worker: stop() finishes or hands back the job in hand; start() resumes claiming. */
export interface BackgroundWorker { start(): void; stop(): Promise<void> }

export interface Segmenta { server: RunningServer; dataSource: DataSource; worker: BackgroundWorker | null; stop(): Promise<void> }

/** API + admin UI (built assets) and, optionally, an in-process worker. */
export async function serve(config: AppConfig, logger: Logger, options: ServeOptions = {}): Promise<Segmenta> {
  // A second wall behind own-property lookups: a key from a request can no longer add a property
  // every object inherits. Sealed, not frozen: dependencies assign inherited names (toString,
  // valueOf) on their own objects, which a frozen prototype forbids.
  if (config.sealObjectPrototype) Object.seal(Object.prototype);
  // Requests must not wait forever on a database that stopped answering mid-query.
  // A saturated pool makes requests wait a bounded time, then answers "busy" (db/pool-wait.ts).
  const dataSource = await openDatabase(config, { queryTimeoutMs: config.dbQueryTimeoutMs || undefined, pool: config.dbPool });
  await ensureBootstrapAdmin(dataSource, config.bootstrapAdmin);
  if (options.demo) await prepareDemo(dataSource, config, logger);
  const http = await createHttpServer(config, dataSource, logger, { adminDist: options.adminDist });
  const server = await http.listen(options.port ?? config.port);
  // The worker runs on a thread of its own, so its CPU-heavy steps never hold up requests.
  let worker: BackgroundWorker | null = null;
  if (options.withWorker && options.workerOnMainThread) {
    const onMainThread = createWorker(dataSource, config, logger);
    http.health.watchClaimer(onMainThread, config.worker.pollMs);
    worker = onMainThread;
  } else if (options.withWorker) {
    const onThread = new InProcessWorker(dataSource, config, logger);
    http.health.watchWorkerThread(() => onThread.status());
    worker = onThread;
  }
  worker?.start();
  // The ticker (schedules, campaign start times, stuck jobs) runs wherever a worker does.
  const ticker = worker ? createTicker(dataSource, config, logger, `serve:${process.pid}`) : null;
  ticker?.start();
  const housekeeping = startHousekeeping(dataSource, config, logger);
  logger.info({ url: server.url, worker: Boolean(worker) }, 'Segmenta is listening');
  return {
    server, dataSource, worker,
    async stop() {
      await ticker?.stop();
      await worker?.stop();
      await housekeeping.stop();
      await server.close();
      await dataSource.destroy();
    },
  };
}

/** Stops cleanly on SIGINT/SIGTERM: the worker finishes or hands back its job, the server drains. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    stop().then(() => process.exit(0), (error) => { logger.error({ err: error }, 'shutdown failed'); process.exit(1); });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
