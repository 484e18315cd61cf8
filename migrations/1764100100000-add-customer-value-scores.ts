import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, double, integer } from './support/columns.js';

/**
 * Customer value (BG/NBD or Pareto/NBD with Gamma-Gamma) in the one score row per customer:
 * P(alive), churn risk, expected purchases and predicted CLV over the horizon, the CLV's
 * percentile, the expected next order, the as-of date and the model version that produced them.
 * customer_targeting mirrors what audiences filter on (churn risk, CLV and its percentile), and
 * customer_scores gets the two indexes the join path of those filters reads.
 */
export class AddCustomerValueScores1764100100000 implements MigrationInterface {
  name = 'AddCustomerValueScores1764100100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('customer_scores', [
      double('p_alive'), double('churn_risk'), double('expected_purchases'), double('predicted_clv'), double('clv_percentile'),
      datetime('expected_next_order_at', true), datetime('value_as_of', true), integer('value_model_id', { nullable: true }), datetime('value_scored_at', true),
    ].map((c) => new TableColumn(c)));
    await queryRunner.createIndex('customer_scores', new TableIndex({ name: 'ix_customer_scores_churn_risk', columnNames: ['churn_risk'] }));
    await queryRunner.createIndex('customer_scores', new TableIndex({ name: 'ix_customer_scores_clv_percentile', columnNames: ['clv_percentile'] }));
    await queryRunner.addColumns('customer_targeting', [double('churn_risk'), double('predicted_clv'), double('clv_percentile')].map((c) => new TableColumn(c)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['clv_percentile', 'predicted_clv', 'churn_risk']) await queryRunner.dropColumn('customer_targeting', column);
    await queryRunner.dropIndex('customer_scores', 'ix_customer_scores_clv_percentile');
    await queryRunner.dropIndex('customer_scores', 'ix_customer_scores_churn_risk');
    for (const column of ['value_scored_at', 'value_model_id', 'value_as_of', 'expected_next_order_at', 'clv_percentile', 'predicted_clv', 'expected_purchases', 'churn_risk', 'p_alive']) {
      await queryRunner.dropColumn('customer_scores', column);
    }
  }
}
