import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, double, id, integer, longText, varchar } from './support/columns.js';

/**
 * Drift reports (one per segmentation run, against the run live when it was computed), the
 * activation policy's decisions, the versioned settings of each data set, and where a persona
 * came from (carried over from the live run's matched segment, or new).
 */
export class CreateDriftAndSettings1764100070000 implements MigrationInterface {
  name = 'CreateDriftAndSettings1764100070000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'drift_reports',
      columns: [
        id(), integer('run_id'), varchar('data_set', 64), integer('live_run_id', { nullable: true }),
        double('adjusted_rand_index'), double('max_size_shift'), double('max_psi'), longText(queryRunner, 'report', false), datetime('created_at'),
      ],
      indices: [new TableIndex({ name: 'uq_drift_reports_run', columnNames: ['run_id'], isUnique: true })],
    }));
    await queryRunner.createTable(new Table({
      name: 'activation_decisions',
      columns: [id(), integer('run_id'), varchar('data_set', 64), varchar('policy', 16), varchar('outcome', 16), { name: 'reasons', type: 'text', isNullable: false }, datetime('decided_at'), datetime('answered_at', true)],
      indices: [
        // The notices: a data set's newest decisions first.
        new TableIndex({ name: 'ix_activation_decisions_data_set', columnNames: ['data_set', 'id'] }),
        new TableIndex({ name: 'ix_activation_decisions_run', columnNames: ['run_id'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'data_set_settings',
      columns: [
        { name: 'data_set', type: 'varchar', length: '64', isPrimary: true }, { name: 'version', type: 'integer', isPrimary: true },
        { name: 'settings', type: 'text', isNullable: false }, varchar('updated_by', 64, true), datetime('updated_at'),
      ],
    }));
    await queryRunner.addColumns('personas', [
      new TableColumn({ name: 'origin', type: 'varchar', length: '16', isNullable: false, default: "'drafted'" }),
      new TableColumn(integer('carried_from_persona_id', { nullable: true })),
      new TableColumn(integer('carried_version', { nullable: true })),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('personas', 'carried_version');
    await queryRunner.dropColumn('personas', 'carried_from_persona_id');
    await queryRunner.dropColumn('personas', 'origin');
    await queryRunner.dropTable('data_set_settings');
    await queryRunner.dropTable('activation_decisions');
    await queryRunner.dropTable('drift_reports');
  }
}
