// WORKER_DB_NICE: a worker's sessions on a MariaDB server of this machine run on server threads at a
// low CPU priority, put back to normal when the session ends; the API's sessions are set to normal.
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { schedulingPolicyOf, setThreadPriority } from '../server/src/cpu-priority.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { isLocalServerThread, isLoopbackHost } from '../server/src/db/session-priority.js';
import { exited, spawnTs } from './helpers/child.js';
import { freshConfig } from './helpers/db.js';

/** The nice value of an OS thread (field 19 of /proc/<tid>/stat). */
const niceOf = (tid: number) => Number(fs.readFileSync(`/proc/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
const serverThread = async (ds: DataSource) => Number((await ds.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()'))[0].tid);
const until = async (check: () => boolean) => { for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20)); return check(); };

describe('database session priority on mariadb', () => {
  let config: Awaited<ReturnType<typeof freshConfig>>;
  beforeAll(async () => {
    config = await freshConfig('mariadb');
    (await openDatabase(config.config)).destroy(); // migrated once
  });
  afterAll(async () => { await config?.drop(); });

  it('recognises a local server thread, and nothing else', async () => {
    expect(isLoopbackHost('127.0.0.1') && isLoopbackHost('localhost') && isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('db.internal')).toBe(false);
    expect(isLocalServerThread(process.pid)).toBe(false);
    const ds = await openDatabase(config.config, { migrate: false });
    try {
      expect(isLocalServerThread(await serverThread(ds))).toBe(true);
    } finally {
      await ds.destroy();
    }
  });

  it('lowers the server threads of a worker\'s sessions, and restores them when the sessions end', async () => {
    const unavailable: string[] = [];
    const worker = await openDatabase(config.config, { migrate: false, sessionNice: 19, onSessionPriorityUnavailable: (r) => unavailable.push(r) });
    let tid = 0;
    try {
      tid = await serverThread(worker);
      expect(await until(() => niceOf(tid) === 19)).toBe(true);
      // Every session of the pool, not only the first.
      const runner = worker.createQueryRunner();
      await runner.connect();
      await worker.query('SELECT SLEEP(0)');
      const second = Number((await runner.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()'))[0].tid);
      await runner.release();
      expect(await until(() => niceOf(second) === 19)).toBe(true);
    } finally {
      await worker.destroy();
    }
    expect(unavailable).toEqual([]);
    // The server keeps the thread for a later session: it must not keep the low priority.
    expect(await until(() => niceOf(tid) === 0)).toBe(true);
  });

  it('moves a worker\'s sessions to SCHED_IDLE with "idle", and back to the normal policy when they end', async () => {
    const unavailable: string[] = [];
    const worker = await openDatabase(config.config, { migrate: false, sessionNice: 'idle', onSessionPriorityUnavailable: (r) => unavailable.push(r) });
    let tid = 0;
    try {
      tid = await serverThread(worker);
      expect(await until(() => schedulingPolicyOf(tid) === 5)).toBe(true); // SCHED_IDLE
    } finally {
      await worker.destroy();
    }
    expect(unavailable).toEqual([]);
    expect(await until(() => schedulingPolicyOf(tid) === 0 && niceOf(tid) === 0)).toBe(true);
  });

  it('puts its threads back to normal when a worker closes its pool and exits at once', async () => {
    // Before, the threads were restored from each socket's close event, which came after the pool's
    // end: a process that exited straight away left them at SCHED_IDLE in the server's cache.
    const child = spawnTs('test/helpers/session-priority-child.ts', { NODE_ENV: 'test', DATABASE_URL: config.config.databaseUrl!, SEGMENTA_DATA_DIR: config.config.dataDir });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => { out += c; });
    expect(await exited(child)).toBe(0);
    const { tids } = JSON.parse(out) as { tids: number[] };
    expect(tids.length).toBeGreaterThan(0);
    for (const tid of tids) expect({ tid, policy: schedulingPolicyOf(tid), nice: niceOf(tid) }).toEqual({ tid, policy: 0, nice: 0 });
  });

  it('sets the API\'s sessions to normal priority, also on a thread a killed worker left at SCHED_IDLE', async () => {
    const killed = await openDatabase(config.config, { migrate: false });
    const left = await serverThread(killed);
    setThreadPriority(left, 'idle');
    await killed.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const api = await openDatabase(config.config, { migrate: false, sessionNice: 0 });
    try {
      const tid = await serverThread(api);
      expect(await until(() => schedulingPolicyOf(tid) === 0)).toBe(true);
      if (tid !== left) setThreadPriority(left, 0);
    } finally {
      await api.destroy();
    }
  });

  it('sets the API\'s sessions to normal priority, also on a thread a killed worker left lowered', async () => {
    // A session whose process died without restoring its thread: the server caches the thread as it is.
    const killed = await openDatabase(config.config, { migrate: false });
    const left = await serverThread(killed);
    os.setPriority(left, 19);
    await killed.destroy();
    await new Promise((r) => setTimeout(r, 100)); // the server parks the thread in its cache
    const api = await openDatabase(config.config, { migrate: false, sessionNice: 0 });
    try {
      const tid = await serverThread(api);
      expect(await until(() => niceOf(tid) === 0)).toBe(true);
      if (tid !== left) os.setPriority(left, 0); // the server gave the API another thread: tidy up
    } finally {
      await api.destroy();
    }
  });
});
