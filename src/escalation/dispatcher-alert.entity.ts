import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Call } from '../calls/record/call.entity.js';

/** Why every on-duty dispatcher is alerted at once. */
export const DISPATCHER_ALERT_KINDS = ['emergency_transfer_failed'] as const;
export type DispatcherAlertKind = (typeof DISPATCHER_ALERT_KINDS)[number];

/**
 * Something the whole team must see now (an emergency transfer that failed): shown in the
 * console until someone acknowledges it. One per call and kind, however often the platform
 * repeats the post-call data.
 */
@Entity({ name: 'dispatcher_alerts' })
@Index('UQ_dispatcher_alerts_call_kind', ['callId', 'kind'], { unique: true })
@Index('IX_dispatcher_alerts_open', ['acknowledgedAt', 'createdAt'])
export class DispatcherAlert {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ name: 'call_id', type: 'int' })
  callId!: number;

  @ManyToOne(() => Call, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<Call>;

  @Column({ type: 'varchar', length: 32 })
  kind!: DispatcherAlertKind;

  /** What the driver reported, as the agent gave it when it tried to transfer. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  /** Who acknowledged it (the user's email or token subject). */
  @Column({ name: 'acknowledged_by', type: 'varchar', length: 320, nullable: true })
  acknowledgedBy!: string | null;
}
