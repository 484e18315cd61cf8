import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, integer, longText, varchar } from './support/columns.js';

/** Import runs with their reports, and the row-level issues of each. */
export class CreateImports1764100003000 implements MigrationInterface {
  name = 'CreateImports1764100003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'imports',
      columns: [
        id(), varchar('kind', 16), varchar('file_name', 255), varchar('file_path', 1024), varchar('file_sha256', 64, true),
        integer('file_bytes', { nullable: true }), varchar('status', 16), varchar('layout', 32, true),
        longText(queryRunner, 'options'), integer('rows_read', { default: 0 }), integer('rows_imported', { default: 0 }),
        integer('rows_skipped', { default: 0 }), integer('rows_rejected', { default: 0 }), longText(queryRunner, 'report'),
        longText(queryRunner, 'error'), integer('job_id', { nullable: true }), datetime('created_at'), datetime('finished_at', true),
      ],
      indices: [new TableIndex({ name: 'ix_imports_sha256', columnNames: ['file_sha256'] })],
    }));
    await queryRunner.createTable(new Table({
      name: 'import_row_issues',
      columns: [
        id(), integer('import_id'), integer('line'), varchar('column_name', 64, true), varchar('severity', 16),
        varchar('rule', 48), varchar('reason', 255),
      ],
      indices: [new TableIndex({ name: 'ix_import_row_issues_import_line', columnNames: ['import_id', 'line'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('import_row_issues');
    await queryRunner.dropTable('imports');
  }
}
