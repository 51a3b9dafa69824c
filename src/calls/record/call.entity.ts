import type { CallLanguage } from '../../drivers/call-language.js';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { CallStatus } from './call-status.js';
import { Driver } from '../../drivers/entities/driver.entity.js';
import type { NotReachedReason } from './not-reached.js';
import type { ViolationDetail } from '../../item-vocabulary/violation-detail.js';

export type CallDirection = 'outbound' | 'inbound';

@Entity({ name: 'calls' })
@Index('IDX_calls_start_time', ['callStartTime', 'id'])
@Index('IDX_calls_driver_start_time', ['driverId', 'callStartTime', 'id'])
@Index('IDX_calls_status_start_time', ['status', 'callStartTime', 'id'])
@Index('IDX_calls_direction_start_time', ['direction', 'callStartTime'])
// Recordings still to fetch, and stored ones by age (retention): small slices of the table.
// A deleted recording keeps its stored_at (and is never fetched again).
@Index('IX_calls_recording_wanted', ['id'], {
  where: 'has_audio AND recording_key IS NULL AND recording_stored_at IS NULL',
})
@Index('IX_calls_recording_stored_at', ['recordingStoredAt'], {
  where: 'recording_key IS NOT NULL',
})
// The follow-up queue's call-level entries: few calls, found without scanning them all.
@Index('IX_calls_person_needed', ['driverId'], { where: 'person_needed' })
export class Call {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  /** Our identifier: `EL_{driverId}_{timestamp}`. */
  @Index('UQ_calls_call_sid', { unique: true })
  @Column({ name: 'call_sid', type: 'varchar', length: 255 })
  callSid!: string;

  /** ElevenLabs' identifier, known once the outbound call was accepted. */
  @Index('UQ_calls_conversation_id', { unique: true })
  @Column({ name: 'conversation_id', type: 'varchar', length: 255, nullable: true })
  conversationId!: string | null;

  /** Twilio's call SID as ElevenLabs reports it (`callSid`); Twilio's callbacks name the call by it. */
  @Index('IDX_calls_twilio_call_sid')
  @Column({ name: 'twilio_call_sid', type: 'varchar', length: 64, nullable: true })
  twilioCallSid!: string | null;

  /** Null only for a call from a number no driver has. */
  @Column({ name: 'driver_id', type: 'varchar', length: 100, nullable: true })
  driverId!: string | null;

  /** `outbound`: we phoned the driver; `inbound`: they (or an unknown number) phoned the agent. */
  @Column({ name: 'direction', type: 'varchar', length: 8, default: 'outbound' })
  direction!: CallDirection;

  /** Who phoned in (E.164), for an inbound call. */
  @Column({ name: 'caller_number', type: 'varchar', length: 20, nullable: true })
  callerNumber!: string | null;

