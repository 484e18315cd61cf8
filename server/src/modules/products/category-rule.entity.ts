import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('category_rules')
export class CategoryRuleEntity {
  @PrimaryGeneratedColumn() id: number;
  /** keyword (a whole word or phrase, any letter case) or regex (a JavaScript regular expression, case-insensitive). */
  @Column({ name: 'match_kind', type: 'varchar', length: 16 }) matchKind: string;
  @Column({ type: 'varchar', length: 200 }) pattern: string;
  /** `Home > Kitchen`: the product's category becomes the first level, its path the whole. */
  @Column({ name: 'category_path', type: 'varchar', length: 255 }) categoryPath: string;
  /** Higher first; among equals the older rule (lower id) wins. */
  @Column({ type: 'integer', default: 0 }) priority: number;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}
