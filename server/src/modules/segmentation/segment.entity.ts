import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

@Entity('segments')
@Index('uq_segments_run_label', ['runId', 'label'], { unique: true })
export class SegmentEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'run_id', type: 'integer' }) runId: number;
  @Column({ type: 'integer' }) label: number;
  @Column({ type: 'integer' }) size: number;
  @Column({ name: 'revenue_share', type: 'double' }) revenueShare: number;
  @Column({ name: 'share_of_customers', type: 'double' }) shareOfCustomers: number;
  /** Feature name → mean in original units. */
  @Column({ type: 'text', transformer: jsonText }) centroid: Json;
  /** The centroid in the transformed space the model clusters in. */
  @Column({ name: 'centroid_standardised', type: 'text', transformer: jsonText }) centroidStandardised: Json;
  @Column({ type: 'text', transformer: jsonText }) profile: Json;
  /** A key that survives a re-run: null until segments are matched across runs. */
  @Column({ name: 'segment_key', type: 'varchar', length: 64, nullable: true }) segmentKey: string | null;
}

@Entity('segment_memberships')
@Index('ix_segment_memberships_segment', ['segmentId'])
export class SegmentMembershipEntity {
  @PrimaryColumn({ name: 'run_id', type: 'integer' }) runId: number;
  @PrimaryColumn({ name: 'customer_id', type: 'integer' }) customerId: number;
  @Column({ name: 'segment_id', type: 'integer' }) segmentId: number;
  /** Euclidean distance to the segment centroid in the transformed space. */
  @Column({ type: 'double' }) distance: number;
}

/** The live run of each data set: activation is one UPDATE of this row. */
@Entity('live_segmentations')
export class LiveSegmentationEntity {
  @PrimaryColumn({ name: 'data_set', type: 'varchar', length: 64 }) dataSet: string;
  @Column({ name: 'run_id', type: 'integer' }) runId: number;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'activated_at', type: 'datetime' }) activatedAt: Date;
  @Column({ name: 'activated_by', type: 'varchar', length: 64, nullable: true }) activatedBy: string | null;
}

/** One activation of a run: the history behind "who was in segment S on date D". */
@Entity('segmentation_activations')
@Index('ix_segmentation_activations_data_set_at', ['dataSet', 'activatedAt'])
export class SegmentationActivationEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'data_set', type: 'varchar', length: 64 }) dataSet: string;
  @Column({ name: 'run_id', type: 'integer' }) runId: number;
  @Column({ name: 'activated_at', type: 'datetime' }) activatedAt: Date;
  @Column({ name: 'activated_by', type: 'varchar', length: 64, nullable: true }) activatedBy: string | null;
}
