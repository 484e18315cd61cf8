import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, integer, varchar } from './support/columns.js';

/**
 * import_row_issues is keyed by (import, line, rule) instead of a surrogate id plus an index on
 * (import, line): a large import writes a row issue for a quarter of its rows (Online Retail: 142,256),
 * and one B-tree per issue instead of two halves that cost. A row meets at most one rule.
 */
export class RowIssuesNaturalKey1764100015000 implements MigrationInterface {
  name = 'RowIssuesNaturalKey1764100015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'import_row_issues_keyed',
      columns: [
        { ...integer('import_id'), isPrimary: true }, { ...integer('line'), isPrimary: true }, { ...varchar('rule', 48), isPrimary: true },
        varchar('column_name', 64, true), varchar('severity', 16), varchar('reason', 255),
      ],
    }));
    await queryRunner.query(
      `INSERT INTO import_row_issues_keyed (import_id, line, rule, column_name, severity, reason)
       SELECT import_id, line, rule, MIN(column_name), MIN(severity), MIN(reason) FROM import_row_issues GROUP BY import_id, line, rule`);
    await queryRunner.dropTable('import_row_issues');
    await queryRunner.renameTable('import_row_issues_keyed', 'import_row_issues');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'import_row_issues_surrogate',
      columns: [id(), integer('import_id'), integer('line'), varchar('column_name', 64, true), varchar('severity', 16), varchar('rule', 48), varchar('reason', 255)],
      indices: [new TableIndex({ name: 'ix_import_row_issues_import_line', columnNames: ['import_id', 'line'] })],
    }));
    await queryRunner.query(
      `INSERT INTO import_row_issues_surrogate (import_id, line, column_name, severity, rule, reason)
       SELECT import_id, line, column_name, severity, rule, reason FROM import_row_issues ORDER BY import_id, line, rule`);
    await queryRunner.dropTable('import_row_issues');
    await queryRunner.renameTable('import_row_issues_surrogate', 'import_row_issues');
  }
}
