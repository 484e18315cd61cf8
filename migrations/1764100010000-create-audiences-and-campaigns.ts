import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, datetime, decimal, double, id, integer, longText, varchar } from './support/columns.js';

/**
 * Audiences (saved definitions), campaigns, the frozen member snapshot a campaign takes at launch
 * (with each member's segment and persona at that time, and the control-group flag), and the
 * per-member outcomes (imported or attributed from orders).
 */
export class CreateAudiencesAndCampaigns1764100010000 implements MigrationInterface {
  name = 'CreateAudiencesAndCampaigns1764100010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'audiences',
      columns: [
        id(), varchar('name', 128), varchar('channel', 8), longText(queryRunner, 'definition', false), integer('version', { default: 1 }),
        varchar('created_by', 64, true), datetime('created_at'), datetime('updated_at'),
      ],
      indices: [new TableIndex({ name: 'ix_audiences_name', columnNames: ['name', 'id'] })],
    }));
    await queryRunner.createTable(new Table({
      name: 'campaigns',
      columns: [
        id(), varchar('name', 128), varchar('channel', 8), integer('audience_id', { nullable: true }), varchar('status', 16),
        datetime('starts_at', true), datetime('ends_at', true), datetime('sent_at', true),
        decimal('fixed_cost', 14, 2, { default: 0 }), decimal('cost_per_contact', 12, 4, { default: 0 }),
        integer('attribution_days', { default: 14 }), double('control_share', false), integer('control_seed', { default: 1 }),
        longText(queryRunner, 'audience_definition'), integer('snapshot_run_id', { nullable: true }), datetime('snapshot_at', true),
        integer('member_count', { default: 0 }), integer('control_count', { default: 0 }),
        varchar('created_by', 64, true), datetime('created_at'), datetime('updated_at'),
      ],
      indices: [
        new TableIndex({ name: 'ix_campaigns_status', columnNames: ['status', 'id'] }),
        new TableIndex({ name: 'ix_campaigns_audience', columnNames: ['audience_id'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'campaign_members',
      columns: [
        { name: 'campaign_id', type: 'integer', isPrimary: true }, { name: 'customer_id', type: 'integer', isPrimary: true },
        boolean('is_control'), integer('segment_id', { nullable: true }), integer('persona_id', { nullable: true }),
        double('response_probability'),
      ],
      indices: [
        // "who was targeted by which campaign" and "which campaigns reached this customer"
        new TableIndex({ name: 'ix_campaign_members_customer', columnNames: ['customer_id', 'campaign_id'] }),
        new TableIndex({ name: 'ix_campaign_members_segment', columnNames: ['segment_id', 'campaign_id'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'campaign_results',
      columns: [
        { name: 'campaign_id', type: 'integer', isPrimary: true }, { name: 'customer_id', type: 'integer', isPrimary: true },
        boolean('responded'), boolean('converted'), decimal('revenue', 14, 2, { default: 0 }), varchar('source', 16), datetime('recorded_at'),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['campaign_results', 'campaign_members', 'campaigns', 'audiences']) await queryRunner.dropTable(table);
  }
}
