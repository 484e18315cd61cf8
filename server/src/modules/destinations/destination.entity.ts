import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

export const DESTINATION_KINDS = ['audience', 'tags'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];
export type DestinationStatus = 'enabled' | 'paused';

/** A receiver of signed webhooks (url) or, with no url, a pull feed read through the API. */
@Entity('destinations')
@Index('uq_destinations_name', ['name'], { unique: true })
export class DestinationEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 128 }) name: string;
  @Column({ type: 'varchar', length: 1000, nullable: true }) url: string | null;
  @Column({ type: 'varchar', length: 128 }) secret: string;
  /** Also signs deliveries until previousSecretUntil: receivers switch secrets without a gap. */
  @Column({ name: 'previous_secret', type: 'varchar', length: 128, nullable: true }) previousSecret: string | null;
  @Column({ name: 'previous_secret_until', type: 'datetime', nullable: true }) previousSecretUntil: Date | null;
  @Column({ type: 'varchar', length: 16 }) kind: DestinationKind;
  @Column({ name: 'audience_id', type: 'integer', nullable: true }) audienceId: number | null;
  /** The fields records may carry (see destination-fields.ts). */
  @Column({ type: 'text', transformer: jsonText }) fields: Json;
  @Column({ name: 'batch_size', type: 'integer' }) batchSize: number;
  @Column({ name: 'max_batch_bytes', type: 'integer' }) maxBatchBytes: number;
  @Column({ type: 'varchar', length: 16 }) status: DestinationStatus;
  @Column({ name: 'paused_reason', type: 'varchar', length: 255, nullable: true }) pausedReason: string | null;
  /** Tags destinations: the last change-log row queued. */
  @Column({ name: 'change_cursor', type: 'integer', default: 0 }) changeCursor: number;
  @Column({ name: 'initial_sync_done', type: 'boolean', default: false }) initialSyncDone: boolean;
  /** What the last audience diff saw (sources and change cursor): an unchanged state needs no new diff. */
  @Column({ name: 'staged_state', type: 'varchar', length: 191, nullable: true }) stagedState: string | null;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}

@Entity('destination_members')
export class DestinationMemberEntity {
  @PrimaryColumn({ name: 'destination_id', type: 'integer' }) destinationId: number;
  @PrimaryColumn({ name: 'customer_id', type: 'integer' }) customerId: number;
  @Column({ name: 'value_hash', type: 'varchar', length: 64 }) valueHash: string;
}

export type RecordOp = 'added' | 'updated' | 'removed';
export type RecordStatus = 'pending' | 'batched' | 'delivered' | 'dead' | 'replayed';

@Entity('destination_records')
@Index('ix_destination_records_status', ['destinationId', 'status', 'id'])
@Index('ix_destination_records_batch', ['batchId'])
export class DestinationRecordEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'destination_id', type: 'integer' }) destinationId: number;
  @Column({ name: 'customer_id', type: 'integer' }) customerId: number;
  @Column({ name: 'external_id', type: 'varchar', length: 64 }) externalId: string;
  @Column({ type: 'varchar', length: 8 }) op: RecordOp;
  @Column({ type: 'text', nullable: true }) data: string | null;
  @Column({ type: 'varchar', length: 12 }) status: RecordStatus;
  @Column({ name: 'batch_id', type: 'integer', nullable: true }) batchId: number | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

export type BatchStatus = 'pending' | 'delivered' | 'split' | 'dead';

@Entity('destination_batches')
@Index('ix_destination_batches_status', ['destinationId', 'status', 'id'])
export class DestinationBatchEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'destination_id', type: 'integer' }) destinationId: number;
  /** The same on every attempt: a receiver drops a delivery whose webhook-id it has seen. */
  @Column({ name: 'webhook_id', type: 'varchar', length: 64 }) webhookId: string;
  @Column({ name: 'record_count', type: 'integer' }) recordCount: number;
  @Column({ type: 'integer' }) bytes: number;
  @Column({ type: 'varchar', length: 12 }) status: BatchStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 }) nextAttemptAt: Date;
  @Column({ name: 'last_status_code', type: 'integer', nullable: true }) lastStatusCode: number | null;
  @Column({ name: 'last_latency_ms', type: 'integer', nullable: true }) lastLatencyMs: number | null;
  @Column({ name: 'last_error', type: 'varchar', length: 255, nullable: true }) lastError: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'delivered_at', type: 'datetime', nullable: true }) deliveredAt: Date | null;
}
