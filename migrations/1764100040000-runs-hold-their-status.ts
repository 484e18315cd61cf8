import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A segmentation run's row now holds its status and error, kept in step with its job by the job
 * layer's state listeners (modules/segmentation/run-status.ts); reads no longer look up each run's
 * job. Runs whose job already ended without them (failed, cancelled, or running) take the job's
 * state here. Portable SQL: correlated subqueries on jobs, the same on MariaDB, MySQL and SQLite.
 */
export class RunsHoldTheirStatus1764100040000 implements MigrationInterface {
  name = 'RunsHoldTheirStatus1764100040000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE segmentation_runs
      SET status = (SELECT j.status FROM jobs j WHERE j.id = segmentation_runs.job_id),
          error = (SELECT j.error FROM jobs j WHERE j.id = segmentation_runs.job_id)
      WHERE status IN ('queued', 'running') AND job_id IN (SELECT id FROM jobs WHERE status IN ('failed', 'cancelled'))`);
    await queryRunner.query(`UPDATE segmentation_runs SET status = 'running'
      WHERE status = 'queued' AND job_id IN (SELECT id FROM jobs WHERE status = 'running')`);
  }

  async down(): Promise<void> {
    // The statuses written are what reads showed before; there is nothing to undo.
  }
}
