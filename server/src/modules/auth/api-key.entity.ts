import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from '../../db/columns.js';

/** An integration key: shown once at creation, stored as SHA-256 of its secret, revocable, may expire. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 128 }) name: string;
  /** The first characters of the key, to recognise it in lists. */
  @Column({ type: 'varchar', length: 16 }) prefix: string;
  @Index('uq_api_keys_hash', { unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 64 }) keyHash: string;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) scopes: string[] | null;
  @Column({ name: 'created_by', type: 'integer', nullable: true }) createdBy: number | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'last_used_at', type: 'datetime', nullable: true }) lastUsedAt: Date | null;
  @Column({ name: 'revoked_at', type: 'datetime', nullable: true }) revokedAt: Date | null;
  /** After this instant the key no longer works (set by a rotation, or at creation). */
  @Column({ name: 'expires_at', type: 'datetime', nullable: true }) expiresAt: Date | null;
  /** The key this one replaced in a rotation. */
  @Column({ name: 'rotated_from_id', type: 'integer', nullable: true }) rotatedFromId: number | null;
}
