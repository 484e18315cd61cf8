import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, datetime, id, integer, varchar } from './support/columns.js';

/**
 * Webhook destinations and their delivery ledger (server/src/modules/destinations/):
 * - destinations: endpoint, signing secrets (the previous one kept while a rotation runs), what it
 *   receives, the fields it may receive, batch bounds, enabled/paused, its cursor over the change log;
 * - destination_members: for an audience destination, the members (and a hash of their values) last
 *   queued to it, which the next sync diffs the live audience against;
 * - destination_records: every added / updated / removed record queued, with its status
 *   (pending → batched → delivered, or dead: the dead-letter list);
 * - destination_batches: what was (or will be) sent in one request, with its webhook-id, attempts,
 *   next retry and last response.
 */
export class CreateDestinations1764100081000 implements MigrationInterface {
  name = 'CreateDestinations1764100081000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'destinations',
      columns: [
        id(), varchar('name', 128), varchar('url', 1000, true), varchar('secret', 128), varchar('previous_secret', 128, true), datetime('previous_secret_until', true),
        varchar('kind', 16), integer('audience_id', { nullable: true }), { name: 'fields', type: 'text', isNullable: false },
        integer('batch_size'), integer('max_batch_bytes'), varchar('status', 16), varchar('paused_reason', 255, true),
        integer('change_cursor', { default: 0 }), boolean('initial_sync_done'), varchar('staged_state', 191, true),
        varchar('created_by', 64, true), datetime('created_at'), datetime('updated_at'),
      ],
      indices: [new TableIndex({ name: 'uq_destinations_name', columnNames: ['name'], isUnique: true })],
    }));
    await queryRunner.createTable(new Table({
      name: 'destination_members',
      columns: [
        { name: 'destination_id', type: 'integer', isPrimary: true }, { name: 'customer_id', type: 'integer', isPrimary: true }, varchar('value_hash', 64),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'destination_records',
      columns: [
        id(), integer('destination_id'), integer('customer_id'), varchar('external_id', 64), varchar('op', 8), { name: 'data', type: 'text', isNullable: true },
        varchar('status', 12), integer('batch_id', { nullable: true }), datetime('created_at'),
      ],
      indices: [
        // The next records to batch, and the dead-letter list: by destination and status, in order.
        new TableIndex({ name: 'ix_destination_records_status', columnNames: ['destination_id', 'status', 'id'] }),
        new TableIndex({ name: 'ix_destination_records_batch', columnNames: ['batch_id'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'destination_batches',
      columns: [
        id(), integer('destination_id'), varchar('webhook_id', 64), integer('record_count'), integer('bytes'), varchar('status', 12),
        integer('attempts', { default: 0 }),
        // Milliseconds: a Retry-After of 1 s must not become 0.3 s by rounding to the second.
        { ...datetime('next_attempt_at'), precision: 3 }, integer('last_status_code', { nullable: true }), integer('last_latency_ms', { nullable: true }),
        varchar('last_error', 255, true), datetime('created_at'), datetime('delivered_at', true),
      ],
      indices: [new TableIndex({ name: 'ix_destination_batches_status', columnNames: ['destination_id', 'status', 'id'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['destination_batches', 'destination_records', 'destination_members', 'destinations']) await queryRunner.dropTable(table);
  }
}
