import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserRole } from './user-role.js';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  /** Stored lowercased. */
  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  /** `scrypt$N$r$p$salt$hash`, see password-hasher.ts. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role', default: UserRole.DISPATCHER })
  role!: UserRole;

  /** A disabled user cannot sign in, and every token issued to them is refused. */
  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /**
   * Tokens issued (iat) before this instant are refused: set when the user is disabled or changes
   * their password, so re-enabling needs a new login. Always a whole second.
   */
  @Column({ name: 'tokens_valid_after', type: 'timestamptz', nullable: true })
  tokensValidAfter!: Date | null;

  /** Where a call is transferred to them (E.164); null: they take no transfers. */
  @Column({ name: 'phone_number', type: 'varchar', length: 20, nullable: true })
  phoneNumber!: string | null;

  /** When they went on duty; it lapses after ON_DUTY_HOURS. Null: off duty. */
  @Column({ name: 'on_duty_since', type: 'timestamptz', nullable: true })
  onDutySince!: Date | null;

  /** The languages they take calls in (`en`, `es`). */
  @Column({ name: 'languages', type: 'text', array: true, default: () => "'{en}'" })
  languages!: string[];

  /** The last call transferred to them: transfers go to whoever waited longest. */
  @Column({ name: 'last_transfer_at', type: 'timestamptz', nullable: true })
  lastTransferAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
