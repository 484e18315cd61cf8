import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/src/config/index.js';
import { createPacer, unpaced } from '../server/src/db/pacing.js';
import { runJobHere } from '../server/src/cli/run-job.js';
import { startSegmentation } from '../server/src/modules/segmentation/index.js';
import { rebuildTargeting } from '../server/src/modules/targeting/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pacing of bulk database work', () => {
  it('rests after each batch so that the work takes the duty share of the time', async () => {
    const rests: number[] = [];
    const pace = createPacer(0.25, { sleep: async (ms) => { rests.push(ms); } });
    expect(await pace(async () => { await wait(20); return 'a'; })).toBe('a');
    await pace(async () => { await wait(40); });
    expect(rests).toHaveLength(2);
    // rest = work·(1 − duty)/duty = 3 × work
    const { workMs, batches } = pace.totals();
    expect(batches).toBe(2);
    expect(rests[0] + rests[1]).toBeCloseTo(3 * workMs, 5);
    expect(rests[0]).toBeGreaterThanOrEqual(3 * 19);
    expect(rests[1]).toBeGreaterThan(rests[0]);
  });

  it('never rests at duty 1, and caps one rest', async () => {
    const rests: number[] = [];
    const full = createPacer(1, { sleep: async (ms) => { rests.push(ms); } });
    await full(() => wait(10));
    expect(rests).toEqual([]);
    const capped = createPacer(0.05, { sleep: async (ms) => { rests.push(ms); }, maxRestMs: 50 });
    await capped(() => wait(10)); // 19 × 10 ms, capped
    expect(rests).toEqual([50]);
  });

  it('ends a rest when the job is cancelled, and rests no more', async () => {
    const controller = new AbortController();
    const pace = createPacer(0.05, { signal: controller.signal, maxRestMs: 60_000 });
    const started = performance.now();
    setTimeout(() => controller.abort(), 100);
    await pace(() => wait(200)); // would rest 3.8 s
    expect(performance.now() - started).toBeLessThan(1_500);
    const again = performance.now();
    await pace(() => wait(50));
    expect(performance.now() - again).toBeLessThan(500);
    expect(await unpaced(async () => 7)).toBe(7);
  });

  it('passes a failing batch on without resting', async () => {
    const rests: number[] = [];
    const pace = createPacer(0.5, { sleep: async (ms) => { rests.push(ms); } });
    await expect(pace(async () => { throw new Error('deadlock'); })).rejects.toThrow('deadlock');
    expect(rests).toEqual([]);
  });

  it('reads WORKER_DB_DUTY, and refuses a duty outside 0.05-1 with the variable named', () => {
    expect(loadConfig({}).worker.dbDuty).toBe(1);
    expect(loadConfig({ WORKER_DB_DUTY: '0.5' }).worker.dbDuty).toBe(0.5);
    for (const bad of ['0', '1.5', 'half', '-0.5']) expect(() => loadConfig({ WORKER_DB_DUTY: bad })).toThrow(new RegExp(`WORKER_DB_DUTY must be a number from 0.05 to 1, got "${bad}"`));
    expect(() => createPacer(0)).toThrow(RangeError);
  });
});

describe.each(TEST_DIALECTS)('paced jobs on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect, { WORKER_DB_DUTY: '0.5' });
    await seedBehaviourGroups(db.dataSource);
  });
  afterAll(async () => { await db?.drop(); });

  /** Runs a queued job in a worker with the database's config, and returns what its 'job succeeded' line says of pacing. */
  async function runLogged(jobId: number) {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line)); done(); } });
    const job = await runJobHere(db.dataSource, db.config, pino({ level: 'info' }, sink), jobId);
    expect(job.status, String(job.error)).toBe('succeeded');
    return lines.find((l) => l.msg === 'job succeeded')?.pacing as { duty: number; batches: number; workMs: number; restMs: number } | undefined;
  }

  it('a segmentation and the targeting rebuild it queues rest as long as they work at duty 0.5', async () => {
    const { run } = await startSegmentation(db.dataSource, { k: 3, seed: 3 }, 'test');
    const pacing = await runLogged(run.jobId!);
    // One customer range of aggregates, one chunk of feature rows, one of memberships.
    expect(pacing).toMatchObject({ duty: 0.5, batches: 3 });
    // Timers never fire early; the rest is at least the work (less a millisecond per batch of rounding).
    expect(pacing!.restMs).toBeGreaterThanOrEqual(pacing!.workMs - 3);
    const [{ n }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM segment_memberships WHERE run_id = ?', [run.id]);
    expect(Number(n)).toBe(90);

    const [rebuild] = await db.dataSource.query("SELECT id FROM jobs WHERE type = 'targeting-rebuild' AND status = 'queued'");
    const rebuilt = await runLogged(Number(rebuild.id));
    // The dictionary, one batch of rows, and OPTIMIZE TABLE on MariaDB.
    expect(rebuilt).toMatchObject({ duty: 0.5, batches: dialect === 'sqlite' ? 2 : 3 });
    expect(rebuilt!.restMs).toBeGreaterThanOrEqual(rebuilt!.workMs - 3);
  });

  it('a paced rebuild writes the same rows as an unpaced one, pacing each batch', async () => {
    const unpacedRows = async () => {
      await rebuildTargeting(db.dataSource, { batchSize: 7, compact: false });
      return db.dataSource.query('SELECT * FROM customer_targeting ORDER BY customer_id');
    };
    const before = await unpacedRows();
    await db.dataSource.query('DELETE FROM customer_targeting');
    let batches = 0;
    const report = await rebuildTargeting(db.dataSource, { batchSize: 7, compact: false, pace: (work) => { batches++; return work(); } });
    expect(report.customers).toBe(90);
    expect(batches).toBe(1 + Math.ceil(90 / 7)); // the dictionary, then 13 batches
    expect(await db.dataSource.query('SELECT * FROM customer_targeting ORDER BY customer_id')).toEqual(before);
  });
});
