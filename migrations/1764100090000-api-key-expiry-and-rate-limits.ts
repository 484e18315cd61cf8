import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigint, datetime, integer, varchar } from './support/columns.js';

/**
 * API keys that expire (a rotation leaves the old key valid until then) and per-key request
 * counters in the database, so every API process counts against the same limit. Windows are
 * epoch-millisecond starts of fixed one-minute windows: one arithmetic on both dialects.
 */
export class ApiKeyExpiryAndRateLimits1764100090000 implements MigrationInterface {
  name = 'ApiKeyExpiryAndRateLimits1764100090000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('api_keys', new TableColumn(datetime('expires_at', true)));
    await queryRunner.addColumn('api_keys', new TableColumn(integer('rotated_from_id', { nullable: true })));
    await queryRunner.createTable(new Table({
      name: 'rate_limit_windows',
      columns: [
        { ...varchar('limit_key', 100), isPrimary: true },
        { ...bigint('window_start_ms'), isPrimary: true },
        integer('hits', { default: 0 }),
      ],
      indices: [new TableIndex({ name: 'ix_rate_limit_windows_start', columnNames: ['window_start_ms'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limit_windows');
    await queryRunner.dropColumn('api_keys', 'rotated_from_id');
    await queryRunner.dropColumn('api_keys', 'expires_at');
  }
}
