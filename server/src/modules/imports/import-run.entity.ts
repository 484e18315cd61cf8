import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** One import of one file: its report accounts for every row read. */
@Entity('imports')
export class ImportRunEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Column({ name: 'file_name', type: 'varchar', length: 255 }) fileName: string;
  /** Where the worker reads the file (uploads are copied into the data folder first). */
  @Column({ name: 'file_path', type: 'varchar', length: 1024 }) filePath: string;
  @Index('ix_imports_sha256')
  @Column({ name: 'file_sha256', type: 'varchar', length: 64, nullable: true }) fileSha256: string | null;
  @Column({ name: 'file_bytes', type: 'integer', nullable: true }) fileBytes: number | null;
  /** pending | running | succeeded | failed | cancelled */
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) layout: string | null;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) options: Json | null;
  @Column({ name: 'rows_read', type: 'integer', default: 0 }) rowsRead: number;
  @Column({ name: 'rows_imported', type: 'integer', default: 0 }) rowsImported: number;
  @Column({ name: 'rows_skipped', type: 'integer', default: 0 }) rowsSkipped: number;
  @Column({ name: 'rows_rejected', type: 'integer', default: 0 }) rowsRejected: number;
  /** Counts per cleaning rule and other totals (see docs/cleaning.md). */
  @Column({ type: 'text', nullable: true, transformer: jsonText }) report: Json | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  /** Input rows consumed by the last committed batch: a re-run writes only rows after this one. */
  @Column({ name: 'checkpoint_rows', type: 'integer', default: 0 }) checkpointRows: number;
  @Column({ name: 'started_at', type: 'datetime', nullable: true }) startedAt: Date | null;
  @Column({ name: 'job_id', type: 'integer', nullable: true }) jobId: number | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'finished_at', type: 'datetime', nullable: true }) finishedAt: Date | null;
}
