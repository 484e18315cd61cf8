/**
 * Request coalescing for read queries: callers asking for the same key while one execution is in
 * flight share its result instead of each running the query again. Nothing is cached: a call that
 * starts after the execution settled runs afresh, so a result is never older than the call that
 * receives it. It suits expensive, identical reads that arrive in bursts, such as the exact total
 * count behind every page of an admin list over a million customers.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, execute: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = execute().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /** Keys with an execution in flight (for tests and diagnostics). */
  get size(): number {
    return this.inFlight.size;
  }
}
