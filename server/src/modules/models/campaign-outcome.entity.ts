import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { decimalToNumber } from '../../db/columns.js';

/** One customer's outcome in one past campaign: the response model's labels. */
@Entity('campaign_outcomes')
@Index('ix_campaign_outcomes_customer_sent', ['customerId', 'sentAt'])
@Index('ix_campaign_outcomes_sent', ['sentAt'])
export class CampaignOutcomeEntity {
  @PrimaryColumn({ name: 'campaign_key', type: 'varchar', length: 64 }) campaignKey: string;
  @PrimaryColumn({ name: 'customer_id', type: 'integer' }) customerId: number;
  /** When the customer was contacted (UTC): features are computed strictly before it. */
  @Column({ name: 'sent_at', type: 'datetime' }) sentAt: Date;
  @Column({ type: 'boolean' }) responded: boolean;
  @Column({ type: 'boolean' }) converted: boolean;
  @Column({ type: 'decimal', precision: 14, scale: 2, default: 0, transformer: decimalToNumber }) revenue: number;
  /** True for a contacted customer, false for one held out as control (uplift models learn from both; the response model from the contacted). */
  @Column({ type: 'boolean', default: true }) treated: boolean;
  /** 'import' (a file of past outcomes) or 'campaign' (a campaign sent by Segmenta). */
  @Column({ type: 'varchar', length: 16 }) source: string;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}
