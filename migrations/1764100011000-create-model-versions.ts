import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, integer, longText, varchar } from './support/columns.js';

/**
 * The model registry: one row per trained version of a predictive model (kind 'response' or
 * 'segment') with its hyperparameters, data, evaluation and saved forest; and the active version
 * of each kind, switched by one UPDATE of its row.
 */
export class CreateModelVersions1764100011000 implements MigrationInterface {
  name = 'CreateModelVersions1764100011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'model_versions',
      columns: [
        id(), varchar('kind', 16), integer('version', { nullable: true }), varchar('status', 16), integer('job_id', { nullable: true }),
        longText(queryRunner, 'params', false), datetime('window_start', true), datetime('window_end', true),
        integer('training_rows', { default: 0 }), integer('test_rows', { default: 0 }), integer('segmentation_run_id', { nullable: true }),
        longText(queryRunner, 'data_summary'), longText(queryRunner, 'metrics'), longText(queryRunner, 'feature_names'),
        longText(queryRunner, 'feature_encoding'), longText(queryRunner, 'artefact'), longText(queryRunner, 'error'),
        varchar('created_by', 64, true), datetime('created_at'), datetime('finished_at', true),
      ],
      indices: [
        new TableIndex({ name: 'uq_model_versions_kind_version', columnNames: ['kind', 'version'], isUnique: true }),
        new TableIndex({ name: 'ix_model_versions_kind_id', columnNames: ['kind', 'id'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'active_models',
      columns: [
        { name: 'kind', type: 'varchar', length: '16', isPrimary: true }, integer('model_id'), integer('previous_model_id', { nullable: true }),
        integer('activations', { default: 1 }), datetime('activated_at'), varchar('activated_by', 64, true),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('active_models');
    await queryRunner.dropTable('model_versions');
  }
}
