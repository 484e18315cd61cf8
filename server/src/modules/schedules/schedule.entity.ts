import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** What a schedule runs (schedule-actions.ts). */
export const SCHEDULE_ACTIONS = ['refresh', 'retrain', 'rescore', 'inbox', 'campaign'] as const;
export type ScheduleAction = (typeof SCHEDULE_ACTIONS)[number];

@Entity('schedules')
@Index('ix_schedules_due', ['enabled', 'nextRunAt'])
export class ScheduleEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 128 }) name: string;
  @Column({ type: 'varchar', length: 16 }) action: ScheduleAction;
  /** The action's parameters: `{ kind }` for retrain, `{ campaignId }` for campaign. */
  @Column({ type: 'text', nullable: true, transformer: jsonText }) params: Json | null;
  @Column({ type: 'varchar', length: 128 }) cron: string;
  @Column({ name: 'time_zone', type: 'varchar', length: 64 }) timeZone: string;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  /** The next tick (UTC); the ticker claims it by compare-and-set. Null while paused. */
  @Column({ name: 'next_run_at', type: 'datetime', nullable: true }) nextRunAt: Date | null;
  @Column({ name: 'last_run_at', type: 'datetime', nullable: true }) lastRunAt: Date | null;
  /** The job the last tick started: a tick while it is active is skipped (no overlap). */
  @Column({ name: 'last_job_id', type: 'integer', nullable: true }) lastJobId: number | null;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}

/** One tick of a schedule: started (with its job), skipped (and why) or failed. */
@Entity('schedule_runs')
@Index('uq_schedule_runs_tick', ['scheduleId', 'tickAt'], { unique: true })
export class ScheduleRunEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'schedule_id', type: 'integer' }) scheduleId: number;
  /** The tick this row is for (the schedule's time, or the moment of a run-now). */
  @Column({ name: 'tick_at', type: 'datetime' }) tickAt: Date;
  @Column({ name: 'fired_at', type: 'datetime' }) firedAt: Date;
  /** started | skipped | failed */
  @Column({ type: 'varchar', length: 16 }) outcome: string;
  @Column({ name: 'job_id', type: 'integer', nullable: true }) jobId: number | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) message: string | null;
  /** The worker (or person, for run-now) that fired it. */
  @Column({ name: 'fired_by', type: 'varchar', length: 64, nullable: true }) firedBy: string | null;
}
