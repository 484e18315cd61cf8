import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, integer, varchar } from './support/columns.js';

/**
 * The change log: one row per change of what a customer is tagged with (segment, persona, score
 * band, consent) or of whether the customer still exists (erasure). The auto-increment id is the
 * cursor every reader keeps (tag feeds, destinations). Written in the transaction that makes the
 * change (server/src/modules/changes/). No foreign key to customers: an erasure row outlives the
 * person's data and carries none of it.
 */
export class CreateCustomerChanges1764100080000 implements MigrationInterface {
  name = 'CreateCustomerChanges1764100080000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'customer_changes',
      columns: [
        id(), varchar('data_set', 64), integer('customer_id'), varchar('kind', 16),
        varchar('before_value', 191, true), varchar('after_value', 191, true), varchar('reason', 16), datetime('changed_at'),
      ],
      indices: [
        // The feeds read "after cursor C, of kinds K": the primary key serves them; a customer's history reads this one.
        new TableIndex({ name: 'ix_customer_changes_customer', columnNames: ['customer_id', 'id'] }),
        // Retention prunes by age.
        new TableIndex({ name: 'ix_customer_changes_changed_at', columnNames: ['changed_at'] }),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('customer_changes');
  }
}
