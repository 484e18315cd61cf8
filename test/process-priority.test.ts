import { describe, expect, it } from 'vitest';
import { spawnTs } from './helpers/child.js';

async function threadNice(mode: string): Promise<{ pid: number; nice: Record<string, number> }> {
  const child = spawnTs('test/helpers/priority-child.ts', {}, [mode]);
  let out = '', err = '';
  child.stdout!.on('data', (c: Buffer) => { out += c; });
  child.stderr!.on('data', (c: Buffer) => { err += c; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code, err).toBe(0);
  return JSON.parse(out.trim());
}

describe.runIf(process.platform === 'linux')('worker process priority', () => {
  it('lowers every thread of the process, including V8 threads started before it and worker threads started after', async () => {
    const { pid, nice } = await threadNice('all-threads');
    const values = Object.values(nice);
    expect(values.length).toBeGreaterThan(3); // main, V8 platform threads, libuv, the worker thread
    expect(Object.keys(nice)).toContain(String(pid));
    expect(new Set(values)).toEqual(new Set([7]));
  });

  it('is needed: os.setPriority on the process changes the main thread only', async () => {
    const { pid, nice } = await threadNice('main-thread-only');
    expect(nice[String(pid)]).toBe(7);
    expect(Object.values(nice).filter((n) => n === 0).length).toBeGreaterThan(0);
  });
});
