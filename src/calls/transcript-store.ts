import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../database/sql.js';
import {
  TRANSCRIPT_RENUMBERED,
  TRANSCRIPTION_STORED,
  type TranscriptionStoredEvent,
  type TranscriptRenumberedEvent,
} from '../events/domain-events.js';
import { transcriptionMessage } from './call-messages.js';
import type { CallTranscription, TranscriptSource } from './entities/call-transcription.entity.js';
import { Call } from './entities/call.entity.js';
import type { SpeakerType } from './entities/speaker-type.js';
import { alignTranscripts } from './transcript-alignment.js';
import { TranscriptBatcher } from './transcript-batcher.js';

export interface IncomingTurn {
  speaker: SpeakerType;
  text: string;
  timestamp: Date;
}

type CallIdentity = Pick<Call, 'id' | 'callSid' | 'conversationId'>;

/** What the webhook log keeps of the delivery (written in the same transaction). */
export interface DeliveryLog {
  body: string;
  bodyBytes: number;
  /** The signature's `t`, in seconds. */
  signedAt: number;
}

export type DeliveredTurnOutcome = 'stored' | 'duplicate' | 'claimed' | 'unknown_call';

export type DeliveredTurnResult =
  | { outcome: 'unknown_call' }
  | {
      outcome: Exclude<DeliveredTurnOutcome, 'unknown_call'>;
      call: CallIdentity;
      row: CallTranscription;
    };

export interface MergeResult {
  inserted: CallTranscription[];
  total: number;
  renumbered: boolean;
}

interface TranscriptRow {
  id: number;
  call_id: number;
  sequence_number: number;
  speaker_type: SpeakerType;
  message_text: string;
  timestamp: Date;
  source: TranscriptSource;
  delivery_key: string | null;
  created_at: Date;
}

const RETURNING =
  'id, call_id, sequence_number, speaker_type, message_text, timestamp, source, delivery_key, created_at';

function toEntity(row: TranscriptRow): CallTranscription {
  return {
    id: row.id,
    callId: row.call_id,
    sequenceNumber: row.sequence_number,
    speakerType: row.speaker_type,
    messageText: row.message_text,
    timestamp: new Date(row.timestamp),
    source: row.source,
    deliveryKey: row.delivery_key,
    createdAt: new Date(row.created_at),
  };
}

/** Same speaker, time and words: the same webhook delivered again. */
export function deliveryKey(turn: IncomingTurn): string {
  return createHash('sha256')
    .update(`${turn.speaker}\u0000${turn.timestamp.toISOString()}\u0000${turn.text}`)
    .digest('hex');
}

/**
 * The one write path for transcript rows: webhook turns, the post-call merge and the fetch all
 * come through here. Sequence numbers come from the call row (`last_sequence_number`), whose row
 * lock every writer takes first, so a call's turns are numbered 1..n without gaps or repeats by
 * the database, whichever instance writes. Events go out after commit.
 */
