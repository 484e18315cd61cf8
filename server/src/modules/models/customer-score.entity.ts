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
  /** Customer value (modules/customer-value): P(alive) at the as-of date, 0..1. */
  @Column({ name: 'p_alive', type: 'double', nullable: true }) probabilityAlive: number | null;
  /** 1 − P(alive at as-of + the churn horizon stored with the model version). */
  @Index('ix_customer_scores_churn_risk')
  @Column({ name: 'churn_risk', type: 'double', nullable: true }) churnRisk: number | null;
  /** Expected purchases within the CLV horizon. */
  @Column({ name: 'expected_purchases', type: 'double', nullable: true }) expectedPurchases: number | null;
  /** Discounted margin over the CLV horizon; never negative. */
  @Column({ name: 'predicted_clv', type: 'double', nullable: true }) predictedClv: number | null;
  /** 0 (lowest) … 100 (highest) among the scored customers; "top 20 %" is ≥ 80. */
  @Index('ix_customer_scores_clv_percentile')
  @Column({ name: 'clv_percentile', type: 'double', nullable: true }) clvPercentile: number | null;
  @Column({ name: 'expected_next_order_at', type: 'datetime', nullable: true }) expectedNextOrderAt: Date | null;
  /** The as-of date of the value scores (orders before it were read). */
  @Column({ name: 'value_as_of', type: 'datetime', nullable: true }) valueAsOf: Date | null;
  @Column({ name: 'value_model_id', type: 'integer', nullable: true }) valueModelId: number | null;
  @Column({ name: 'value_scored_at', type: 'datetime', nullable: true }) valueScoredAt: Date | null;
}
