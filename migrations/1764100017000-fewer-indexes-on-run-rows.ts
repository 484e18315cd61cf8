import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Drops three secondary indexes of the tables a segmentation fills a million rows at a time. Each
 * cost the database server 1.1–2 s of CPU per million rows written (`npm run bench --
 * run-row-writes`), beside a live API; the primary keys, (snapshot_id, customer_id) and (run_id, customer_id),
 * serve what they served:
 * - customer_features (customer_id, snapshot_id) and segment_memberships (customer_id, run_id):
 *   erasure and a customer's segment history looked a customer up across snapshots or runs; they
 *   now go snapshot by snapshot and run by run through the key.
 * - customer_features (snapshot_id, rfm_group): served the customer list's RFM-group filter; a
 *   page of that list walks customers in id order and probes the key (as fast without it), its
 *   total reads the snapshot's key range (0.3 instead of 0.2 s for a group of 120,000 in a million).
 * segment_memberships (segment_id) stays: the list's segment filter reads a segment's members.
 */
export class FewerIndexesOnRunRows1764100017000 implements MigrationInterface {
  name = 'FewerIndexesOnRunRows1764100017000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('customer_features', 'ix_customer_features_customer');
    await queryRunner.dropIndex('customer_features', 'ix_customer_features_group');
    await queryRunner.dropIndex('segment_memberships', 'ix_segment_memberships_customer');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('customer_features', new TableIndex({ name: 'ix_customer_features_customer', columnNames: ['customer_id', 'snapshot_id'] }));
    await queryRunner.createIndex('customer_features', new TableIndex({ name: 'ix_customer_features_group', columnNames: ['snapshot_id', 'rfm_group'] }));
    await queryRunner.createIndex('segment_memberships', new TableIndex({ name: 'ix_segment_memberships_customer', columnNames: ['customer_id', 'run_id'] }));
  }
}
