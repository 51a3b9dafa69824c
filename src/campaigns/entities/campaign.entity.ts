import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type CampaignStatus = 'running' | 'paused' | 'completed' | 'cancelled';

/** A list of drivers called about the same kind of thing, inside their calling hours. */
@Entity({ name: 'campaigns' })
@Index('IDX_campaigns_created', ['createdAt', 'id'])
@Index('IDX_campaigns_status', ['status'])
export class Campaign {
  /** Internal: keyset paging. */
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  /** `cmp_` + 32 hex digits: the id clients see (and subscribe with). */
  @Column({ name: 'campaign_id', type: 'varchar', length: 40, unique: true })
  campaignId!: string;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'call_type', type: 'varchar', length: 50 })
  callType!: string;

  /** IANA zone for drivers without their own. */
  @Column({ name: 'timezone', type: 'varchar', length: 64 })
  timezone!: string;

  /** Driver-local `HH:MM`; a start after the end is a window across midnight. */
  @Column({ name: 'window_start', type: 'varchar', length: 5 })
  windowStart!: string;

  @Column({ name: 'window_end', type: 'varchar', length: 5 })
  windowEnd!: string;

  @Column({ name: 'concurrency', type: 'int' })
  concurrency!: number;

  @Column({ name: 'max_attempts', type: 'int' })
  maxAttempts!: number;

  @Column({ name: 'retry_delay_seconds', type: 'int' })
  retryDelaySeconds!: number;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: CampaignStatus;

  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
