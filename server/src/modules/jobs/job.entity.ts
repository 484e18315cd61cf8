import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/**
 * A job is a row. A worker claims it by a compare-and-set UPDATE that bumps `attempt` and sets a
 * lease; every later write of that worker carries the attempt it claimed (fencing), so a worker
 * whose lease lapsed and was re-claimed cannot overwrite the newer attempt's results.
 */
@Entity('jobs')
@Index('ix_jobs_claim', ['status', 'runAfter'])
@Index('ix_jobs_parent', ['parentId', 'id'])
export class JobEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 32 }) type: string;
  /** queued | running | waiting (a parent whose children run) | succeeded | failed | cancelled */
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) payload: Json | null;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) result: Json | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  /** Jobs with the same key run one at a time (e.g. one segmentation per data set). */
  @Column({ name: 'concurrency_key', type: 'varchar', length: 64, nullable: true }) concurrencyKey: string | null;
  /** concurrency_key while queued or running, NULL after; unique, so one active job per key. */
  @Index('uq_jobs_active_key', { unique: true })
  @Column({ name: 'active_key', type: 'varchar', length: 64, nullable: true }) activeKey: string | null;
  @Column({ type: 'integer', default: 0 }) attempt: number;
  @Column({ name: 'max_attempts', type: 'integer', default: 3 }) maxAttempts: number;
  @Column({ name: 'run_after', type: 'datetime' }) runAfter: Date;
  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true }) leaseOwner: string | null;
  @Column({ name: 'lease_expires_at', type: 'datetime', nullable: true }) leaseExpiresAt: Date | null;
  @Column({ name: 'progress_done', type: 'integer', default: 0 }) progressDone: number;
  @Column({ name: 'progress_total', type: 'integer', nullable: true }) progressTotal: number | null;
  @Column({ name: 'progress_message', type: 'varchar', length: 255, nullable: true }) progressMessage: string | null;
  @Column({ name: 'cancel_requested', type: 'boolean', default: false }) cancelRequested: boolean;
  /** The job that waits for this one (a chain or a fan-out); null for a job of its own. */
  @Column({ name: 'parent_id', type: 'integer', nullable: true }) parentId: number | null;
  /** This child's place in its parent (a chain's stage name). */
  @Column({ type: 'varchar', length: 32, nullable: true }) step: string | null;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'started_at', type: 'datetime', nullable: true }) startedAt: Date | null;
  @Column({ name: 'heartbeat_at', type: 'datetime', nullable: true }) heartbeatAt: Date | null;
  @Column({ name: 'finished_at', type: 'datetime', nullable: true }) finishedAt: Date | null;
}
