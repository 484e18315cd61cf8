import { describe, expect, it } from 'vitest';
import { autogroupsEnabled, ownAutogroup } from '../server/src/autogroup.js';
import { parseCpuPriority } from '../server/src/cpu-priority.js';
import { loadConfig } from '../server/src/config/index.js';
import { spawnTs } from './helpers/child.js';

/** Runs a child of test/helpers and returns the JSON line it printed. */
async function childJson<T>(file: string, env: NodeJS.ProcessEnv, args: string[], options: { detached?: boolean } = {}): Promise<T> {
  const child = spawnTs(file, env, args, options);
  let out = '', err = '';
  child.stdout!.on('data', (c: Buffer) => { out += c; });
  child.stderr!.on('data', (c: Buffer) => { err += c; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code, err).toBe(0);
  return JSON.parse(out.trim());
}

const threadNice = (mode: string, env: NodeJS.ProcessEnv = {}) =>
  childJson<{ pid: number; nice: Record<string, number>; policy: Record<string, number>; error?: string }>('test/helpers/priority-child.ts', env, [mode]);

describe.runIf(process.platform === 'linux')('worker process priority', () => {
  it('lowers every thread of the process, including V8 threads started before it and worker threads started after', async () => {
    const { pid, nice, policy } = await threadNice('all-threads');
    const values = Object.values(nice);
    expect(values.length).toBeGreaterThan(3); // main, V8 platform threads, libuv, the worker thread
    expect(Object.keys(nice)).toContain(String(pid));
    expect(new Set(values)).toEqual(new Set([7]));
    expect(new Set(Object.values(policy))).toEqual(new Set([0])); // SCHED_OTHER
  });

  it('moves every thread to SCHED_IDLE with "idle", including worker threads started after', async () => {
    const { pid, policy } = await threadNice('idle');
    const values = Object.values(policy);
    expect(values.length).toBeGreaterThan(3);
    expect(Object.keys(policy)).toContain(String(pid));
    expect(new Set(values)).toEqual(new Set([5])); // SCHED_IDLE
  });

  it('says why when SCHED_IDLE cannot be set (no chrt on the PATH)', async () => {
    // The worker then falls back to nice 19 (JobWorker.lowerPriority).
    const { error } = await threadNice('idle-or-error', { PATH: '/nonexistent' });
    expect(error).toBe('chrt (util-linux) is not installed');
  });

  it('is needed: os.setPriority on the process changes the main thread only', async () => {
    const { pid, nice } = await threadNice('main-thread-only');
    expect(nice[String(pid)]).toBe(7);
    expect(Object.values(nice).filter((n) => n === 0).length).toBeGreaterThan(0);
  });
});

/** The autogroup child, in a session of its own (setsid) or in the test's. */
const autogroupChild = (ownSession: boolean) =>
  childJson<{ outcome: Record<string, unknown>; group: { name: string; nice: number } | null }>('test/helpers/autogroup-child.ts', {}, [], { detached: ownSession });

describe.runIf(process.platform === 'linux')('worker autogroup (server/src/autogroup.ts)', () => {
  // Whether the kernel groups by session is the machine's setting (kernel.sched_autogroup_enabled),
  // and whether the test runs in an autogroup at all depends on how it was started: a program that
  // init starts without a new session (CI's runner here) is in the root group, with no autogroup of
  // its own. Each case checks what applies where the test runs.
  const enabled = autogroupsEnabled();
  const mine = ownAutogroup();

  it('lowers the group of a worker that leads its own session, and only that group', async () => {
    const { outcome, group } = await autogroupChild(true);
    if (!enabled) { expect(outcome).toEqual({ off: true }); return; }
    // setsid() gives the child a new group whichever group the test is in, the root group included.
    expect(outcome).toEqual({ lowered: 19 });
    expect(group!.nice).toBe(19);
    expect(group!.name).not.toBe(mine?.name);
    expect(ownAutogroup()).toEqual(mine); // the test's own group is untouched
  });

  it('leaves a session it shares with the program that started it alone, and says which', async () => {
    const { outcome, group } = await autogroupChild(false);
    if (!enabled) { expect(outcome).toEqual({ off: true }); return; }
    if (!mine) { expect(outcome).toEqual({ root: true }); expect(group).toBeNull(); return; }
    expect(outcome).toEqual({ shared: mine.name });
    expect(group).toEqual(mine);
  });
});

describe('CPU priority settings', () => {
  it('reads a nice value 0-19 or idle, and refuses anything else with the variable named', () => {
    expect(parseCpuPriority('0')).toBe(0);
    expect(parseCpuPriority(' 19 ')).toBe(19);
    expect(parseCpuPriority('IDLE')).toBe('idle');
    for (const bad of ['20', '-1', '1.5', 'low', '']) expect(parseCpuPriority(bad)).toBeNull();
    expect(loadConfig({ WORKER_NICE: 'idle', WORKER_DB_NICE: 'idle' }).worker).toMatchObject({ nice: 'idle', dbNice: 'idle' });
    expect(loadConfig({}).worker).toMatchObject({ nice: 'idle', dbNice: null });
    expect(() => loadConfig({ WORKER_NICE: 'lowest' })).toThrow(/WORKER_NICE must be a nice value 0-19 or "idle", got "lowest"/);
    expect(() => loadConfig({ WORKER_DB_NICE: '25' })).toThrow(/WORKER_DB_NICE/);
  });
});