  @ManyToOne(() => Driver, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'driver_id' })
  driver?: Relation<Driver>;

  @Column({ name: 'call_type', type: 'varchar', length: 50 })
  callType!: string;

  @Column({ name: 'trip_id', type: 'varchar', length: 100 })
  tripId!: string;

  @Column({ name: 'violations', type: 'jsonb' })
  violations!: ViolationDetail[];

  @Column({ name: 'custom_rules', type: 'text', nullable: true })
  customRules!: string | null;

  /** The `timestamp` of the request that placed the call, as sent. */
  @Column({ name: 'request_timestamp', type: 'varchar', length: 64 })
  requestTimestamp!: string;

  @Column({ name: 'initiated_by', type: 'varchar', length: 255, nullable: true })
  initiatedBy!: string | null;

  @Column({
    type: 'enum',
    enum: CallStatus,
    enumName: 'call_status',
    default: CallStatus.IN_PROGRESS,
  })
  status!: CallStatus;

  /** Bumped on every status change, so listeners can tell a new change from a repeated one. */
  @Column({ name: 'status_version', type: 'int', default: 0 })
  statusVersion!: number;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'call_start_time', type: 'timestamptz', default: () => 'now()' })
  callStartTime!: Date;

  @Column({ name: 'call_end_time', type: 'timestamptz', nullable: true })
  callEndTime!: Date | null;

  @Column({ name: 'call_duration_seconds', type: 'int', nullable: true })
  callDurationSeconds!: number | null;

  @Column({ name: 'cost', type: 'double precision', nullable: true })
  cost!: number | null;

  @Column({ name: 'transcript_summary', type: 'text', nullable: true })
  transcriptSummary!: string | null;

  @Column({ name: 'call_successful', type: 'boolean', nullable: true })
  callSuccessful!: boolean | null;

  @Column({ name: 'analysis_data', type: 'jsonb', nullable: true })
  analysisData!: Record<string, unknown> | null;

  @Column({ name: 'metadata_json', type: 'jsonb', nullable: true })
  metadataJson!: Record<string, unknown> | null;

  /** ElevenLabs sent a `post_call_audio` webhook; the audio itself is not kept. */
  @Column({ name: 'has_audio', type: 'boolean', default: false })
  hasAudio!: boolean;

  /** Our copy of the recording (RecordingStore key), once fetched; null before or after deletion. */
  @Column({ name: 'recording_key', type: 'varchar', length: 255, nullable: true })
  recordingKey!: string | null;

  @Column({ name: 'recording_bytes', type: 'bigint', nullable: true })
  recordingBytes!: string | null;

  @Column({ name: 'recording_content_type', type: 'varchar', length: 64, nullable: true })
  recordingContentType!: string | null;

  @Column({ name: 'recording_stored_at', type: 'timestamptz', nullable: true })
  recordingStoredAt!: Date | null;

  /** From ElevenLabs' data collection after the call: the driver asked for a person. */
  @Column({ name: 'needs_dispatcher', type: 'boolean', nullable: true })
  needsDispatcher!: boolean | null;

  /** From data collection: the driver asked not to be called again. */
  @Column({ name: 'driver_opt_out', type: 'boolean', nullable: true })
  driverOptOut!: boolean | null;

  /** The language the call was made in (`en`, `es`). */
  @Column({ name: 'language', type: 'varchar', length: 8, default: 'en' })
  language!: CallLanguage;

  /** From data collection: the language the driver spoke. */
  @Column({ name: 'driver_language', type: 'varchar', length: 32, nullable: true })
  driverLanguage!: string | null;

  /** The first message this call sent (who is calling, the recording notice, the safety question). */
  @Column({ name: 'first_message', type: 'text', nullable: true })
  firstMessage!: string | null;

  /** From data collection: the driver could not talk safely or asked to be called later, at this time. */
  @Column({ name: 'call_back_at', type: 'timestamptz', nullable: true })
  callBackAt!: Date | null;

  /** Why the driver was never reached (busy, no answer, voicemail, a failed dial...); null once they were. */
  @Column({ name: 'not_reached', type: 'varchar', length: 16, nullable: true })
  notReached!: NotReachedReason | null;

  /**
   * The driver was put through to a person (the `transfer_to_number` tool): the number, why, when,
   * and whether it connected. Null while the call had no transfer.
   */
  @Column({ name: 'transfer_to', type: 'varchar', length: 32, nullable: true })
  transferTo!: string | null;

  @Column({ name: 'transfer_reason', type: 'text', nullable: true })
  transferReason!: string | null;

  @Column({ name: 'transfer_at', type: 'timestamptz', nullable: true })
  transferAt!: Date | null;

  @Column({ name: 'transfer_succeeded', type: 'boolean', nullable: true })
  transferSucceeded!: boolean | null;

  /** The campaign this call is an attempt of (internal campaign id). */
  /**
   * Kept by a trigger (migration FleetScale): the call may be a call-level follow-up entry (a
   * failed transfer, or a dispatcher asked for) and no later call with the driver completed.
   */
  @Column({
    name: 'person_needed',
    type: 'boolean',
    default: false,
    select: false,
    insert: false,
    update: false,
  })
  personNeeded?: boolean;

  @Index('IDX_calls_campaign')
  @Column({ name: 'campaign_id', type: 'int', nullable: true })
  campaignId!: number | null;

  /** The instance following this call's live source (the monitoring socket), while its lease runs. */
  @Column({ name: 'live_follower', type: 'varchar', length: 64, nullable: true })
  liveFollower!: string | null;

  @Column({ name: 'live_lease_until', type: 'timestamptz', nullable: true })
  liveLeaseUntil!: Date | null;

  /** The last transcript sequence number handed out; the row lock on it orders a call's turns. */
  @Column({ name: 'last_sequence_number', type: 'int', default: 0 })
  lastSequenceNumber!: number;

  /** Attempts of the stuck-call job to settle this call from ElevenLabs, and when it may try next. */
  @Column({ name: 'sync_attempts', type: 'int', default: 0 })
  syncAttempts!: number;

  @Column({ name: 'next_sync_at', type: 'timestamptz', nullable: true })
  nextSyncAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
