/**
 * Request coalescing for read queries: callers asking for the same key while one execution is in
 * flight share its result instead of each running the query again.
 *
 * Optionally, a result that was *expensive* to compute (at least `reuseSlowerThanMs`) is also
 * reused for `reuseForMs` after it settled. Cheap results are never reused, so small tables stay
 * exact at every call, and an expensive one is at most `reuseForMs` old. It suits identical reads
 * that arrive in bursts, such as the exact total count behind every page of an admin list over a
 * million customers.
 */
export interface SingleFlightOptions {
  reuseSlowerThanMs?: number;
  reuseForMs?: number;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly settled = new Map<string, { value: T; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: SingleFlightOptions = {}) {
    this.now = options.now ?? (() => performance.now());
  }

  run(key: string, execute: () => Promise<T>): Promise<T> {
    const kept = this.settled.get(key);
    if (kept) {
      if (kept.until > this.now()) return Promise.resolve(kept.value);
      this.settled.delete(key);
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = this.now();
    const execution = execute().then((value) => {
      const { reuseSlowerThanMs, reuseForMs } = this.options;
      const finished = this.now();
      if (reuseForMs && reuseSlowerThanMs !== undefined && finished - started >= reuseSlowerThanMs) {
        this.settled.set(key, { value, until: finished + reuseForMs });
        this.evictExpired(finished);
      }
      return value;
    }).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, execution);
    return execution;
  }

  /** Keys with an execution in flight (for tests and diagnostics). */
  get size(): number {
    return this.inFlight.size;
  }

  /** Forgets every kept result (after a write this process knows about). */
  clear(): void {
    this.settled.clear();
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.settled) if (entry.until <= now) this.settled.delete(key);
  }
}
