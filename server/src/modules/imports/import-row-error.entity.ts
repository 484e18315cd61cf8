import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A rejected or skipped input row: line number (1 = header), column and reason. */
@Entity('import_row_issues')
@Index('ix_import_row_issues_import_line', ['importId', 'line'])
export class ImportRowIssueEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'import_id', type: 'integer' }) importId: number;
  @Column({ type: 'integer' }) line: number;
  @Column({ name: 'column_name', type: 'varchar', length: 64, nullable: true }) column: string | null;
  /** rejected (bad value) or skipped (a cleaning rule). */
  @Column({ type: 'varchar', length: 16 }) severity: string;
  @Column({ type: 'varchar', length: 48 }) rule: string;
  @Column({ type: 'varchar', length: 255 }) reason: string;
}
