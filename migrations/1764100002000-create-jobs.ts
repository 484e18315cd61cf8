import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, datetime, id, integer, longText, varchar } from './support/columns.js';

/** The database-backed job queue (imports, features, segmentation, training, scoring). */
export class CreateJobs1764100002000 implements MigrationInterface {
  name = 'CreateJobs1764100002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'jobs',
      columns: [
        id(), varchar('type', 32), varchar('status', 16), longText(queryRunner, 'payload'), longText(queryRunner, 'result'),
        longText(queryRunner, 'error'), varchar('concurrency_key', 64, true), varchar('active_key', 64, true), integer('attempt', { default: 0 }),
        integer('max_attempts', { default: 3 }), datetime('run_after'), varchar('lease_owner', 64, true),
        datetime('lease_expires_at', true), integer('progress_done', { default: 0 }), integer('progress_total', { nullable: true }),
        varchar('progress_message', 255, true), boolean('cancel_requested'), varchar('created_by', 64, true),
        datetime('created_at'), datetime('started_at', true), datetime('heartbeat_at', true), datetime('finished_at', true),
      ],
      indices: [
        new TableIndex({ name: 'ix_jobs_claim', columnNames: ['status', 'run_after'] }),
        // Set to concurrency_key while queued or running, NULL after: the unique index lets only one
        // job per key be active, with no race between two enqueues (NULLs do not collide).
        new TableIndex({ name: 'uq_jobs_active_key', columnNames: ['active_key'], isUnique: true }),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('jobs');
  }
}
