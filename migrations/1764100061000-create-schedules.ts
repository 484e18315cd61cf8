import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, datetime, id, integer, varchar } from './support/columns.js';

/**
 * Schedules (what to run, a cron expression in an IANA time zone, enabled or paused, last and
 * next run) and their history (one row per tick: started, skipped, failed). A tick is claimed by
 * a compare-and-set on `next_run_at`; the unique (schedule_id, tick_at) is a second guard that a
 * tick is recorded, and fired, once.
 */
export class CreateSchedules1764100061000 implements MigrationInterface {
  name = 'CreateSchedules1764100061000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'schedules',
      columns: [
        id(), varchar('name', 128), varchar('action', 16), { name: 'params', type: 'text', isNullable: true }, varchar('cron', 128), varchar('time_zone', 64),
        boolean('enabled', true), datetime('next_run_at', true), datetime('last_run_at', true), integer('last_job_id', { nullable: true }),
        varchar('created_by', 64, true), datetime('created_at'), datetime('updated_at'),
      ],
      // The ticker's query: enabled schedules that are due, soonest first.
      indices: [new TableIndex({ name: 'ix_schedules_due', columnNames: ['enabled', 'next_run_at'] })],
    }));
    await queryRunner.createTable(new Table({
      name: 'schedule_runs',
      columns: [
        id(), integer('schedule_id'), datetime('tick_at'), datetime('fired_at'), varchar('outcome', 16),
        integer('job_id', { nullable: true }), varchar('message', 255, true), varchar('fired_by', 64, true),
      ],
      indices: [new TableIndex({ name: 'uq_schedule_runs_tick', columnNames: ['schedule_id', 'tick_at'], isUnique: true })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('schedule_runs');
    await queryRunner.dropTable('schedules');
  }
}
