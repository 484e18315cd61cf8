import fs from 'node:fs';
import os from 'node:os';

/**
 * Lowers the CPU priority of the whole process to `nice` (0-19) and returns how many threads
 * were changed.
 *
 * On Linux, nice values belong to threads. `os.setPriority(0, n)` changes only the calling (main)
 * thread. V8's garbage-collection and compiler threads and libuv's thread pool already exist by
 * the time a worker starts, so they would keep competing with the API at full priority. Every
 * thread in /proc/self/task is therefore changed by its thread id. Threads started later (the
 * clustering worker threads) inherit the value of the thread that starts them. Elsewhere the
 * call falls back to the process.
 */
export function lowerProcessPriority(nice: number): number {
  const value = Math.min(19, Math.max(0, Math.round(nice)));
  let tids: number[] = [];
  try {
    tids = fs.readdirSync('/proc/self/task').map(Number).filter((tid) => Number.isInteger(tid) && tid > 0);
  } catch {
    // No procfs (macOS, Windows): the process-level call below is all there is.
  }
  if (!tids.length) {
    os.setPriority(0, value);
    return 1;
  }
  let changed = 0;
  for (const tid of tids) {
    try {
      os.setPriority(tid, value);
      changed++;
    } catch {
      // The thread ended between listing and changing it.
    }
  }
  return changed;
}
