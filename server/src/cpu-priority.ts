// CPU priority of OS threads on Linux: a nice value (0-19) under the normal scheduling policy, or
// 'idle', Linux's SCHED_IDLE policy.
//
// A nice value only weights the share of the CPU a thread gets: a thread at nice 19 still holds a
// core until its time slice ends when the API's thread wakes up, so the API waits up to a slice
// (a few milliseconds) on each wake-up while both cores are busy. A SCHED_IDLE thread runs only on
// a core nothing else wants and is preempted at once when a normal thread wakes (the scheduler's
// wake-up check prefers any normal task over an idle one). Any process may move its own threads to
// SCHED_IDLE; moving them back, or changing another user's threads (the database server's), needs
// root or CAP_SYS_NICE. Node has no call for scheduling policies, so they are set with util-linux's
// `chrt`; threads started later inherit the policy of the thread that starts them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export type CpuPriority = number | 'idle';

/** Linux's scheduling policy numbers (sched.h) for the policies used here. */
const SCHED_OTHER = 0;
export const SCHED_IDLE = 5;

/** "10" → 10, "idle" → 'idle'; null for anything else (not an integer 0-19 or 'idle'). */
export function parseCpuPriority(raw: string): CpuPriority | null {
  const value = raw.trim().toLowerCase();
  if (value === 'idle') return 'idle';
  if (!/^\d+$/.test(value)) return null;
  const nice = Number(value);
  return nice <= 19 ? nice : null;
}

/**
 * The fields of a /proc/<tid>/stat line from field 3 on (index 0 is field 3): the command name
 * before them may hold spaces and parentheses.
 */
export function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The scheduling policy of a thread (field 41 of /proc/<tid>/stat); null when it cannot be read. */
export function schedulingPolicyOf(tid: number): number | null {
  try {
    const policy = Number(statFields(fs.readFileSync(`/proc/${tid}/stat`, 'utf8'))[38]);
    return Number.isInteger(policy) ? policy : null;
  } catch {
    return null;
  }
}

function chrt(args: string[]): void {
  try {
    execFileSync('chrt', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('chrt (util-linux) is not installed');
    throw new Error(e.stderr?.toString().trim() || e.message);
  }
}

/**
 * Sets one thread's priority: 'idle' moves it to SCHED_IDLE; a nice value moves it back to the
 * normal policy first if it is not there. Throws when it may not (permission) or cannot (no chrt).
 */
export function setThreadPriority(tid: number, priority: CpuPriority): void {
  if (priority === 'idle') {
    if (schedulingPolicyOf(tid) !== SCHED_IDLE) chrt(['--idle', '--pid', '0', String(tid)]);
    return;
  }
  const policy = schedulingPolicyOf(tid);
  if (policy !== null && policy !== SCHED_OTHER) chrt(['--other', '--pid', '0', String(tid)]);
  os.setPriority(tid, Math.min(19, Math.max(0, Math.round(priority))));
}

/** Thread ids of this process (empty without procfs). */
export function ownThreads(): number[] {
  try {
    return fs.readdirSync('/proc/self/task').map(Number).filter((tid) => Number.isInteger(tid) && tid > 0);
  } catch {
    return [];
  }
}
