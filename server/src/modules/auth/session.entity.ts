import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A browser session. The cookie holds a random token; only its SHA-256 is stored. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash: string;
  @Index('ix_sessions_user')
  @Column({ name: 'user_id', type: 'integer' }) userId: number;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'last_seen_at', type: 'datetime' }) lastSeenAt: Date;
  @Column({ name: 'expires_at', type: 'datetime' }) expiresAt: Date;
}
