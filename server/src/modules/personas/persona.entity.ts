import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

/** A segment as product managers read it: a name, a description and suggested plays. */
@Entity('personas')
export class PersonaEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index('uq_personas_segment', { unique: true })
  @Column({ name: 'segment_id', type: 'integer' }) segmentId: number;
  @Column({ type: 'varchar', length: 128 }) name: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) plays: Json | null;
  /** The RFM group the segment's centroid reads as (Champions, At Risk, ...). */
  @Column({ name: 'rfm_vocabulary', type: 'varchar', length: 32 }) rfmVocabulary: string;
  /** True once a person has edited it (automatic names never overwrite an edit). */
  @Column({ type: 'boolean', default: false }) edited: boolean;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'updated_by', type: 'varchar', length: 64, nullable: true }) updatedBy: string | null;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
  /** drafted (a data set's first run, or before matching) | carried (kept from the live run's matched segment) | new (no live segment matched). */
  @Column({ type: 'varchar', length: 16, default: 'drafted' }) origin: string;
  /** The live run's persona this one was carried over from. */
  @Column({ name: 'carried_from_persona_id', type: 'integer', nullable: true }) carriedFromPersonaId: number | null;
  /** That persona's version when carried: an edit here after it (a higher version) is not overwritten by a later carry-over. */
  @Column({ name: 'carried_version', type: 'integer', nullable: true }) carriedVersion: number | null;
}

/** Every version of a persona, the automatic first one included. */
@Entity('persona_edits')
@Index('ix_persona_edits_persona', ['personaId', 'version'])
export class PersonaEditEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'persona_id', type: 'integer' }) personaId: number;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'varchar', length: 128 }) name: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) plays: Json | null;
  @Column({ name: 'edited_by', type: 'varchar', length: 64, nullable: true }) editedBy: string | null;
  @Column({ name: 'edited_at', type: 'datetime' }) editedAt: Date;
}
