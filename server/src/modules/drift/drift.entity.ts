import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** A run's drift report against the run that was live when it was computed (one per run). */
@Entity('drift_reports')
export class DriftReportEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index('uq_drift_reports_run', { unique: true })
  @Column({ name: 'run_id', type: 'integer' }) runId: number;
  @Column({ name: 'data_set', type: 'varchar', length: 64 }) dataSet: string;
  /** Null when there was nothing to compare with (the data set's first run). */
  @Column({ name: 'live_run_id', type: 'integer', nullable: true }) liveRunId: number | null;
  @Column({ name: 'adjusted_rand_index', type: 'double', nullable: true }) adjustedRandIndex: number | null;
  @Column({ name: 'max_size_shift', type: 'double', nullable: true }) maxSizeShift: number | null;
  @Column({ name: 'max_psi', type: 'double', nullable: true }) maxPsi: number | null;
  /** The whole report (see drift-report.ts, DriftReport). */
  @Column({ type: 'text', transformer: jsonText }) report: Json;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

/** What the activation policy decided for a run, and why: the notice people see when it waits. */
@Entity('activation_decisions')
@Index('ix_activation_decisions_data_set', ['dataSet', 'id'])
@Index('ix_activation_decisions_run', ['runId'])
export class ActivationDecisionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'run_id', type: 'integer' }) runId: number;
  @Column({ name: 'data_set', type: 'varchar', length: 64 }) dataSet: string;
  /** manual | automatic, as set when deciding. */
  @Column({ type: 'varchar', length: 16 }) policy: string;
  /** activated | waiting | already-live */
  @Column({ type: 'varchar', length: 16 }) outcome: string;
  /** Why, in words people read: each threshold checked and its value. */
  @Column({ type: 'text', transformer: jsonText }) reasons: Json;
  @Column({ name: 'decided_at', type: 'datetime' }) decidedAt: Date;
  /** When an activation in the data set answered a waiting decision (its notice goes away). */
  @Column({ name: 'answered_at', type: 'datetime', nullable: true }) answeredAt: Date | null;
}
