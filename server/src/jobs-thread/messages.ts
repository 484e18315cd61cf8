import type { AppConfig } from '../config/index.js';

/**
 * The job-worker thread hosts one JobWorker per in-process worker (one per `serve` in a
 * process; tests start several servers in one process). Messages name the worker by its key.
 * Everything here is structured-cloned: plain data only.
 */
export type ToWorkerThread =
  /** Open a data source for this config and start claiming. `logLevel`: the API logger's level. */
  | { kind: 'start'; key: string; config: AppConfig; logLevel: string }
  /** Stop claiming, finish the job in hand, close the data source; answered by 'stopped'. */
  | { kind: 'stop'; key: string };

export type FromWorkerThread =
  /** The thread's event loop turned: sent every HEARTBEAT_MS unless a job is inside a long synchronous step. */
  | { kind: 'heartbeat' }
  | { kind: 'started'; key: string }
  /** The worker could not start (its database did not open): the API thread retries with backoff. */
  | { kind: 'start-failed'; key: string; error: { message: string; stack?: string } }
  | { kind: 'stopped'; key: string }
  /** One pino JSON line, written by the API's logger. */
  | { kind: 'log'; key: string; line: string }
  /** The attempt in hand (null: none), so the API thread can hand it back if the thread dies. */
  | { kind: 'job'; key: string; job: { id: number; attempt: number; type: string } | null };

export const HEARTBEAT_MS = 1_000;
