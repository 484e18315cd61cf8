import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { now } from '../../clock.js';
import { reapExpiredLeases, wakeStalledParents } from '../jobs/index.js';
import { CampaignEntity, transitionCampaign } from '../campaigns/index.js';
import { tickSchedules } from './schedule.service.js';

/**
 * Launches every scheduled campaign whose start time has come (its audience frozen then, as a
 * manual launch does). The launch is a compare-and-set on the campaign's status, so when two
 * tickers see the same campaign one launches it and the other is refused.
 */
export async function launchDueCampaigns(dataSource: DataSource): Promise<number[]> {
  const at = now();
  const due = await dataSource.getRepository(CampaignEntity).createQueryBuilder('c').select(['c.id', 'c.startsAt'])
    .where(`c.status = 'scheduled' AND c.starts_at <= :at`, { at }).orderBy('c.starts_at', 'ASC').addOrderBy('c.id', 'ASC').limit(20).getMany();
  const launched: number[] = [];
  for (const campaign of due) {
    try {
      await transitionCampaign(dataSource, campaign.id, 'running', { sentAt: campaign.startsAt ?? at });
      launched.push(campaign.id);
    } catch (error) {
      // Another ticker launched it first (CONFLICT), or, on an embedded SQLite file shared by two
      // processes, is launching it now (busy): either way the next pass sees it launched or retries.
      if ((error as { code?: string }).code !== 'CONFLICT' && !/database is locked|SQLITE_BUSY/.test(String((error as Error).message))) throw error;
    }
  }
  return launched;
}

export interface TickReport {
  fired: Array<{ scheduleId: number; outcome: string; jobId: number | null }>;
  campaignsLaunched: number[];
  jobsReaped: number;
  parentsWoken: number;
}

/** One pass of everything time-driven: schedules, campaign start times, stuck jobs. */
export async function tick(dataSource: DataSource, workerId: string, leaseSeconds: number): Promise<TickReport> {
  const fired = await tickSchedules(dataSource, workerId);
  const campaignsLaunched = await launchDueCampaigns(dataSource);
  // A lapsed lease gets a grace of one lease before it is reaped: a worker that is only slow
  // (a long GC, a busy database) renews it first.
  const reaped = await reapExpiredLeases(dataSource, leaseSeconds);
  const parentsWoken = await wakeStalledParents(dataSource);
  return { fired: fired.map((r) => ({ scheduleId: r.scheduleId, outcome: r.outcome, jobId: r.jobId })), campaignsLaunched, jobsReaped: reaped.length, parentsWoken };
}

/** Runs `tick` every `intervalMs` in this process until stopped. Every worker runs one: ticks are claimed, so they fire once. */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource, private readonly logger: Logger, private readonly options: { workerId: string; intervalMs: number; leaseSeconds: number }) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { if (!this.running) this.running = this.once().finally(() => { this.running = null; }); }, this.options.intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async once(): Promise<void> {
    try {
      const report = await tick(this.dataSource, this.options.workerId, this.options.leaseSeconds);
      if (report.fired.length || report.campaignsLaunched.length || report.jobsReaped || report.parentsWoken) this.logger.info({ tick: report }, 'ticker');
    } catch (error) {
      this.logger.warn({ err: error }, 'ticker pass failed; the next one retries');
    }
  }
}
