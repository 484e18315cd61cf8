import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isSqlite } from './support/columns.js';

/**
 * Customers by e-mail, for suppression lists that name people by address. MariaDB's collation
 * compares case-insensitively through a plain index; SQLite gets an index on LOWER(email), which
 * is what the suppression writer compares there.
 */
export class CustomersEmailIndex1764100051000 implements MigrationInterface {
  name = 'CustomersEmailIndex1764100051000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) await queryRunner.query('CREATE INDEX ix_customers_email ON customers (LOWER(email))');
    else await queryRunner.createIndex('customers', new TableIndex({ name: 'ix_customers_email', columnNames: ['email'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) await queryRunner.query('DROP INDEX ix_customers_email');
    else await queryRunner.dropIndex('customers', 'ix_customers_email');
  }
}
