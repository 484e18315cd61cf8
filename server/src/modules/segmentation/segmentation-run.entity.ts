import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** One segmentation: its parameters (with seed), k selection, metrics and the fitted model artefact. */
@Entity('segmentation_runs')
@Index('ix_segmentation_runs_data_set', ['dataSet', 'id'])
export class SegmentationRunEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'data_set', type: 'varchar', length: 64 }) dataSet: string;
  /** queued | running | succeeded | failed | cancelled (mirrors its job) */
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'varchar', length: 16 }) algorithm: string;
  @Column({ type: 'text', transformer: jsonText }) params: Json;
  @Column({ name: 'job_id', type: 'integer', nullable: true }) jobId: number | null;
  @Column({ name: 'snapshot_id', type: 'integer', nullable: true }) snapshotId: number | null;
  @Column({ type: 'integer', nullable: true }) k: number | null;
  @Column({ name: 'k_selection', type: 'text', nullable: true, transformer: jsonText }) kSelection: Json | null;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) metrics: Json | null;
  /** The clustering pipeline (transforms + centroids) as JSON: what classifyCustomer uses. */
  @Column({ type: 'text', nullable: true }) model: string | null;
  @Column({ name: 'model_version', type: 'varchar', length: 64, nullable: true }) modelVersion: string | null;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) dendrogram: Json | null;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) projection: Json | null;
  @Column({ name: 'customer_count', type: 'integer', default: 0 }) customerCount: number;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'finished_at', type: 'datetime', nullable: true }) finishedAt: Date | null;
}
