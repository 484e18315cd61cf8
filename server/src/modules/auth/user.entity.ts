import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 191 }) email: string;
  @Column({ type: 'varchar', length: 191 }) name: string;
  @Column({ type: 'varchar', length: 16 }) role: string;
  /** scrypt$N$r$p$salt$hash (see password.ts). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 }) passwordHash: string;
  @Column({ type: 'boolean', default: false }) disabled: boolean;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}
