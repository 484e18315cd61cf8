import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CHANGE_KINDS = ['segment', 'persona', 'scores', 'consent', 'erasure'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_REASONS = ['refresh', 'incremental', 'activation', 'consent', 'erasure', 'rescore'] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

/**
 * One change of one customer's tags. `before`/`after` are short text values, by kind:
 * segment → the label; persona → the persona's name; scores → `<score>:<band>`;
 * consent → `<channel>:<state>`; erasure → before NULL, after `erased`. Never personal data.
 */
@Entity('customer_changes')
@Index('ix_customer_changes_customer', ['customerId', 'id'])
@Index('ix_customer_changes_changed_at', ['changedAt'])
export class CustomerChangeEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'data_set', type: 'varchar', length: 64 }) dataSet: string;
  @Column({ name: 'customer_id', type: 'integer' }) customerId: number;
  @Column({ type: 'varchar', length: 16 }) kind: ChangeKind;
  @Column({ name: 'before_value', type: 'varchar', length: 191, nullable: true }) before: string | null;
  @Column({ name: 'after_value', type: 'varchar', length: 191, nullable: true }) after: string | null;
  @Column({ type: 'varchar', length: 16 }) reason: ChangeReason;
  @Column({ name: 'changed_at', type: 'datetime' }) changedAt: Date;
}
