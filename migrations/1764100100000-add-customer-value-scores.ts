import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isSqlite } from './support/columns.js';

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
    // Plain ADD COLUMN on both dialects: TypeORM's SQLite addColumns rebuilds the table, which
    // breaks the triggers on customers that write customer_targeting.
    const sqlite = isSqlite(queryRunner);
    const type = { double: 'double', datetime: 'datetime', integer: sqlite ? 'integer' : 'int' };
    const add = async (table: string, columns: [string, keyof typeof type][]) => {
      for (const [name, kind] of columns) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ${name} ${type[kind]} NULL`);
    };
    await add('customer_scores', [
      ['p_alive', 'double'], ['churn_risk', 'double'], ['expected_purchases', 'double'], ['predicted_clv', 'double'], ['clv_percentile', 'double'],
      ['expected_next_order_at', 'datetime'], ['value_as_of', 'datetime'], ['value_model_id', 'integer'], ['value_scored_at', 'datetime'],
    ]);
    await queryRunner.createIndex('customer_scores', new TableIndex({ name: 'ix_customer_scores_churn_risk', columnNames: ['churn_risk'] }));
    await queryRunner.createIndex('customer_scores', new TableIndex({ name: 'ix_customer_scores_clv_percentile', columnNames: ['clv_percentile'] }));
    await add('customer_targeting', [['churn_risk', 'double'], ['predicted_clv', 'double'], ['clv_percentile', 'double']]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['clv_percentile', 'predicted_clv', 'churn_risk']) await queryRunner.query(`ALTER TABLE customer_targeting DROP COLUMN ${column}`);
    await queryRunner.dropIndex('customer_scores', 'ix_customer_scores_clv_percentile');
    await queryRunner.dropIndex('customer_scores', 'ix_customer_scores_churn_risk');
    for (const column of ['value_scored_at', 'value_model_id', 'value_as_of', 'expected_next_order_at', 'clv_percentile', 'predicted_clv', 'expected_purchases', 'churn_risk', 'p_alive']) {
      await queryRunner.query(`ALTER TABLE customer_scores DROP COLUMN ${column}`);
    }
  }
}
