import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Call } from '../../calls/record/call.entity.js';

export type WebhookOutcome =
  'stored' | 'duplicate' | 'claimed' | 'applied' | 'unchanged' | 'unknown_call' | 'ignored';

/** Every authentic webhook as it arrived, written in the same transaction as its effects. */
@Entity({ name: 'webhook_events' })
@Index('IDX_webhook_events_received_at', ['receivedAt'])
@Index('IDX_webhook_events_call', ['callId'])
export class WebhookEvent {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  /** `transcription`, or the post-call envelope's `type`. */
  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  /** The body as received; for `post_call_audio` the audio is replaced by its size. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'body_bytes', type: 'int' })
  bodyBytes!: number;

  /** `t` of the signature header. */
  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ name: 'call_id', type: 'int', nullable: true })
  callId!: number | null;

  @ManyToOne(() => Call, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<Call>;

  @Column({ type: 'varchar', length: 32 })
  outcome!: WebhookOutcome;
}
