import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('events')
@Index('ix_events_customer_occurred_at', ['customerId', 'occurredAt'])
export class EventEntity {
  @PrimaryGeneratedColumn() id: number;
  /** Given by the source, or a hash of the row: re-importing the same event changes nothing. */
  @Index('uq_events_event_key', { unique: true })
  @Column({ name: 'event_key', type: 'varchar', length: 64 }) eventKey: string;
  @Column({ name: 'customer_id', type: 'integer', nullable: true }) customerId: number | null;
  @Column({ name: 'session_id', type: 'varchar', length: 64, nullable: true }) sessionId: string | null;
  @Column({ type: 'varchar', length: 24 }) type: string;
  @Column({ name: 'product_id', type: 'integer', nullable: true }) productId: number | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) category: string | null;
  @Column({ name: 'occurred_at', type: 'datetime' }) occurredAt: Date;
}
