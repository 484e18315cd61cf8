import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('products')
export class ProductEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index('uq_products_stock_code', { unique: true })
  @Column({ name: 'stock_code', type: 'varchar', length: 32 }) stockCode: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) description: string | null;
  @Index('ix_products_category')
  @Column({ type: 'varchar', length: 64, nullable: true }) category: string | null;
  /** The whole path from a catalogue file (`Home > Kitchen > Mugs`); `category` holds its first level. */
  @Column({ name: 'category_path', type: 'varchar', length: 255, nullable: true }) categoryPath: string | null;
  /** catalogue (a products import), rule (a categorisation rule) or null: rules never replace a catalogue's category. */
  @Column({ name: 'category_source', type: 'varchar', length: 16, nullable: true }) categorySource: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) brand: string | null;
  /** List price from the catalogue (DECIMAL(12,3), read back as a string). */
  @Column({ type: 'decimal', precision: 12, scale: 3, nullable: true }) price: string | null;
  /** False once the catalogue says the product is no longer sold. */
  @Column({ type: 'boolean', default: true }) active: boolean;
  /** False for postage, fees, manual adjustments and other non-merchandise codes. */
  @Column({ name: 'is_merchandise', type: 'boolean', default: true }) isMerchandise: boolean;
}
