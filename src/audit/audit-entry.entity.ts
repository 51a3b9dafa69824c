import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One security- or money-relevant act: who, when, what, on what. Never a secret. */
@Entity({ name: 'audit_entries' })
@Index('IX_audit_entries_at', ['at', 'id'])
@Index('IX_audit_entries_actor_at', ['actor', 'at'])
@Index('IX_audit_entries_action_at', ['action', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /** Millisecond precision, so the keyset cursor names a row exactly. */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at!: Date;

  /** The user's email, another service's token subject, or `system`. */
  @Column({ type: 'varchar', length: 320 })
  actor!: string;

  /** The token subject (a user's id) when a signed-in principal acted. */
  @Column({ name: 'actor_id', type: 'varchar', length: 200, nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  role!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  target!: string | null;

  @Column({ type: 'jsonb' })
  detail!: Record<string, unknown>;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp!: string | null;
}
