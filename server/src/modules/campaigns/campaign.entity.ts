import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { decimalToNumber, jsonText, type Json } from '../../db/columns.js';

@Entity('campaigns')
@Index('ix_campaigns_status', ['status', 'id'])
export class CampaignEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 128 }) name: string;
  @Column({ type: 'varchar', length: 8 }) channel: string;
  /** Null for a record of an external send: members then come with the imported outcomes. */
  @Index('ix_campaigns_audience')
  @Column({ name: 'audience_id', type: 'integer', nullable: true }) audienceId: number | null;
  /** draft → scheduled → running → completed (campaign-status.ts). */
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ name: 'starts_at', type: 'datetime', nullable: true }) startsAt: Date | null;
  @Column({ name: 'ends_at', type: 'datetime', nullable: true }) endsAt: Date | null;
  /** When the send went out: the start of the attribution window. */
  @Column({ name: 'sent_at', type: 'datetime', nullable: true }) sentAt: Date | null;
  @Column({ name: 'fixed_cost', type: 'decimal', precision: 14, scale: 2, default: 0, transformer: decimalToNumber }) fixedCost: number;
  @Column({ name: 'cost_per_contact', type: 'decimal', precision: 12, scale: 4, default: 0, transformer: decimalToNumber }) costPerContact: number;
  @Column({ name: 'attribution_days', type: 'integer', default: 14 }) attributionDays: number;
  /** Share of the audience held out as control, 0..<1 (0: no control group). */
  @Column({ name: 'control_share', type: 'double' }) controlShare: number;
  @Column({ name: 'control_seed', type: 'integer', default: 1 }) controlSeed: number;
  /** The audience definition as it was at launch. */
  @Column({ name: 'audience_definition', type: 'text', nullable: true, transformer: jsonText }) audienceDefinition: Json | null;
  @Column({ name: 'snapshot_run_id', type: 'integer', nullable: true }) snapshotRunId: number | null;
  @Column({ name: 'snapshot_at', type: 'datetime', nullable: true }) snapshotAt: Date | null;
  @Column({ name: 'member_count', type: 'integer', default: 0 }) memberCount: number;
  @Column({ name: 'control_count', type: 'integer', default: 0 }) controlCount: number;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}

/** The frozen snapshot: who was targeted (or held out), with segment and persona at launch. */
@Entity('campaign_members')
@Index('ix_campaign_members_customer', ['customerId', 'campaignId'])
@Index('ix_campaign_members_segment', ['segmentId', 'campaignId'])
export class CampaignMemberEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'integer' }) campaignId: number;
  @PrimaryColumn({ name: 'customer_id', type: 'integer' }) customerId: number;
  @Column({ name: 'is_control', type: 'boolean', default: false }) isControl: boolean;
  @Column({ name: 'segment_id', type: 'integer', nullable: true }) segmentId: number | null;
  @Column({ name: 'persona_id', type: 'integer', nullable: true }) personaId: number | null;
  @Column({ name: 'response_probability', type: 'double', nullable: true }) responseProbability: number | null;
  /** Predicted uplift at launch (customer_scores.uplift), for ranking members in the results. */
  @Column({ type: 'double', nullable: true }) uplift: number | null;
}

/** One member's outcome: imported, or attributed from orders within the attribution window. */
@Entity('campaign_results')
export class CampaignResultEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'integer' }) campaignId: number;
  @PrimaryColumn({ name: 'customer_id', type: 'integer' }) customerId: number;
  @Column({ type: 'boolean', default: false }) responded: boolean;
  @Column({ type: 'boolean', default: false }) converted: boolean;
  @Column({ type: 'decimal', precision: 14, scale: 2, default: 0, transformer: decimalToNumber }) revenue: number;
  /** import | attribution */
  @Column({ type: 'varchar', length: 16 }) source: string;
  @Column({ name: 'recorded_at', type: 'datetime' }) recordedAt: Date;
}
