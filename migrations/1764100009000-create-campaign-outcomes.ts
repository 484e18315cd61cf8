import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, datetime, decimal, varchar } from './support/columns.js';

/**
 * Past campaign outcomes, one row per (campaign, customer): who was contacted when, who responded
 * or converted, and the revenue. The response model learns from them; rows come from imported
 * files (source 'import') or, later, from campaigns sent by Segmenta itself (source 'campaign').
 */
export class CreateCampaignOutcomes1764100009000 implements MigrationInterface {
  name = 'CreateCampaignOutcomes1764100009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'campaign_outcomes',
      columns: [
        { name: 'campaign_key', type: 'varchar', length: '64', isPrimary: true }, { name: 'customer_id', type: 'integer', isPrimary: true },
        datetime('sent_at'), boolean('responded'), boolean('converted'), decimal('revenue', 14, 2, { default: 0 }),
        varchar('source', 16), datetime('updated_at'),
      ],
      indices: [
        // Prior-campaign history of a customer as of a send date (response features).
        new TableIndex({ name: 'ix_campaign_outcomes_customer_sent', columnNames: ['customer_id', 'sent_at'] }),
        // Training windows select by send date.
        new TableIndex({ name: 'ix_campaign_outcomes_sent', columnNames: ['sent_at'] }),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('campaign_outcomes');
  }
}
