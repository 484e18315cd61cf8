import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/**
 * One version of a data set's settings. Rows are only ever inserted: the newest version is the
 * record in force, the older ones are its history, and the (data set, version) key makes two
 * concurrent saves of the same version collide instead of one silently overwriting the other.
 */
@Entity('data_set_settings')
export class DataSetSettingsEntity {
  @PrimaryColumn({ name: 'data_set', type: 'varchar', length: 64 }) dataSet: string;
  @PrimaryColumn({ type: 'integer' }) version: number;
  /** Every field (defaults filled in), validated by settings-schema.ts before it is written. */
  @Column({ type: 'text', transformer: jsonText }) settings: Json;
  @Column({ name: 'updated_by', type: 'varchar', length: 64, nullable: true }) updatedBy: string | null;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}
