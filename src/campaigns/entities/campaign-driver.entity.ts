import type { CallLanguage } from '../../drivers/call-language.js';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { ViolationDetail } from '../../item-vocabulary/violation-detail.js';
import { Campaign } from './campaign.entity.js';

export type CampaignDriverState =
  'pending' | 'in_progress' | 'completed' | 'failed' | 'skipped' | 'cancelled';

/** What Part 1 needs to call the driver, as the campaign was given it (phone number in E.164). */
export interface CampaignDriverData {
  driverName: string;
  phoneNumber: string;
  customRules: string | null;
  tripId: string;
  violationDetails: ViolationDetail[];
  /** Chosen by a person for this campaign; absent: the driver's language on record. */
  language?: CallLanguage;
}

/** One driver of a campaign and how far calling them has got. */
@Entity({ name: 'campaign_drivers' })
@Index('IDX_campaign_drivers_due', ['campaignId', 'state', 'nextAttemptAt'])
@Index('IDX_campaign_drivers_state', ['state'])
export class CampaignDriver {
  @PrimaryColumn({ name: 'campaign_id', type: 'int' })
  campaignId!: number;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<Campaign>;

  @PrimaryColumn({ name: 'driver_id', type: 'varchar', length: 100 })
  driverId!: string;

  /** Order in the request. */
  @Column({ name: 'position', type: 'int' })
  position!: number;

  @Column({ name: 'driver', type: 'jsonb' })
  driver!: CampaignDriverData;

  @Column({ name: 'timezone', type: 'varchar', length: 64 })
  timezone!: string;

  @Column({ name: 'state', type: 'varchar', length: 16 })
  state!: CampaignDriverState;

  /** Dial attempts so far (a refusal for the platform's concurrency limit is not one). */
  @Column({ name: 'attempts', type: 'int', default: 0 })
  attempts!: number;

  /** Every attempt's call_sid, oldest first; the last is the current attempt's. */
  @Column({ name: 'call_sids', type: 'jsonb', default: () => "'[]'" })
  callSids!: string[];

  /** When a pending driver may be dialled next (null: now). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'skip_reason', type: 'varchar', length: 32, nullable: true })
  skipReason!: string | null;

  @Column({ name: 'last_failure', type: 'text', nullable: true })
  lastFailure!: string | null;

  /** How a completed driver was reached, when not by the campaign's own call (a callback). */
  @Column({ name: 'completion_note', type: 'varchar', length: 200, nullable: true })
  completionNote!: string | null;

  /** Why a pending driver waits for next_attempt_at (quiet hours, the window, a call-back asked for). */
  @Column({ name: 'waiting_reason', type: 'varchar', length: 200, nullable: true })
  waitingReason!: string | null;

  /** When the current attempt was asked for: its identity (its call_sid is made from it). */
  @Column({ name: 'attempt_requested_at', type: 'varchar', length: 64, nullable: true })
  attemptRequestedAt!: string | null;

  /** When the current attempt was claimed for dialling. */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
