import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** Who did what, when and from where: one row per mutation, including refused ones. */
@Entity('audit_log')
@Index('ix_audit_log_created_at', ['createdAt'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn() id: number;
  /** user:<id>, apikey:<id>, cli or anonymous */
  @Column({ type: 'varchar', length: 64 }) actor: string;
  @Column({ type: 'varchar', length: 64 }) action: string;
  /** Arguments with personal and secret values redacted. */
  @Column({ type: 'text', nullable: true, transformer: jsonText }) details: Json | null;
  @Column({ type: 'varchar', length: 16 }) outcome: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true }) requestId: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}
