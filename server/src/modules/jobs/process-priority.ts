import os from 'node:os';
import { ownThreads, setThreadPriority, type CpuPriority } from '../../cpu-priority.js';

/**
 * Lowers the CPU priority of the whole process to `priority` (a nice value 0-19, or 'idle' for
 * SCHED_IDLE, see cpu-priority.ts) and returns how many threads were changed.
 *
 * On Linux, priorities belong to threads. `os.setPriority(0, n)` changes only the calling (main)
 * thread. V8's garbage-collection and compiler threads and libuv's thread pool already exist by
 * the time a worker starts, so they would keep competing with the API at full priority. Every
 * thread in /proc/self/task is therefore changed by its thread id. Threads started later (the
 * clustering worker threads) inherit the priority of the thread that starts them. Elsewhere a nice
 * value falls back to the process, and 'idle' is refused.
 */
export function lowerProcessPriority(priority: CpuPriority): number {
  const tids = ownThreads();
  if (!tids.length) {
    if (priority === 'idle') throw new Error('SCHED_IDLE needs Linux');
    os.setPriority(0, Math.min(19, Math.max(0, Math.round(priority))));
    return 1;
  }
  let changed = 0;
  for (const tid of tids) {
    try {
      setThreadPriority(tid, priority);
      changed++;
    } catch (error) {
      // The thread ended between listing and changing it; anything else (no chrt) is for the caller.
      if (tid === process.pid) throw error;
    }
  }
  return changed;
}
