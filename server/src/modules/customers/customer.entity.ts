import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, type Json } from '../../db/columns.js';

@Entity('customers')
export class CustomerEntity {
  @PrimaryGeneratedColumn() id: number;

  /** The id the customer has in the source system (e.g. Online Retail's CustomerID). */
  @Index('uq_customers_external_id', { unique: true })
  @Column({ name: 'external_id', type: 'varchar', length: 64 }) externalId: string;

  @Column({ type: 'varchar', length: 191, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 191, nullable: true }) name: string | null;
  @Index('ix_customers_country')
  @Column({ type: 'varchar', length: 64, nullable: true }) country: string | null;
  @Column({ type: 'varchar', length: 128, nullable: true }) city: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) gender: string | null;
  @Column({ name: 'birth_date', type: 'date', nullable: true }) birthDate: string | null;
  @Column({ name: 'signup_at', type: 'datetime', nullable: true }) signupAt: Date | null;

  @Column({ name: 'consent_email', type: 'boolean', default: false }) consentEmail: boolean;
  @Column({ name: 'consent_sms', type: 'boolean', default: false }) consentSms: boolean;
  @Column({ name: 'consent_push', type: 'boolean', default: false }) consentPush: boolean;
  @Column({ name: 'opted_out_email', type: 'boolean', default: false }) optedOutEmail: boolean;
  @Column({ name: 'opted_out_sms', type: 'boolean', default: false }) optedOutSms: boolean;
  @Column({ name: 'opted_out_push', type: 'boolean', default: false }) optedOutPush: boolean;

  @Column({ type: 'text', nullable: true, transformer: jsonText }) attributes: Json | null;

  /** Set by eraseCustomer (GDPR): personal fields are gone, the row stays as a tombstone. */
  @Column({ name: 'erased_at', type: 'datetime', nullable: true }) erasedAt: Date | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}
