import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('products')
export class ProductEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index('uq_products_stock_code', { unique: true })
  @Column({ name: 'stock_code', type: 'varchar', length: 32 }) stockCode: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) description: string | null;
  @Index('ix_products_category')
  @Column({ type: 'varchar', length: 64, nullable: true }) category: string | null;
  /** False for postage, fees, manual adjustments and other non-merchandise codes. */
  @Column({ name: 'is_merchandise', type: 'boolean', default: true }) isMerchandise: boolean;
}
