import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, integer, varchar } from './support/columns.js';

/** Browsing events (page views, product views, searches, cart adds, checkouts). */
export class CreateEvents1764100001000 implements MigrationInterface {
  name = 'CreateEvents1764100001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'events',
      columns: [
        id(), varchar('event_key', 64), integer('customer_id', { nullable: true }), varchar('session_id', 64, true),
        varchar('type', 24), integer('product_id', { nullable: true }), varchar('category', 64, true), datetime('occurred_at'),
      ],
      indices: [
        new TableIndex({ name: 'uq_events_event_key', columnNames: ['event_key'], isUnique: true }),
        new TableIndex({ name: 'ix_events_customer_occurred_at', columnNames: ['customer_id', 'occurred_at'] }),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('events');
  }
}
