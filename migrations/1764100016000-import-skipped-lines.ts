import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { integer, isSqlite, varchar } from './support/columns.js';

/**
 * Skipped rows, stored compactly: one row per block of lines that a batch skipped under the same
 * rule, column and reason, with the line numbers as varint deltas in a blob (docs/imports.md). A
 * quarter of Online Retail's rows are skipped by a cleaning rule; one table row each (142,256) was a
 * fifth of the database's work in an import. Rejected rows keep one import_row_issues row each, with
 * their own reason; skips written before this migration stay there and are read alongside.
 */
export class ImportSkippedLines1764100016000 implements MigrationInterface {
  name = 'ImportSkippedLines1764100016000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'import_skipped_lines',
      columns: [
        { ...integer('import_id'), isPrimary: true }, { ...integer('first_line'), isPrimary: true }, integer('last_line'),
        varchar('rule', 48), varchar('column_name', 64, true), varchar('reason', 255), integer('line_count'),
        // A batch of 20,000 rows can need up to 5 bytes a line here: past MySQL's 64 KiB BLOB.
        { name: 'line_deltas', type: isSqlite(queryRunner) ? 'blob' : 'mediumblob', isNullable: false },
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('import_skipped_lines');
  }
}
