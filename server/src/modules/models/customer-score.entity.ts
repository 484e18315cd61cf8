import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A customer's latest scores (one row per customer; the scoring job replaces it). */
@Entity('customer_scores')
export class CustomerScoreEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'integer' }) customerId: number;
  /** P(respond) from the active response model, 0..1. */
  @Index('ix_customer_scores_response')
  @Column({ name: 'response_probability', type: 'double', nullable: true }) responseProbability: number | null;
  @Column({ name: 'response_model_id', type: 'integer', nullable: true }) responseModelId: number | null;
  /** The segment (segments.id of the live run) the segment classifier predicts. */
  @Column({ name: 'predicted_segment_id', type: 'integer', nullable: true }) predictedSegmentId: number | null;
  @Column({ name: 'predicted_segment_probability', type: 'double', nullable: true }) predictedSegmentProbability: number | null;
  @Column({ name: 'segment_model_id', type: 'integer', nullable: true }) segmentModelId: number | null;
  /** Predicted uplift from the active uplift model: P(respond | contacted) − P(respond | not contacted), −1..1. */
  @Index('ix_customer_scores_uplift')
  @Column({ type: 'double', nullable: true }) uplift: number | null;
  @Column({ name: 'uplift_model_id', type: 'integer', nullable: true }) upliftModelId: number | null;
  /** e.g. "response:v3 segment:v2", for exports. */
  @Column({ name: 'model_versions', type: 'varchar', length: 128, nullable: true }) modelVersions: string | null;
  @Column({ name: 'scored_at', type: 'datetime' }) scoredAt: Date;
}
