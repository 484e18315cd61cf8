import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, integer, varchar } from './support/columns.js';

/**
 * Rules a merchandiser writes (a keyword or a regular expression on the description → a category
 * path), and where a product's category came from, so rules never overwrite a catalogue's.
 */
export class CreateCategoryRules1764100136000 implements MigrationInterface {
  name = 'CreateCategoryRules1764100136000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'category_rules',
      columns: [
        id(), varchar('match_kind', 16), varchar('pattern', 200), varchar('category_path', 255), integer('priority', { default: 0 }),
        varchar('created_by', 64, true), datetime('created_at'),
      ],
    }));
    // catalogue | rule | null (orders, events or nothing set it).
    await queryRunner.addColumn('products', new TableColumn(varchar('category_source', 16, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('products', 'category_source');
    await queryRunner.dropTable('category_rules');
  }
}
