// CPU time of a local MariaDB/MySQL server, thread by thread (/proc), split into the threads of
// client sessions at normal priority, sessions at a lowered priority (a worker's, WORKER_DB_NICE),
// and the server's own background threads (InnoDB's purge, page cleaner, log writer, I/O): the
// last are never paced or lowered with a worker's sessions, yet they work off what it wrote.
import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { SCHED_IDLE, setThreadPriority, statFields } from '../../server/src/cpu-priority.js';
import { SERVER_NAMES } from '../../server/src/db/session-priority.js';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function serverPid(): number | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (SERVER_NAMES.has(fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) return Number(entry);
    } catch { /* gone */ }
  }
  return null;
}

/** A server thread's CPU time so far, and whether it runs at a lowered priority (nice > 0 or SCHED_IDLE). */
export interface ThreadTicks { ticks: number; lowered: boolean }

export function threadTicks(pid: number): Map<number, ThreadTicks> {
  const ticks = new Map<number, ThreadTicks>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const fields = statFields(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      // index = field − 3: utime 14, stime 15, nice 19, policy 41
      ticks.set(Number(tid), { ticks: Number(fields[11]) + Number(fields[12]), lowered: Number(fields[16]) > 0 || Number(fields[38]) === SCHED_IDLE });
    } catch { /* the thread ended */ }
  }
  return ticks;
}

/**
 * Puts every thread of the server that runs at a lowered priority back to normal, and says how many
 * there were. The server keeps a finished session's thread for the next connection: a worker killed
 * before it could restore its sessions (a test of one, say) leaves lowered threads that the API's
 * connections then get, and its queries would run at the worker's priority.
 */
export function restoreLoweredThreads(pid: number): number {
  let restored = 0;
  for (const [tid, thread] of threadTicks(pid)) {
    if (!thread.lowered) continue;
    try { setThreadPriority(tid, 0); restored++; } catch { /* the thread ended */ }
  }
  return restored;
}

async function sessionThreads(source: DataSource): Promise<Set<number>> {
  const rows: { TID: number | string }[] = await source.query('SELECT TID FROM information_schema.PROCESSLIST');
  return new Set(rows.map((r) => Number(r.TID)));
}

export interface ServerCpu { sessionsMs: number; loweredSessionsMs: number; backgroundMs: number }

/** Starts a measurement; the function it returns ends it. Null when the server is not local or not MariaDB/MySQL. */
export async function serverCpu(source: DataSource): Promise<(() => Promise<ServerCpu>) | null> {
  if (source.options.type !== 'mysql' && source.options.type !== 'mariadb') return null;
  const pid = serverPid();
  if (pid === null) return null;
  let before: Map<number, ThreadTicks>, earlier: Set<number>;
  try {
    earlier = await sessionThreads(source);
    before = threadTicks(pid);
  } catch { return null; }
  return async () => {
    const after = threadTicks(pid);
    const sessions = await sessionThreads(source);
    const cpu: ServerCpu = { sessionsMs: 0, loweredSessionsMs: 0, backgroundMs: 0 };
    for (const [tid, now] of after) {
      const was = before.get(tid);
      const ms = (now.ticks - (was?.ticks ?? 0)) * TICK_MS;
      if (!earlier.has(tid) && !sessions.has(tid)) cpu.backgroundMs += ms;
      else if (now.lowered || was?.lowered) cpu.loweredSessionsMs += ms;
      else cpu.sessionsMs += ms;
    }
    return cpu;
  };
}
