/**
 * WORKER_DB_DUTY: a job's bulk database work may keep the database busy for at most this share of
 * the wall time (after a batch that took t ms it rests t·(1 − duty)/duty ms), so a shared database
 * keeps room for the API's statements. A duty of 1 (the default) never rests.
 */
export type Pace = <T>(work: () => Promise<T>) => Promise<T>;

export interface Pacer extends Pace {
  readonly duty: number;
  /** Time spent in paced work and resting, in ms, since the pacer was made. */
  totals(): { workMs: number; restMs: number; batches: number };
}

/** The longest single rest: a batch that took very long (a cold cache) does not stall a job for minutes. */
export const MAX_REST_MS = 10_000;

export interface PacerOptions {
  /** Rests end early when this aborts (the job was cancelled: its next checkpoint throws). */
  signal?: AbortSignal;
  /** For tests: how to wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  maxRestMs?: number;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) { resolve(); return; }
    const done = () => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The smallest duty: at 0.05 a job already rests 19 times as long as it works. */
export const MIN_DUTY = 0.05;

export function createPacer(duty: number, opts: PacerOptions = {}): Pacer {
  if (!(Number.isFinite(duty) && duty >= MIN_DUTY && duty <= 1)) throw new RangeError(`a pacing duty must be between ${MIN_DUTY} and 1, got ${duty}`);
  const sleep = opts.sleep ?? sleepFor;
  const maxRest = opts.maxRestMs ?? MAX_REST_MS;
  let workMs = 0, restMs = 0, batches = 0;
  const pace = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    const took = performance.now() - started;
    workMs += took;
    batches++;
    if (duty < 1 && !opts.signal?.aborted) {
      const rest = Math.min(maxRest, (took * (1 - duty)) / duty);
      const resting = performance.now();
      await sleep(rest, opts.signal);
      restMs += performance.now() - resting;
    }
    return result;
  };
  return Object.assign(pace, { duty, totals: () => ({ workMs, restMs, batches }) });
}

/** No pacing: the work runs back to back (code outside a worker, tests, the CLI's one-off jobs). */
export const unpaced: Pace = (work) => work();
