import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Call } from '../record/call.entity.js';
import { SpeakerType } from './speaker-type.js';

/** Where a stored turn came from: a live source, or ElevenLabs' full transcript after the call. */
export type LiveTurnSource = 'webhook' | 'monitor' | 'twilio';
export type TranscriptSource = LiveTurnSource | 'post_call' | 'fetch';

@Entity({ name: 'call_transcriptions' })
@Index('UQ_call_transcriptions_call_sequence', ['callId', 'sequenceNumber'], { unique: true })
@Index('UQ_call_transcriptions_call_delivery', ['callId', 'deliveryKey'], { unique: true })
// Turns without a delivery key (stored from the full transcript): the live path's "same turn" check.
@Index('IDX_call_transcriptions_unkeyed', ['callId'], { where: 'delivery_key IS NULL' })
export class CallTranscription {
  /** `transcription_id` on the wire. */
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ name: 'call_id', type: 'int' })
  callId!: number;

  @ManyToOne(() => Call, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<Call>;

  /** 1-based position in the conversation, gapless per call. */
  @Column({ name: 'sequence_number', type: 'int' })
  sequenceNumber!: number;

  @Column({ name: 'speaker_type', type: 'enum', enum: SpeakerType, enumName: 'speaker_type' })
  speakerType!: SpeakerType;

  @Column({ name: 'message_text', type: 'text' })
  messageText!: string;

  @Column({ name: 'timestamp', type: 'timestamptz' })
  timestamp!: Date;

  @Column({ name: 'source', type: 'varchar', length: 16 })
  source!: TranscriptSource;

  /**
   * Identifies the transcription webhook that delivered this turn (speaker, timestamp, text),
   * so a redelivery is recognised; null for turns only known from ElevenLabs' full transcript.
   */
  @Column({ name: 'delivery_key', type: 'varchar', length: 64, nullable: true })
  deliveryKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
