import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, datetime, double, id, integer, longText, varchar } from './support/columns.js';

/** Segmentation runs, their segments and memberships, the live run per data set, personas and their edit history. */
export class CreateSegmentation1764100007000 implements MigrationInterface {
  name = 'CreateSegmentation1764100007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'segmentation_runs',
      columns: [
        id(), varchar('data_set', 64), varchar('status', 16), varchar('algorithm', 16), longText(queryRunner, 'params'),
        integer('job_id', { nullable: true }), integer('snapshot_id', { nullable: true }), integer('k', { nullable: true }),
        longText(queryRunner, 'k_selection'), longText(queryRunner, 'metrics'), longText(queryRunner, 'model'),
        varchar('model_version', 64, true), longText(queryRunner, 'dendrogram'), longText(queryRunner, 'projection'),
        integer('customer_count', { default: 0 }), longText(queryRunner, 'error'), varchar('created_by', 64, true),
        datetime('created_at'), datetime('finished_at', true),
      ],
      indices: [new TableIndex({ name: 'ix_segmentation_runs_data_set', columnNames: ['data_set', 'id'] })],
    }));
    await queryRunner.createTable(new Table({
      name: 'segments',
      columns: [
        id(), integer('run_id'), integer('label'), integer('size'), double('revenue_share'), double('share_of_customers'),
        longText(queryRunner, 'centroid'), longText(queryRunner, 'centroid_standardised'), longText(queryRunner, 'profile'),
      ],
      indices: [new TableIndex({ name: 'uq_segments_run_label', columnNames: ['run_id', 'label'], isUnique: true })],
    }));
    await queryRunner.createTable(new Table({
      name: 'segment_memberships',
      columns: [
        { name: 'run_id', type: 'integer', isPrimary: true }, { name: 'customer_id', type: 'integer', isPrimary: true },
        integer('segment_id'), double('distance', false),
      ],
      indices: [
        new TableIndex({ name: 'ix_segment_memberships_segment', columnNames: ['segment_id'] }),
        new TableIndex({ name: 'ix_segment_memberships_customer', columnNames: ['customer_id', 'run_id'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'live_segmentations',
      columns: [
        { name: 'data_set', type: 'varchar', length: '64', isPrimary: true }, integer('run_id'), integer('version', { default: 1 }),
        datetime('activated_at'), varchar('activated_by', 64, true),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'personas',
      columns: [
        id(), integer('segment_id'), varchar('name', 128), longText(queryRunner, 'description', false), longText(queryRunner, 'plays'),
        varchar('rfm_vocabulary', 32), boolean('edited'), integer('version', { default: 1 }), varchar('updated_by', 64, true), datetime('updated_at'),
      ],
      indices: [new TableIndex({ name: 'uq_personas_segment', columnNames: ['segment_id'], isUnique: true })],
    }));
    await queryRunner.createTable(new Table({
      name: 'persona_edits',
      columns: [
        id(), integer('persona_id'), integer('version'), varchar('name', 128), longText(queryRunner, 'description', false),
        longText(queryRunner, 'plays'), varchar('edited_by', 64, true), datetime('edited_at'),
      ],
      indices: [new TableIndex({ name: 'ix_persona_edits_persona', columnNames: ['persona_id', 'version'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['persona_edits', 'personas', 'live_segmentations', 'segment_memberships', 'segments', 'segmentation_runs']) await queryRunner.dropTable(table);
  }
}
