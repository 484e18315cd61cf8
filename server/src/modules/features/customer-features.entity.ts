import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** A customer's features in one snapshot. Money in the data's currency; durations in days. Primary key only (migration 1764100017000). */
@Entity('customer_features')
export class CustomerFeaturesEntity {
  @PrimaryColumn({ name: 'snapshot_id', type: 'integer' }) snapshotId: number;
  @PrimaryColumn({ name: 'customer_id', type: 'integer' }) customerId: number;
  @Column({ name: 'recency_days', type: 'integer' }) recencyDays: number;
  @Column({ type: 'integer' }) frequency: number;
  @Column({ type: 'double' }) monetary: number;
  @Column({ name: 'r_score', type: 'integer' }) rScore: number;
  @Column({ name: 'f_score', type: 'integer' }) fScore: number;
  @Column({ name: 'm_score', type: 'integer' }) mScore: number;
  @Column({ name: 'rfm_group', type: 'varchar', length: 32 }) rfmGroup: string;
  @Column({ name: 'avg_order_value', type: 'double', nullable: true }) avgOrderValue: number | null;
  @Column({ name: 'tenure_days', type: 'integer' }) tenureDays: number;
  @Column({ name: 'mean_days_between_orders', type: 'double', nullable: true }) meanDaysBetweenOrders: number | null;
  @Column({ name: 'return_rate', type: 'double', nullable: true }) returnRate: number | null;
  @Column({ name: 'clv_historic', type: 'double', nullable: true }) clvHistoric: number | null;
  @Column({ name: 'return_count', type: 'integer', default: 0 }) returnCount: number;
  @Column({ name: 'top_category', type: 'varchar', length: 64, nullable: true }) topCategory: string | null;
  @Column({ name: 'category_shares', type: 'text', nullable: true, transformer: jsonText }) categoryShares: Json | null;
  @Column({ type: 'integer', default: 0 }) sessions: number;
  @Column({ name: 'product_views', type: 'integer', default: 0 }) productViews: number;
  @Column({ name: 'cart_adds', type: 'integer', default: 0 }) cartAdds: number;
  @Column({ name: 'view_to_purchase_rate', type: 'double', nullable: true }) viewToPurchaseRate: number | null;
  @Column({ name: 'age_band', type: 'varchar', length: 16, nullable: true }) ageBand: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) country: string | null;
  @Column({ name: 'first_order_at', type: 'datetime' }) firstOrderAt: Date;
  @Column({ name: 'last_order_at', type: 'datetime' }) lastOrderAt: Date;
}
