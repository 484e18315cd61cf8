import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** One computation of every customer's features as of a date, with the definitions used. */
@Entity('feature_snapshots')
export class FeatureSnapshotEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index('ix_feature_snapshots_as_of')
  @Column({ name: 'as_of', type: 'datetime' }) asOf: Date;
  @Column({ name: 'definition_version', type: 'varchar', length: 16 }) definitionVersion: string;
  @Column({ type: 'text', transformer: jsonText }) definitions: Json;
  @Column({ name: 'customer_count', type: 'integer', default: 0 }) customerCount: number;
  /** RFM group sizes and base-wide means, for personas and the dashboard. */
  @Column({ type: 'text', nullable: true, transformer: jsonText }) summary: Json | null;
  @Column({ name: 'job_id', type: 'integer', nullable: true }) jobId: number | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}
