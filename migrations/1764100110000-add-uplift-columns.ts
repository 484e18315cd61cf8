import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, double, integer } from './support/columns.js';

/**
 * Uplift: outcomes carry their arm (`treated` = 1 contacted, 0 held out as control; the response
 * model keeps reading treated rows only), every customer's predicted uplift and the version that
 * predicted it, the same figure in the targeting table audiences filter on, and in a campaign's
 * frozen snapshot (so its results can rank members as the model did at launch).
 */
export class AddUpliftColumns1764100110000 implements MigrationInterface {
  name = 'AddUpliftColumns1764100110000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('campaign_outcomes', new TableColumn(boolean('treated', true)));
    await queryRunner.addColumns('customer_scores', [new TableColumn(double('uplift')), new TableColumn(integer('uplift_model_id', { nullable: true }))]);
    await queryRunner.createIndex('customer_scores', new TableIndex({ name: 'ix_customer_scores_uplift', columnNames: ['uplift'] }));
    await queryRunner.addColumn('customer_targeting', new TableColumn(double('uplift')));
    await queryRunner.addColumn('campaign_members', new TableColumn(double('uplift')));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('campaign_members', 'uplift');
    await queryRunner.dropColumn('customer_targeting', 'uplift');
    await queryRunner.dropIndex('customer_scores', 'ix_customer_scores_uplift');
    await queryRunner.dropColumns('customer_scores', ['uplift', 'uplift_model_id']);
    await queryRunner.dropColumn('campaign_outcomes', 'treated');
  }
}
