import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, datetime, id, integer, longText, varchar } from './support/columns.js';

/** Users, browser sessions, integration API keys and the audit log of mutations. */
export class CreateAuthAndAudit1764100004000 implements MigrationInterface {
  name = 'CreateAuthAndAudit1764100004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'users',
      columns: [id(), varchar('email', 191), varchar('name', 191), varchar('role', 16), varchar('password_hash', 255), boolean('disabled'), datetime('created_at')],
      indices: [new TableIndex({ name: 'uq_users_email', columnNames: ['email'], isUnique: true })],
    }));
    await queryRunner.createTable(new Table({
      name: 'sessions',
      columns: [
        { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true },
        integer('user_id'), datetime('created_at'), datetime('last_seen_at'), datetime('expires_at'),
      ],
      indices: [new TableIndex({ name: 'ix_sessions_user', columnNames: ['user_id'] })],
    }));
    await queryRunner.createTable(new Table({
      name: 'api_keys',
      columns: [
        id(), varchar('name', 128), varchar('prefix', 16), varchar('key_hash', 64), longText(queryRunner, 'scopes'),
        integer('created_by', { nullable: true }), datetime('created_at'), datetime('last_used_at', true), datetime('revoked_at', true),
      ],
      indices: [new TableIndex({ name: 'uq_api_keys_hash', columnNames: ['key_hash'], isUnique: true })],
    }));
    await queryRunner.createTable(new Table({
      name: 'audit_log',
      columns: [
        id(), varchar('actor', 64), varchar('action', 64), longText(queryRunner, 'details'), varchar('outcome', 16),
        varchar('ip', 64, true), varchar('request_id', 64, true), datetime('created_at'),
      ],
      indices: [new TableIndex({ name: 'ix_audit_log_created_at', columnNames: ['created_at'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'api_keys', 'sessions', 'users']) await queryRunner.dropTable(table);
  }
}
