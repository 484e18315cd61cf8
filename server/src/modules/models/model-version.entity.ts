import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/**
 * Every kind the registry holds. Each kind is trained by its own job (the forests by
 * 'model-training', customer value by 'customer-value', uplift by 'uplift-training'); activation
 * and rollback are the same for all. A new kind adds itself here.
 */
export const MODEL_KINDS = ['response', 'segment', 'customer-value', 'uplift'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
/** The kinds trained on features with random forests (their hyperparameters parsed alike). */
export const FOREST_MODEL_KINDS = ['response', 'segment', 'uplift'] as const;
export type ForestModelKind = (typeof FOREST_MODEL_KINDS)[number];

/**
 * One trained version of a predictive model: everything needed to reproduce it (params with
 * seed, training window), to judge it (metrics) and to use it (artefact + feature names/encoding).
 */
@Entity('model_versions')
@Index('uq_model_versions_kind_version', ['kind', 'version'], { unique: true })
@Index('ix_model_versions_kind_id', ['kind', 'id'])
export class ModelVersionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 16 }) kind: ModelKind;
  /** 1, 2, 3… per kind, assigned when training succeeds (null before). */
  @Column({ type: 'integer', nullable: true }) version: number | null;
  /** queued | running | succeeded | failed | cancelled (mirrors its job) */
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ name: 'job_id', type: 'integer', nullable: true }) jobId: number | null;
  /** TrainingParams: hyperparameters (seed included), split, folds, threshold, window. */
  @Column({ type: 'text', transformer: jsonText }) params: Json;
  @Column({ name: 'window_start', type: 'datetime', nullable: true }) windowStart: Date | null;
  @Column({ name: 'window_end', type: 'datetime', nullable: true }) windowEnd: Date | null;
  @Column({ name: 'training_rows', type: 'integer', default: 0 }) trainingRows: number;
  @Column({ name: 'test_rows', type: 'integer', default: 0 }) testRows: number;
  /** Segment classifier: the segmentation run whose segments are its classes. */
  @Column({ name: 'segmentation_run_id', type: 'integer', nullable: true }) segmentationRunId: number | null;
  @Column({ name: 'data_summary', type: 'text', nullable: true, transformer: jsonText }) dataSummary: Json | null;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) metrics: Json | null;
  @Column({ name: 'feature_names', type: 'text', nullable: true, transformer: jsonText }) featureNames: string[] | null;
  /** How categorical inputs became numbers (e.g. the country vocabulary), needed to score. */
  @Column({ name: 'feature_encoding', type: 'text', nullable: true, transformer: jsonText }) featureEncoding: Json | null;
  /** The saved forest (SerializedForest JSON). */
  @Column({ type: 'text', nullable: true }) artefact: string | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'finished_at', type: 'datetime', nullable: true }) finishedAt: Date | null;
}

/** The active version of each kind: activation and rollback are one UPDATE of this row. */
@Entity('active_models')
export class ActiveModelEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 }) kind: ModelKind;
  @Column({ name: 'model_id', type: 'integer' }) modelId: number;
  @Column({ name: 'previous_model_id', type: 'integer', nullable: true }) previousModelId: number | null;
  @Column({ type: 'integer', default: 1 }) activations: number;
  @Column({ name: 'activated_at', type: 'datetime' }) activatedAt: Date;
  @Column({ name: 'activated_by', type: 'varchar', length: 64, nullable: true }) activatedBy: string | null;
}
