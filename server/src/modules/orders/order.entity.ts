import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalToNumber } from '../../db/columns.js';

@Entity('orders')
/** Covers the features' per-customer aggregate (status and total read from the index alone). */
@Index('ix_orders_customer_totals', ['customerId', 'orderedAt', 'status', 'totalAmount'])
export class OrderEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index('uq_orders_invoice_no', { unique: true })
  @Column({ name: 'invoice_no', type: 'varchar', length: 32 }) invoiceNo: string;
  /** Null for anonymous orders (kept only when the import is told to keep them). */
  @Column({ name: 'customer_id', type: 'integer', nullable: true }) customerId: number | null;
  @Index('ix_orders_ordered_at')
  @Column({ name: 'ordered_at', type: 'datetime' }) orderedAt: Date;
  /** completed, or cancelled (a return: its lines carry negative quantities). */
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) country: string | null;
  @Column({ name: 'total_amount', type: 'decimal', precision: 14, scale: 2, default: 0, transformer: decimalToNumber }) totalAmount: number;
  @Column({ name: 'item_count', type: 'integer', default: 0 }) itemCount: number;
  @Column({ name: 'line_count', type: 'integer', default: 0 }) lineCount: number;
}
