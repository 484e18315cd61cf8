import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isSqlite } from './support/columns.js';

/**
 * Uplift: outcomes carry their arm (`treated` = 1 contacted, 0 held out as control; the response
 * model keeps reading treated rows only), every customer's predicted uplift and the version that
 * predicted it, the same figure in the targeting table audiences filter on, and in a campaign's
 * frozen snapshot (so its results can rank members as the model did at launch).
 *
 * Plain ALTER TABLE … ADD COLUMN on both databases: TypeORM's SQLite addColumn rebuilds the table,
 * which the targeting triggers on customers do not survive.
 */
const COLUMNS: Array<[table: string, column: string, mysql: string, sqlite: string]> = [
  ['campaign_outcomes', 'treated', 'tinyint NOT NULL DEFAULT 1', 'boolean NOT NULL DEFAULT 1'],
  ['customer_scores', 'uplift', 'double NULL', 'double NULL'],
  ['customer_scores', 'uplift_model_id', 'int NULL', 'integer NULL'],
  ['customer_targeting', 'uplift', 'double NULL', 'double NULL'],
  ['campaign_members', 'uplift', 'double NULL', 'double NULL'],
];

export class AddUpliftColumns1764100110000 implements MigrationInterface {
  name = 'AddUpliftColumns1764100110000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = isSqlite(queryRunner);
    for (const [table, column, mysql, lite] of COLUMNS) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${sqlite ? lite : mysql}`);
    await queryRunner.createIndex('customer_scores', new TableIndex({ name: 'ix_customer_scores_uplift', columnNames: ['uplift'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('customer_scores', 'ix_customer_scores_uplift');
    for (const [table, column] of [...COLUMNS].reverse()) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}
