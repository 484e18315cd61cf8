import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Drops customer_features' (customer_id, snapshot_id) index. Every read of a customer's features
 * names the snapshot too (the primary key); only erasure looked a customer up across snapshots, and
 * it now does so per snapshot through the primary key. Each new snapshot inserts a million entries
 * spread over the whole of that index: 1.6–1.7 s of the server's CPU per million rows, a fifth of
 * the snapshot's write (docs/load-history.md, session 8).
 */
export class FeaturesWithoutCustomerIndex1764100017000 implements MigrationInterface {
  name = 'FeaturesWithoutCustomerIndex1764100017000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('customer_features', 'ix_customer_features_customer');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('customer_features', new TableIndex({ name: 'ix_customer_features_customer', columnNames: ['customer_id', 'snapshot_id'] }));
  }
}
