// Linux's autogroups (kernel.sched_autogroup_enabled=1, the default of many distributions' kernels).
//
// With autogroups the scheduler first shares a contended CPU fairly between groups, one group per
// session (made by a process that called setsid(): a login shell, a systemd service's process,
// `setsid`), and only then between the threads inside a group by their policy and nice value. So
// SCHED_IDLE and nice rank a worker's threads only against the threads of its own session: a
// `segmenta worker` in a session of its own competes as a whole group, at full weight, with the
// database server's group (where the API's queries run) and with the API's. Session 10 measured it:
// two SCHED_IDLE busy loops in another session made an API's point lookups on MariaDB 4-6 times
// slower at p99; with that session's group at nice 19, 1.9-3.2 times; with autogroups off, 1.6
// times (`npm run bench -- db-interference`).
//
// A group's own nice value (/proc/<pid>/autogroup, see sched(7)) weights the whole group: at 19 it
// gets 15/1039 of a CPU it shares with one group at nice 0. A process may raise it for its own group
// without privileges, but it applies to every process of the session, so a worker lowers it only
// when the session is its own (it is the session leader); started from a shell or by another
// program it would lower those too.
import fs from 'node:fs';
import { statFields } from './cpu-priority.js';

/**
 * The outcome: lowered to that nice value; not lowered because the session is shared; autogroups
 * are off or absent; or this process is in the root group, which has no weight of its own to lower.
 */
export type AutogroupOutcome = { lowered: number } | { shared: string } | { off: true } | { root: true };

/** Whether the kernel groups processes by session (kernel.sched_autogroup_enabled is 1). */
export function autogroupsEnabled(): boolean {
  try {
    return fs.readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/**
 * The calling process's autogroup, `/autogroup-84 nice 0` → { name: 'autogroup-84', nice: 0 }; null
 * without autogroups, and null in the root group: a process none of whose ancestors since init
 * called setsid(), such as init and what it starts without a new session (a container's programs,
 * often, and CI's runner here), is in no autogroup of its own and /proc/self/autogroup is empty.
 */
export function ownAutogroup(): { name: string; nice: number } | null {
  return autogroupsEnabled() ? readOwnAutogroup() : null;
}

/** /proc/self/autogroup parsed; null when it is empty (the root group) or absent. */
function readOwnAutogroup(): { name: string; nice: number } | null {
  try {
    const match = /^\/(\S+) nice (-?\d+)/.exec(fs.readFileSync('/proc/self/autogroup', 'utf8'));
    return match ? { name: match[1], nice: Number(match[2]) } : null;
  } catch {
    return null;
  }
}

/** Whether this process leads its session (field 6 of /proc/self/stat is its own pid). */
function leadsOwnSession(): boolean {
  try {
    return Number(statFields(fs.readFileSync('/proc/self/stat', 'utf8'))[3]) === process.pid;
  } catch {
    return false;
  }
}

/** Lowers the weight of this process's autogroup to `nice` (0-19) when the group is its own. */
export function lowerOwnAutogroup(nice: number): AutogroupOutcome {
  if (!autogroupsEnabled()) return { off: true };
  const group = readOwnAutogroup();
  if (!group) return { root: true };
  if (!leadsOwnSession()) return { shared: group.name };
  const target = Math.min(19, Math.max(0, Math.round(nice)));
  if (group.nice < target) fs.writeFileSync('/proc/self/autogroup', String(target));
  return { lowered: Math.max(group.nice, target) };
}
