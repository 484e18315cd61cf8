import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

const deferred = <T>() => {
  let resolve!: (value: T) => void, reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
};

describe('SingleFlight', () => {
  it('runs concurrent calls for one key once and gives each caller the result', async () => {
    const flight = new SingleFlight<number>();
    const gate = deferred<number>();
    let runs = 0;
    const calls = Array.from({ length: 5 }, () => flight.run('count:uk', () => { runs++; return gate.promise; }));
    expect(flight.size).toBe(1);
    gate.resolve(42);
    expect(await Promise.all(calls)).toEqual([42, 42, 42, 42, 42]);
    expect(runs).toBe(1);
    expect(flight.size).toBe(0);
  });

  it('keeps different keys apart and caches nothing once a call has settled', async () => {
    const flight = new SingleFlight<string>();
    let runs = 0;
    const [a, b] = await Promise.all([flight.run('a', async () => { runs++; return 'A'; }), flight.run('b', async () => { runs++; return 'B'; })]);
    expect([a, b, runs]).toEqual(['A', 'B', 2]);
    expect(await flight.run('a', async () => { runs++; return 'A again'; })).toBe('A again');
    expect(runs).toBe(3);
  });

  it('passes a failure to every waiting caller and lets the next call retry', async () => {
    const flight = new SingleFlight<number>();
    const gate = deferred<number>();
    const calls = [flight.run('k', () => gate.promise), flight.run('k', () => gate.promise)];
    gate.reject(new Error('database unavailable'));
    for (const call of calls) await expect(call).rejects.toThrow('database unavailable');
    expect(flight.size).toBe(0);
    expect(await flight.run('k', async () => 7)).toBe(7);
  });
});

describe('SingleFlight with reuse of expensive results', () => {
  it('reuses a result that took long for a bounded time, and never a cheap one', async () => {
    let clock = 0;
    const flight = new SingleFlight<number>({ reuseSlowerThanMs: 25, reuseForMs: 2000, now: () => clock });
    let runs = 0;
    const slow = async () => { runs++; clock += 40; return runs; };
    const cheap = async () => { runs++; clock += 1; return runs; };

    expect(await flight.run('uk', slow)).toBe(1);
    clock += 1000;
    expect(await flight.run('uk', slow)).toBe(1); // 40 ms to compute, 1 s old: reused
    clock += 1001;
    expect(await flight.run('uk', slow)).toBe(2); // older than 2 s: computed again
    expect(runs).toBe(2);

    expect(await flight.run('no', cheap)).toBe(3);
    expect(await flight.run('no', cheap)).toBe(4); // cheap: exact at every call
    flight.clear();
    expect(await flight.run('uk', slow)).toBe(5); // cleared: computed again
  });
});
