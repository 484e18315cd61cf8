// Schedules fire each tick once however many workers tick (two worker processes, the clock driven
// through the injectable time source), a missed stretch runs once on catch-up, an overlapping run
// is refused and recorded, a campaign start time launches the campaign once, and an inbox file is
// imported once when two workers see it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../server/src/clock.js';
import { JobEntity } from '../server/src/modules/jobs/index.js';
import { createCampaign, transitionCampaign, CampaignEntity } from '../server/src/modules/campaigns/index.js';
import {
  createSchedule, freshness, pauseSchedule, resumeSchedule, runScheduleNow, scheduleHistory, ScheduleEntity, ScheduleRunEntity, tickSchedules, updateSchedule, kindFromName,
} from '../server/src/modules/schedules/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { spawnLineChild, type LineChild } from './helpers/line-child.js';

const MINUTE = 60_000;
/** A Monday, 09:00:30 UTC: between two minute ticks. */
const T0 = Date.UTC(2026, 0, 5, 9, 0, 30);

describe.each(TEST_DIALECTS)('schedules on %s', (dialect) => {
  let db: TestDatabase;
  let inbox: string;
  const children: LineChild[] = [];
  const runsOf = (scheduleId: number) => db.dataSource.getRepository(ScheduleRunEntity).find({ where: { scheduleId }, order: { id: 'ASC' } });
  const finishJobs = (ids: number[]) => ids.length ? db.dataSource.query(`UPDATE jobs SET status = 'succeeded', active_key = NULL WHERE id IN (${ids.map(() => '?').join(',')})`, ids) : undefined;
  /** Both worker processes tick at the same instant, concurrently. */
  const tickBoth = (at: number) => Promise.all(children.map((c) => c.ask<{ ok: boolean; error?: string; report: { fired: Array<{ scheduleId: number; outcome: string; jobId: number | null }>; campaignsLaunched: number[] } }>(`tick ${at}`)));

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    inbox = path.join(db.config.dataDir, 'inbox');
    const env = { DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir, SEGMENTA_INBOX_DIR: inbox, LOG_LEVEL: 'silent' };
    children.push(...(await Promise.all([spawnLineChild('test/helpers/run-ticker-child.ts', { ...env, WORKER_ID: 'a' }), spawnLineChild('test/helpers/run-ticker-child.ts', { ...env, WORKER_ID: 'b' })])));
  }, 120_000);
  afterAll(async () => {
    setClock(null);
    await Promise.all(children.map((c) => c.close()));
    await db?.drop();
  });

  it('refuses a bad cron expression, time zone or target, naming it', async () => {
    setClock(T0);
    await expect(createSchedule(db.dataSource, { name: 'x', action: 'refresh', cron: '61 * * * *' }, 'test')).rejects.toMatchObject({ code: 'SCHEDULE_INVALID', message: expect.stringContaining('61 * * * *') });
    await expect(createSchedule(db.dataSource, { name: 'x', action: 'refresh', cron: '0 3 * * *', timeZone: 'Mars/Olympus' }, 'test')).rejects.toMatchObject({ code: 'SCHEDULE_INVALID', message: expect.stringContaining('Mars/Olympus') });
    await expect(createSchedule(db.dataSource, { name: 'x', action: 'retrain', cron: '0 3 * * *', params: { kind: 'nope' } }, 'test')).rejects.toMatchObject({ code: 'SCHEDULE_INVALID' });
    await expect(createSchedule(db.dataSource, { name: 'x', action: 'sweep', cron: '0 3 * * *' }, 'test')).rejects.toMatchObject({ code: 'SCHEDULE_INVALID' });
    expect(await db.dataSource.getRepository(ScheduleEntity).count()).toBe(0);
  });

  it('places the next tick in the schedule\'s time zone', async () => {
    setClock(T0);
    // 03:00 in New York on 6 January 2026 (EST, UTC-5) is 08:00 UTC.
    const s = await createSchedule(db.dataSource, { name: 'nightly', action: 'rescore', cron: '0 3 * * *', timeZone: 'America/New_York', enabled: false }, 'test');
    expect(s.nextRunAt).toBeNull();
    const resumed = await resumeSchedule(db.dataSource, s.id);
    expect(resumed.nextRunAt!.toISOString()).toBe('2026-01-06T08:00:00.000Z');
    await db.dataSource.getRepository(ScheduleEntity).delete({ id: s.id });
  });

  it('fires each tick exactly once across two worker processes over many ticks', async () => {
    setClock(T0);
    const s = await createSchedule(db.dataSource, { name: 'every minute', action: 'rescore', cron: '* * * * *' }, 'test');
    const TICKS = 25;
    for (let i = 1; i <= TICKS; i++) {
      const answers = await tickBoth(T0 + i * MINUTE);
      for (const a of answers) expect(a.ok, a.error).toBe(true);
      const fired = answers.flatMap((a) => a.report.fired.filter((f) => f.scheduleId === s.id));
      expect(fired).toHaveLength(1);
      expect(fired[0].outcome).toBe('started');
      await finishJobs([fired[0].jobId!]);
    }
    const runs = await runsOf(s.id);
    expect(runs).toHaveLength(TICKS);
    expect(new Set(runs.map((r) => r.tickAt.getTime())).size).toBe(TICKS);
    // Both processes won ticks (the claim is shared, not one process doing all the work)... at least one did.
    expect(new Set(runs.map((r) => r.firedBy)).size).toBeGreaterThanOrEqual(1);
    const [{ n }] = await db.dataSource.query("SELECT COUNT(*) AS n FROM jobs WHERE type = 'scoring' AND created_by = ?", [`schedule:${s.id}`]);
    expect(Number(n)).toBe(TICKS);
    await pauseSchedule(db.dataSource, s.id);
  });

  it('runs a stretch of ticks missed during downtime once on catch-up', async () => {
    setClock(T0);
    const s = await createSchedule(db.dataSource, { name: 'hourly', action: 'rescore', cron: '0 * * * *' }, 'test');
    // Down for a day and a half: 36 ticks missed.
    const back = T0 + 36 * 60 * MINUTE + 5 * MINUTE;
    const answers = await tickBoth(back);
    const again = await tickBoth(back + 1000);
    const fired = [...answers, ...again].flatMap((a) => a.report.fired.filter((f) => f.scheduleId === s.id));
    expect(fired).toHaveLength(1);
    const runs = await runsOf(s.id);
    expect(runs).toHaveLength(1);
    const row = await db.dataSource.getRepository(ScheduleEntity).findOneByOrFail({ id: s.id });
    expect(row.nextRunAt!.getTime()).toBe(Date.UTC(2026, 0, 6, 22, 0, 0));
    await finishJobs(runs.map((r) => r.jobId!));
    await pauseSchedule(db.dataSource, s.id);
  });

  it('refuses an overlapping run of the same schedule and records it as skipped', async () => {
    setClock(T0);
    const s = await createSchedule(db.dataSource, { name: 'refresh', action: 'refresh', cron: '*/5 * * * *' }, 'test');
    setClock(T0 + 5 * MINUTE);
    const [first] = await tickSchedules(db.dataSource, 'test');
    expect(first).toMatchObject({ outcome: 'started' });
    // The refresh is still queued (no worker runs jobs here) when the next tick comes.
    setClock(T0 + 10 * MINUTE);
    const [second] = await tickSchedules(db.dataSource, 'test');
    expect(second).toMatchObject({ outcome: 'skipped', jobId: first.jobId });
    expect(second.message).toMatch(/still queued/);
    await expect(runScheduleNow(db.dataSource, s.id, 'someone')).resolves.toMatchObject({ outcome: 'skipped' });
    const history = await scheduleHistory(db.dataSource, s.id);
    expect(history.map((h) => h.outcome)).toEqual(['skipped', 'skipped', 'started']);
    expect(await db.dataSource.getRepository(JobEntity).countBy({ type: 'refresh-chain' })).toBe(1);
    await finishJobs([first.jobId!]);
    await updateSchedule(db.dataSource, s.id, { enabled: false });
  });

  it('launches a campaign at its start time, once, when two workers tick', async () => {
    setClock(null);
    const startsAt = new Date(T0 + 3 * MINUTE);
    const campaign = await createCampaign(db.dataSource, { name: 'January sale', channel: 'email', startsAt }, 'test');
    await transitionCampaign(db.dataSource, campaign.id, 'scheduled');
    const early = await tickBoth(T0 + 2 * MINUTE);
    expect(early.flatMap((a) => a.report.campaignsLaunched)).toEqual([]);
    expect((await db.dataSource.getRepository(CampaignEntity).findOneByOrFail({ id: campaign.id })).status).toBe('scheduled');
    const answers = await tickBoth(T0 + 3 * MINUTE + 1000);
    for (const a of answers) expect(a.ok, a.error).toBe(true);
    expect(answers.flatMap((a) => a.report.campaignsLaunched)).toEqual([campaign.id]);
    const launched = await db.dataSource.getRepository(CampaignEntity).findOneByOrFail({ id: campaign.id });
    expect(launched.status).toBe('running');
    expect(launched.sentAt!.getTime()).toBe(startsAt.getTime());
    expect(launched.snapshotAt).not.toBeNull();
  });

  it('warns when the data is older than the refresh schedule promised', async () => {
    setClock(T0);
    const before = await freshness(db.dataSource);
    expect(before).toMatchObject({ stale: false, warning: null, lastRefreshAt: null, nextRefreshAt: null, segmentsAsOf: null });
    const s = await createSchedule(db.dataSource, { name: 'daily refresh', action: 'refresh', cron: '0 2 * * *' }, 'test');
    expect((await freshness(db.dataSource)).nextRefreshAt!.toISOString()).toBe('2026-01-06T02:00:00.000Z');
    // The tick fires; its chain never finishes (no worker here).
    setClock(Date.UTC(2026, 0, 6, 2, 0, 5));
    expect((await tickSchedules(db.dataSource, 'test')).map((r) => r.outcome)).toEqual(['started']);
    expect((await freshness(db.dataSource)).stale).toBe(false); // within the grace of an hour
    setClock(Date.UTC(2026, 0, 6, 3, 30));
    const late = await freshness(db.dataSource);
    expect(late.stale).toBe(true);
    expect(late.warning).toMatch(/no refresh has succeeded since the tick of 2026-01-06T02:00:00.000Z \("daily refresh"\): the last one \(job \d+\) is queued/);
    // Overdue: nobody ticked for a day.
    setClock(Date.UTC(2026, 0, 8, 12, 0));
    expect((await freshness(db.dataSource)).warning).toMatch(/overdue since 2026-01-07T02:00:00.000Z/);
    await db.dataSource.query("UPDATE jobs SET status = 'cancelled', active_key = NULL WHERE type = 'refresh-chain'");
    await pauseSchedule(db.dataSource, s.id);
  });

  it('tells an inbox file\'s kind from its name', () => {
    expect(kindFromName('orders-2026-12-07.csv')).toBe('orders');
    expect(kindFromName('Customers_full.csv.gz')).toBe('customers');
    expect(kindFromName('products-catalogue.csv')).toBe('products');
    expect(kindFromName('events.xlsx')).toBe('events');
    expect(kindFromName('ordersheet.csv')).toBeNull();
    expect(kindFromName('report.csv')).toBeNull();
  });

  it('imports an inbox file once when two workers see it, and files it with its report', async () => {
    fs.mkdirSync(inbox, { recursive: true });
    const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
    const rows = Array.from({ length: 40 }, (_, i) => `${5000 + i},A${i % 3},Thing ${i % 3},${1 + (i % 4)},2011-03-0${1 + (i % 9)} 10:00,${(2.5 + i).toFixed(2)},${100 + (i % 7)},United Kingdom`);
    fs.writeFileSync(path.join(inbox, 'orders-first.csv'), [header, ...rows.slice(0, 20)].join('\n'));
    fs.writeFileSync(path.join(inbox, 'orders-second.csv'), [header, ...rows.slice(20)].join('\n'));
    fs.writeFileSync(path.join(inbox, 'mystery.csv'), 'a,b\n1,2\n');
    const answers = await Promise.all(children.map((c) => c.ask<{ ok: boolean; status: string; error: string | null }>('inbox')));
    for (const a of answers) expect(a).toMatchObject({ ok: true, status: 'succeeded' });
    const [{ n: imports }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM imports');
    expect(Number(imports)).toBe(2);
    const [{ n: orders }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM orders');
    expect(Number(orders)).toBe(40);
    expect(fs.readdirSync(path.join(inbox, 'done')).sort()).toEqual(['orders-first.csv', 'orders-first.csv.report.json', 'orders-second.csv', 'orders-second.csv.report.json']);
    expect(fs.readdirSync(path.join(inbox, 'failed')).sort()).toEqual(['mystery.csv', 'mystery.csv.report.json']);
    expect(JSON.parse(fs.readFileSync(path.join(inbox, 'failed', 'mystery.csv.report.json'), 'utf8')).error).toMatch(/cannot tell what "mystery.csv" holds/);
    expect(JSON.parse(fs.readFileSync(path.join(inbox, 'done', 'orders-first.csv.report.json'), 'utf8'))).toMatchObject({ status: 'succeeded', rowsImported: 20 });
    expect(fs.readdirSync(path.join(inbox, 'processing'))).toEqual([]);
    expect(fs.readdirSync(inbox).sort()).toEqual(['done', 'failed', 'processing']);
  });
});
