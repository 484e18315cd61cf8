import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One change of one customer's consent on one channel (migration 1764100050000). */
@Entity('consent_changes')
@Index('ix_consent_changes_customer', ['customerId', 'id'])
export class ConsentChangeEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'customer_id', type: 'integer' }) customerId: number;
  /** email | sms | push */
  @Column({ type: 'varchar', length: 8 }) channel: string;
  /** granted | none | opted_out */
  @Column({ name: 'from_state', type: 'varchar', length: 16 }) fromState: string;
  @Column({ name: 'to_state', type: 'varchar', length: 16 }) toState: string;
  /** api | ui | link | import | erasure */
  @Column({ type: 'varchar', length: 16 }) source: string;
  /** user:12, apikey:3, cli, customer:42 (the customer through a signed link). */
  @Column({ type: 'varchar', length: 64 }) actor: string;
  @Column({ name: 'changed_at', type: 'datetime' }) changedAt: Date;
}
