import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The job graph: a job may have a parent (a chain or a fan-out). `parent_id` links a child to
 * the job that waits for it; `step` names the child's place in its parent (a chain's stage).
 * A parent waiting for its children has status 'waiting' and is claimed by no worker until the
 * last child ends.
 */
export class AddJobParents1764100060000 implements MigrationInterface {
  name = 'AddJobParents1764100060000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('jobs', [
      new TableColumn({ name: 'parent_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'step', type: 'varchar', length: '32', isNullable: true }),
    ]);
    // A parent's children, in order: the chain reads them at every wake-up.
    await queryRunner.createIndex('jobs', new TableIndex({ name: 'ix_jobs_parent', columnNames: ['parent_id', 'id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('jobs', 'ix_jobs_parent');
    await queryRunner.dropColumns('jobs', ['parent_id', 'step']);
  }
}
