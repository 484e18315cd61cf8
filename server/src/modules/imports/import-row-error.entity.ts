import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A rejected or skipped input row: line number (1 = header), column and reason. A row meets at most one rule. */
@Entity('import_row_issues')
export class ImportRowIssueEntity {
  @PrimaryColumn({ name: 'import_id', type: 'integer' }) importId: number;
  @PrimaryColumn({ type: 'integer' }) line: number;
  @PrimaryColumn({ type: 'varchar', length: 48 }) rule: string;
  @Column({ name: 'column_name', type: 'varchar', length: 64, nullable: true }) column: string | null;
  /** rejected (bad value) or skipped (a cleaning rule). */
  @Column({ type: 'varchar', length: 16 }) severity: string;
  @Column({ type: 'varchar', length: 255 }) reason: string;
}
