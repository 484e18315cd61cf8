import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalToNumber } from '../../db/columns.js';

/** Keyed by its natural key: two lines with the same order, product, quantity and price are one line. */
@Entity('order_lines')
export class OrderLineEntity {
  @PrimaryColumn({ name: 'order_id', type: 'integer' }) orderId: number;
  @PrimaryColumn({ name: 'product_id', type: 'integer' }) productId: number;
  @PrimaryColumn({ type: 'integer' }) quantity: number;
  @PrimaryColumn({ name: 'unit_price', type: 'decimal', precision: 12, scale: 3, transformer: decimalToNumber }) unitPrice: number;
  @Column({ type: 'decimal', precision: 14, scale: 2, transformer: decimalToNumber }) amount: number;
  /** Set by the outlier rule: the line is kept but flagged for review. */
  @Column({ name: 'is_outlier', type: 'boolean', default: false }) isOutlier: boolean;
  /** Reading order: the line of the import file that wrote it. */
  @Column({ type: 'integer', nullable: true }) position: number | null;

  /** A stable identifier for clients (GraphQL `OrderLine.id`): the natural key. */
  get id(): string {
    return `${this.orderId}-${this.productId}-${this.quantity}-${this.unitPrice}`;
  }
}
