import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, integer, varchar } from './support/columns.js';

/** Every activation of a segmentation run, so "which run was live on date D" has an answer. */
export class CreateSegmentationActivations1764100012000 implements MigrationInterface {
  name = 'CreateSegmentationActivations1764100012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'segmentation_activations',
      columns: [id(), varchar('data_set', 64), integer('run_id'), datetime('activated_at'), varchar('activated_by', 64, true)],
      indices: [new TableIndex({ name: 'ix_segmentation_activations_data_set_at', columnNames: ['data_set', 'activated_at'] })],
    }));
    // Runs live before this migration count as activated when they were.
    await queryRunner.query('INSERT INTO segmentation_activations (data_set, run_id, activated_at, activated_by) SELECT data_set, run_id, activated_at, activated_by FROM live_segmentations');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('segmentation_activations');
  }
}
