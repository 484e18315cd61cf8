import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** A saved audience: its definition (see audience-definition.ts) is re-evaluated on demand. */
@Entity('audiences')
@Index('ix_audiences_name', ['name', 'id'])
export class AudienceEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 128 }) name: string;
  /** email | sms | push: the consent the audience requires. */
  @Column({ type: 'varchar', length: 8 }) channel: string;
  @Column({ type: 'text', transformer: jsonText }) definition: Json;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}
