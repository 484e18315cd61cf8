/**
 * The one clock of the server: schedules, job leases, campaign start times and the inbox ask it
 * for "now" instead of calling `new Date()`, so tests drive time by setting it (no sleeps) and
 * every process of a test can be put at the same instant.
 *
 * `SEGMENTA_CLOCK_OFFSET_MS` (read once, at load) shifts a whole process's clock; tests use
 * `setClock` in-process.
 */
type Source = () => number;

const offsetFromEnv = Number(process.env.SEGMENTA_CLOCK_OFFSET_MS ?? 0) || 0;
const systemSource: Source = () => Date.now() + offsetFromEnv;
let source: Source = systemSource;

/** The current time, from the injected source (the system clock unless a test set another). */
export function now(): Date {
  return new Date(source());
}

/** Milliseconds since the epoch, from the same source. */
export function nowMs(): number {
  return source();
}

/** Replaces the time source (a fixed instant, or a function); `null` restores the system clock. */
export function setClock(value: Date | number | Source | null): void {
  if (value === null) source = systemSource;
  else if (typeof value === 'function') source = value;
  else {
    const fixed = typeof value === 'number' ? value : value.getTime();
    source = () => fixed;
  }
}