@Injectable()
export class TranscriptStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventEmitter2,
    private readonly batcher: TranscriptBatcher,
  ) {}

  /**
   * Part 2: one turn from a transcription webhook, and the webhook's log row, in one transaction
   * (the `record_transcription` function, batched with concurrent webhooks by
   * {@link TranscriptBatcher}). Redeliveries and turns already stored from the full transcript
   * are recognised; only a new turn is published.
   */
  async recordDeliveredTurn(
    callRef: { callSid?: string; conversationId?: string },
    turn: IncomingTurn,
    log: DeliveryLog,
  ): Promise<DeliveredTurnResult> {
    const row = await this.batcher.submit({
      ref: (callRef.callSid ?? callRef.conversationId)!,
      by_conversation: callRef.callSid === undefined,
      speaker: turn.speaker,
      text: turn.text,
      timestamp: turn.timestamp.toISOString(),
      key: deliveryKey(turn),
      body: log.body,
      bytes: log.bodyBytes,
      signed_at: log.signedAt,
    });
    if (row.r_outcome === 'unknown_call') return { outcome: 'unknown_call' };
    const call = {
      id: row.r_call_id!,
      callSid: row.r_call_sid!,
      conversationId: row.r_conversation_id,
    };
    const stored = toEntity({
      id: row.r_id!,
      call_id: row.r_call_id!,
      sequence_number: row.r_sequence_number!,
      speaker_type: row.r_speaker_type as SpeakerType,
      message_text: row.r_message_text!,
      timestamp: row.r_timestamp!,
      source: row.r_source as TranscriptSource,
      delivery_key: row.r_delivery_key,
      created_at: row.r_created_at!,
    });
    const result: DeliveredTurnResult = { outcome: row.r_outcome, call, row: stored };
    if (result.outcome === 'stored') this.publish(call, [stored]);
    return result;
  }

  /**
   * Merges a complete transcript (post-call webhook or fetch) into the stored one. The caller's
   * transaction must hold the call's row lock (see {@link lockCall}). Missed turns are inserted
   * where they were said; when that is not at the end (or the webhooks arrived out of order), the
   * call's turns are renumbered so the stored order is ElevenLabs' order.
   */
  async merge(
    manager: EntityManager,
    call: CallIdentity,
    incoming: IncomingTurn[],
    source: TranscriptSource,
  ): Promise<MergeResult> {
    const stored = await queryRows<TranscriptRow>(
      manager,
      `SELECT ${RETURNING} FROM call_transcriptions WHERE call_id = $1 ORDER BY sequence_number`,
      [call.id],
    );
    const merged = alignTranscripts(
      stored.map((row) => ({ speaker: row.speaker_type, text: row.message_text, row })),
      incoming.map((turn) => ({ ...turn })),
    );
    const additions = merged.flatMap((entry, index) =>
      entry.kind === 'new' ? [{ position: index + 1, turn: entry.incoming }] : [],
    );
    const renumbered = merged.some(
      (entry, index) => entry.kind === 'stored' && entry.stored.row.sequence_number !== index + 1,
    );
    if (additions.length === 0 && !renumbered)
      return { inserted: [], total: stored.length, renumbered: false };
    if (renumbered) {
      const moves = merged.flatMap((entry, index) =>
        entry.kind === 'stored' && entry.stored.row.sequence_number !== index + 1
          ? [[entry.stored.row.id, index + 1]]
          : [],
      );
      // Two steps so the unique (call, sequence) index never sees two rows on one number.
      await manager.query(
        'UPDATE call_transcriptions SET sequence_number = -sequence_number WHERE call_id = $1 AND id = ANY($2::int[])',
        [call.id, moves.map(([id]) => id)],
      );
      await manager.query(
        `UPDATE call_transcriptions AS t SET sequence_number = m.position
           FROM unnest($2::int[], $3::int[]) AS m(id, position) WHERE t.call_id = $1 AND t.id = m.id`,
        [call.id, moves.map(([id]) => id), moves.map(([, position]) => position)],
      );
    }
    const inserted =
      additions.length === 0
        ? []
        : await queryRows<TranscriptRow>(
            manager,
            `INSERT INTO call_transcriptions (call_id, sequence_number, speaker_type, message_text, timestamp, source)
       SELECT $1, t.position, t.speaker::speaker_type, t.text, t.ts, $6
         FROM unnest($2::int[], $3::text[], $4::text[], $5::timestamptz[]) AS t(position, speaker, text, ts)
       RETURNING ${RETURNING}`,
            [
              call.id,
              additions.map((a) => a.position),
              additions.map((a) => a.turn.speaker),
              additions.map((a) => a.turn.text),
              additions.map((a) => a.turn.timestamp.toISOString()),
              source,
            ],
          );
    await manager.query('UPDATE calls SET last_sequence_number = $2 WHERE id = $1', [
      call.id,
      merged.length,
    ]);
    return {
      inserted: inserted.map(toEntity).sort((x, y) => x.sequenceNumber - y.sequenceNumber),
      total: merged.length,
      renumbered,
    };
  }

  /** After the merge's transaction committed. */
  publishMerge(call: CallIdentity, result: MergeResult): void {
    if (result.renumbered) {
      const event: TranscriptRenumberedEvent = { callId: call.id };
      this.events.emit(TRANSCRIPT_RENUMBERED, event);
    }
    this.publish(call, result.inserted);
  }

  private publish(call: CallIdentity, rows: CallTranscription[]): void {
    for (const row of rows) {
      const event: TranscriptionStoredEvent = {
        callId: call.id,
        message: transcriptionMessage(call, row),
      };
      this.events.emit(TRANSCRIPTION_STORED, event);
    }
  }
}

/** Takes the call's row lock for the rest of the transaction: every transcript writer starts here. */
export async function lockCall(
  manager: EntityManager,
  ref: { callSid?: string; conversationId?: string; id?: number },
): Promise<Call | null> {
  const query = manager.getRepository(Call).createQueryBuilder('call').setLock('pessimistic_write');
  if (ref.id !== undefined) query.where('call.id = :id', { id: ref.id });
  else if (ref.callSid !== undefined) {
    query.where('call.call_sid = :ref OR call.conversation_id = :ref', { ref: ref.callSid });
  } else if (ref.conversationId !== undefined) {
    query.where('call.conversation_id = :ref', { ref: ref.conversationId });
  } else return null;
  return query.getOne();
}
