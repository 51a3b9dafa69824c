import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Call } from '../record/call.entity.js';
import type { ItemOutcome, ItemOutcomeSource } from '../../item-vocabulary/item-outcomes.js';

/** One violation or reminder of a call (numbered 1..n as the prompt shows it) and its outcome. */
@Entity({ name: 'call_items' })
@Index('UQ_call_items_call_item', ['callId', 'item'], { unique: true })
@Index('IDX_call_items_outcome', ['outcome'])
// The follow-up queue, newest first: open items only.
@Index('IX_call_items_queue', ['queueSince', 'id'], {
  where:
    "superseded_by_call_id IS NULL AND (outcome IS NULL OR outcome NOT IN ('resolved', 'acknowledged'))",
})
export class CallItem {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ name: 'call_id', type: 'int' })
  callId!: number;

  @ManyToOne(() => Call, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<Call>;

  /** 1..n: violations first, then reminders, each in request order. */
  @Column({ name: 'item', type: 'smallint' })
  item!: number;

  @Column({ name: 'type', type: 'varchar', length: 16 })
  type!: 'violation' | 'reminder';

  @Column({ name: 'description', type: 'text' })
  description!: string;

  @Column({ name: 'outcome', type: 'varchar', length: 16, nullable: true })
  outcome!: ItemOutcome | null;

  @Column({ name: 'eta_minutes', type: 'int', nullable: true })
  etaMinutes!: number | null;

  @Column({ name: 'driver_note', type: 'text', nullable: true })
  driverNote!: string | null;

  @Column({ name: 'source', type: 'varchar', length: 16, nullable: true })
  source!: ItemOutcomeSource | null;

  /** When the outcome was last set (an ETA counts from here). */
  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;

  /** `agent`, `elevenlabs`, or the dispatcher's user id. */
  @Column({ name: 'updated_by', type: 'varchar', length: 255, nullable: true })
  updatedBy!: string | null;

  /** The follow-up call that took this item over (it then leaves the queue). */
  /** When the item started to need a dispatcher, kept by triggers (migration FleetScale). */
  @Column({
    name: 'queue_since',
    type: 'timestamptz',
    nullable: true,
    select: false,
    insert: false,
    update: false,
  })
  queueSince?: Date | null;

  @Index('IDX_call_items_superseded_by')
  @Column({ name: 'superseded_by_call_id', type: 'int', nullable: true })
  supersededByCallId!: number | null;
}
