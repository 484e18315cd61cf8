import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, double, integer, varchar } from './support/columns.js';

/**
 * The latest scores of each customer: response probability (response model) and predicted
 * segment (segment classifier), with the model versions that produced them. Written by the
 * scoring job; read by audiences, campaigns and the customer views.
 */
export class CreateCustomerScores1764100008000 implements MigrationInterface {
  name = 'CreateCustomerScores1764100008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'customer_scores',
      columns: [
        { name: 'customer_id', type: 'integer', isPrimary: true },
        double('response_probability'), integer('response_model_id', { nullable: true }),
        integer('predicted_segment_id', { nullable: true }), double('predicted_segment_probability'), integer('segment_model_id', { nullable: true }),
        varchar('model_versions', 128, true), datetime('scored_at'),
      ],
      indices: [new TableIndex({ name: 'ix_customer_scores_response', columnNames: ['response_probability'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('customer_scores');
  }
}
