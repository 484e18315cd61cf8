import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigint, integer, varchar } from './support/columns.js';

/**
 * Failed sign-ins per e-mail and per client address, and the addresses each account signed in
 * from (server/src/modules/auth/login-throttle.ts). In the database, not in one process's memory,
 * so every API replica enforces the same delays. Times are epoch milliseconds: one arithmetic on
 * both dialects.
 */
export class CreateLoginThrottles1764100030000 implements MigrationInterface {
  name = 'CreateLoginThrottles1764100030000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'login_throttles',
      columns: [
        { ...varchar('throttle_key', 100), isPrimary: true },
        integer('failures', { default: 0 }), bigint('last_failure_ms', true), bigint('blocked_until_ms', true), bigint('expires_ms'),
      ],
      indices: [new TableIndex({ name: 'ix_login_throttles_expires', columnNames: ['expires_ms'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('login_throttles');
  }
}
