// CPU priority of this process's sessions on a MySQL/MariaDB server that runs on the same machine.
//
// A job worker's heavy statements (feature aggregation, membership writes, the targeting rebuild)
// run in the database server's thread for its connection, not in the worker process, so lowering the
// worker's own priority leaves them competing with the API's queries as equals. On Linux every
// connection of MySQL/MariaDB (one thread per connection, the default) has its own OS thread, and a
// nice value belongs to a thread: giving the worker's server threads nice 19 lets the API's queries
// go first while a segmentation runs, and 'idle' (SCHED_IDLE, cpu-priority.ts) lets them preempt
// those threads at once. Needs permission to change the server's threads (root or CAP_SYS_NICE);
// elsewhere it logs once and does nothing.
import fs from 'node:fs';
import { setThreadPriority, type CpuPriority } from '../cpu-priority.js';

export interface SessionPriorityOptions {
  /** A nice value 0-19 or 'idle' for every session of this pool (0 restores normal priority). */
  nice: CpuPriority;
  dialect: 'mysql' | 'mariadb';
  /** Called once with the reason when priorities cannot be set. */
  onUnavailable?: (reason: string) => void;
}

interface PoolLike {
  on(event: 'connection', listener: (connection: ConnectionLike) => void): unknown;
  end(...args: unknown[]): unknown;
}
interface ConnectionLike {
  query(sql: string, callback: (error: Error | null, rows?: Array<{ tid?: number | string | null }>) => void): unknown;
  /** The socket: its 'close' fires however the connection ends (quit, idle timeout, destroy, server gone). */
  stream: { once(event: 'close', listener: () => void): unknown };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
/** Process names of a MySQL/MariaDB server. */
export const SERVER_NAMES = new Set(['mariadbd', 'mysqld']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase());
}

/** The thread `tid` belongs to a MySQL/MariaDB server process of this machine (same PID namespace). */
export function isLocalServerThread(tid: number): boolean {
  try {
    const status = fs.readFileSync(`/proc/${tid}/status`, 'utf8');
    const tgid = /^Tgid:\s+(\d+)/m.exec(status)?.[1];
    return tgid !== undefined && SERVER_NAMES.has(fs.readFileSync(`/proc/${tgid}/comm`, 'utf8').trim());
  } catch {
    return false;
  }
}

/** The server's OS thread id for the current session. */
function threadIdQuery(dialect: 'mysql' | 'mariadb'): string {
  return dialect === 'mariadb'
    ? 'SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()'
    : 'SELECT THREAD_OS_ID AS tid FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID()';
}

/**
 * Sets the priority of each new connection's server thread, and puts it back to normal (nice 0)
 * when the connection ends (the server keeps finished threads in a cache for later sessions), and
 * every one still lowered when the pool is ended: a process that exits right after closing its
 * pool (a worker that stops) would otherwise be gone before its sockets' close events run.
 */
export function applySessionPriority(pool: PoolLike, options: SessionPriorityOptions): void {
  const { nice } = options;
  const niced = new Set<number>();
  let unavailable = false;
  const giveUp = (reason: string) => {
    if (unavailable) return;
    unavailable = true;
    options.onUnavailable?.(reason);
  };
  const restore = (tid: number) => {
    if (!niced.delete(tid)) return;
    try { setThreadPriority(tid, 0); } catch { /* the thread is gone */ }
  };
  const end = pool.end.bind(pool);
  pool.end = (...args: unknown[]) => {
    for (const tid of [...niced]) restore(tid);
    return end(...args);
  };
  pool.on('connection', (connection) => {
    if (unavailable) return;
    connection.query(threadIdQuery(options.dialect), (error, rows) => {
      const tid = Number(rows?.[0]?.tid);
      if (error || !Number.isInteger(tid) || tid <= 0) return giveUp(`the server does not report its thread ids${error ? ` (${error.message})` : ''}`);
      if (!isLocalServerThread(tid)) return giveUp('the database server does not run on this machine');
      try {
        setThreadPriority(tid, nice);
      } catch (e) {
        return giveUp(`cannot change the server's thread priority (${(e as Error).message})`);
      }
      if (nice === 0) return;
      niced.add(tid);
      connection.stream.once('close', () => restore(tid));
    });
  });
}
