import { Column, Entity, PrimaryColumn } from 'typeorm';

export type TargetingStatus = 'stale' | 'rebuilding' | 'ready';

/**
 * The single row (id 1) saying what customer_targeting reflects. `generation` fences rebuilds: a
 * rebuild bumps it when it starts and writes each batch only while it still holds its number, so
 * of two concurrent rebuilds the later one wins and the earlier one stops.
 */
@Entity('targeting_state')
export class TargetingStateEntity {
  @PrimaryColumn({ type: 'integer' }) id: number;
  @Column({ type: 'varchar', length: 16 }) status: TargetingStatus;
  @Column({ type: 'integer', default: 0 }) generation: number;
  /** The feature snapshot and live segmentation run (data set 'default') the rows were built from. */
  @Column({ name: 'snapshot_id', type: 'integer', nullable: true }) snapshotId: number | null;
  @Column({ name: 'live_run_id', type: 'integer', nullable: true }) liveRunId: number | null;
  /** Customers written by the current (or last) rebuild: its progress, and what the batch fence bumps. */
  @Column({ name: 'rows_done', type: 'integer', default: 0 }) rowsDone: number;
  @Column({ name: 'started_at', type: 'datetime', nullable: true }) startedAt: Date | null;
  @Column({ name: 'refreshed_at', type: 'datetime', nullable: true }) refreshedAt: Date | null;
  @Column({ name: 'scores_refreshed_at', type: 'datetime', nullable: true }) scoresRefreshedAt: Date | null;
}
