import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, double, id, integer, longText, varchar } from './support/columns.js';

/** Versioned per-customer feature snapshots (RFM and the rest) as of a date. */
export class CreateFeatureSnapshots1764100006000 implements MigrationInterface {
  name = 'CreateFeatureSnapshots1764100006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'feature_snapshots',
      columns: [
        id(), datetime('as_of'), varchar('definition_version', 16), longText(queryRunner, 'definitions'),
        integer('customer_count', { default: 0 }), longText(queryRunner, 'summary'), integer('job_id', { nullable: true }), datetime('created_at'),
      ],
      indices: [new TableIndex({ name: 'ix_feature_snapshots_as_of', columnNames: ['as_of'] })],
    }));
    await queryRunner.createTable(new Table({
      name: 'customer_features',
      columns: [
        { name: 'snapshot_id', type: 'integer', isPrimary: true },
        { name: 'customer_id', type: 'integer', isPrimary: true },
        integer('recency_days'), integer('frequency'), double('monetary', false),
        integer('r_score'), integer('f_score'), integer('m_score'), varchar('rfm_group', 32),
        double('avg_order_value'), integer('tenure_days'), double('mean_days_between_orders'), double('return_rate'),
        double('clv_historic'), integer('return_count', { default: 0 }), varchar('top_category', 64, true), longText(queryRunner, 'category_shares'),
        integer('sessions', { default: 0 }), integer('product_views', { default: 0 }), integer('cart_adds', { default: 0 }),
        double('view_to_purchase_rate'), varchar('age_band', 16, true), varchar('country', 64, true),
        datetime('first_order_at'), datetime('last_order_at'),
      ],
      indices: [
        new TableIndex({ name: 'ix_customer_features_customer', columnNames: ['customer_id', 'snapshot_id'] }),
        new TableIndex({ name: 'ix_customer_features_group', columnNames: ['snapshot_id', 'rfm_group'] }),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('customer_features');
    await queryRunner.dropTable('feature_snapshots');
  }
}
