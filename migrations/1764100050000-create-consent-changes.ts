import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, integer, varchar } from './support/columns.js';

/**
 * One row per change of a customer's consent on one channel: the record a regulator asks for
 * (who, what, from which state to which, through which path, when). Written in the transaction
 * that changes the customer's consent columns (server/src/modules/consent/). No foreign key to
 * customers: an erased customer stays a tombstone row and its consent history stays with it.
 */
export class CreateConsentChanges1764100050000 implements MigrationInterface {
  name = 'CreateConsentChanges1764100050000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'consent_changes',
      columns: [
        id(), integer('customer_id'), varchar('channel', 8), varchar('from_state', 16), varchar('to_state', 16),
        varchar('source', 16), varchar('actor', 64), datetime('changed_at'),
      ],
      // A customer's history, newest first: the customer page reads it.
      indices: [new TableIndex({ name: 'ix_consent_changes_customer', columnNames: ['customer_id', 'id'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('consent_changes');
  }
}
