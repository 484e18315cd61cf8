import { Worker } from 'node:worker_threads';
import type { FromWorkerThread, ToWorkerThread } from './messages.js';

/** What an attached in-process worker hears from the thread. */
export interface ThreadListener {
  onMessage(message: Exclude<FromWorkerThread, { kind: 'heartbeat' }>): void;
  /** The thread ended (crashed, or was terminated): every worker in it is gone. */
  onThreadExit(exitCode: number, error: unknown): void;
}

/**
 * The thread's entry: compiled JavaScript beside this file, or (tests, `npm run dev`, benches:
 * this file is TypeScript) the TypeScript source under the same swc loader and `source` export
 * condition as the parent.
 */
function threadEntry(): { url: URL; execArgv: string[]; env: NodeJS.ProcessEnv } {
  if (!import.meta.url.endsWith('.ts')) return { url: new URL('./worker-thread.js', import.meta.url), execArgv: [], env: process.env };
  return {
    url: new URL('./worker-thread.ts', import.meta.url),
    execArgv: ['--conditions=source', '--import', '@swc-node/register/esm-register'],
    env: { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? new URL('../../tsconfig.json', import.meta.url).pathname },
  };
}

/**
 * One job-worker thread per process, started on first use and kept while the process lives (it
 * holds the process open only while a worker is attached). Each `serve` attaches its worker to it
 * rather than starting a thread of its own: a thread loads every job module (about 2–5 s from
 * TypeScript sources), and Node 20 crashes the process (SIGSEGV) when a thread with module hooks
 * (`--import`, the source path of tests and `npm run dev`) is started after another such thread
 * has ended. Only a crash or a stop that outlived its grace period ends the thread.
 */
class WorkerThreadHost {
  private thread: Worker | null = null;
  private readonly listeners = new Map<string, ThreadListener>();
  private heartbeat: number | null = null;

  /** When the thread's event loop last turned (ms since epoch), or null before its first beat. */
  get lastHeartbeat(): number | null { return this.heartbeat; }

  attach(key: string, listener: ThreadListener): void {
    this.listeners.set(key, listener);
    this.ensureThread().ref();
  }

  detach(key: string): void {
    this.listeners.delete(key);
    if (this.listeners.size === 0) this.thread?.unref();
  }

  post(message: ToWorkerThread): void {
    this.ensureThread().postMessage(message);
  }

  /** Ends the thread now (a stop that outlived its grace); attached workers hear onThreadExit. */
  async terminate(): Promise<void> {
    await this.thread?.terminate();
  }

  private ensureThread(): Worker {
    if (this.thread) return this.thread;
    const entry = threadEntry();
    const thread = new Worker(entry.url, { execArgv: entry.execArgv, env: entry.env, name: 'segmenta-job-worker' });
    this.thread = thread;
    this.heartbeat = null;
    let error: unknown = null;
    thread.on('message', (message: FromWorkerThread) => {
      if (message.kind === 'heartbeat') this.heartbeat = Date.now();
      else this.listeners.get(message.key)?.onMessage(message);
    });
    thread.on('error', (err) => { error = err; });
    thread.once('exit', (code) => {
      if (this.thread === thread) this.thread = null;
      for (const listener of [...this.listeners.values()]) listener.onThreadExit(code, error);
    });
    return thread;
  }
}

export const workerThreadHost = new WorkerThreadHost();
