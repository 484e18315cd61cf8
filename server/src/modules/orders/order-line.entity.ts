import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalToNumber } from '../../db/columns.js';

@Entity('order_lines')
@Index('uq_order_lines_natural', ['orderId', 'productId', 'quantity', 'unitPrice'], { unique: true })
export class OrderLineEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'order_id', type: 'integer' }) orderId: number;
  @Index('ix_order_lines_product')
  @Column({ name: 'product_id', type: 'integer' }) productId: number;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ name: 'unit_price', type: 'decimal', precision: 12, scale: 3, transformer: decimalToNumber }) unitPrice: number;
  @Column({ type: 'decimal', precision: 14, scale: 2, transformer: decimalToNumber }) amount: number;
  /** Set by the outlier rule: the line is kept but flagged for review. */
  @Column({ name: 'is_outlier', type: 'boolean', default: false }) isOutlier: boolean;
}
