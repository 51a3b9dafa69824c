import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Transaction } from '../../database/transaction.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import {
  TRANSCRIPT_RENUMBERED,
  TRANSCRIPTION_CORRECTED,
  TRANSCRIPTION_STORED,
} from '../../events/domain-events.js';
import { EventBus } from '../../events/event-bus.js';
import { transcriptionCorrected, transcriptionStored } from '../messages/call-events.js';
import { CallsRepository } from '../record/calls.repository.js';
import type {
  CallTranscription,
  LiveTurnSource,
  TranscriptSource,
} from './call-transcription.entity.js';
import type { Call } from '../record/call.entity.js';
import type { SpeakerType } from './speaker-type.js';
import { alignTranscripts } from './transcript-alignment.js';
import { TranscriptRepository, turnOfRecordedRow } from './transcript.repository.js';

export interface IncomingTurn {
  speaker: SpeakerType;
  text: string;
  timestamp: Date;
}

type CallIdentity = Pick<Call, 'id' | 'callSid' | 'conversationId'>;

/** How a live turn arrived, and what the event log keeps of it (written in the same transaction). */
export interface LiveDelivery {
  source: LiveTurnSource;
  /** Names the delivery: the same key again is a redelivery. Default: speaker, time and words. */
  key?: string;
  /** The event log's type: `transcription`, `monitor:user_transcript`, `twilio:transcription-content`. */
  logType: string;
  body: string;
  bodyBytes: number;
  /** When it was sent (a webhook signature's `t`) or received, in seconds. */
  signedAt: number;
}

export type DeliveredTurnResult =
  | { outcome: 'unknown_call' }
  | { outcome: 'stored' | 'duplicate' | 'claimed'; call: CallIdentity; row: CallTranscription };

export interface MergeResult {
  inserted: CallTranscription[];
  /** Live turns whose words ElevenLabs' transcript changed. */
  reworded: CallTranscription[];
  total: number;
  renumbered: boolean;
}

/** How every source's words are stored: trimmed (the database's `turn_key` folds the rest). */
export function cleanTurnText(text: string): string {
  return text.trim();
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
    private readonly transcripts: TranscriptRepository,
    private readonly calls: CallsRepository,
    private readonly transactions: TransactionRunner,
    private readonly events: EventBus,
  ) {}

  /**
   * One turn of a live call from any live source (Part 2 webhook, monitoring socket, Twilio), and
   * its log row, in one transaction (group-committed with concurrent deliveries). Redeliveries
   * and turns already stored from the full transcript are recognised; only a new turn is
   * published.
   */
  async recordLiveTurn(
    callRef: { callSid: string } | { conversationId: string },
    incoming: IncomingTurn,
    delivery: LiveDelivery,
  ): Promise<DeliveredTurnResult> {
    const turn = { ...incoming, text: cleanTurnText(incoming.text) };
    const row = await this.transcripts.recordDelivered({
      ref: 'callSid' in callRef ? callRef.callSid : callRef.conversationId,
      by_conversation: !('callSid' in callRef),
      speaker: turn.speaker,
      text: turn.text,
      timestamp: turn.timestamp.toISOString(),
      key: delivery.key ?? deliveryKey(turn),
      source: delivery.source,
      log_type: delivery.logType,
      body: delivery.body,
      bytes: delivery.bodyBytes,
      signed_at: delivery.signedAt,
    });
    const stored = turnOfRecordedRow(row);
    if (row.r_outcome === 'unknown_call' || !stored) return { outcome: 'unknown_call' };
    const call = {
      id: row.r_call_id!,
      callSid: row.r_call_sid!,
      conversationId: row.r_conversation_id,
    };
    if (row.r_outcome === 'stored')
      this.events.emit(TRANSCRIPTION_STORED, transcriptionStored(call, stored));
    return { outcome: row.r_outcome, call, row: stored };
  }

  /**
   * The words of a turn stored from a live source changed (the agent was interrupted: the
   * monitoring socket's correction). Null when no turn has that delivery key.
   */
  async correctLiveTurn(
    ref: { conversationId: string },
    key: string,
    text: string,
  ): Promise<CallTranscription | null> {
    const corrected = await this.transactions.run(async (tx) => {
      const call = await this.calls.lockForConversation(tx, ref);
      if (!call) return null;
      const turn = await this.transcripts.findByDeliveryKey(tx, call.id, key);
      if (!turn) return null;
      const [row] = await this.transcripts.updateTexts(tx, [
        { id: turn.id, text: cleanTurnText(text) },
      ]);
      return row ? { call, row } : null;
    });
    if (!corrected) return null;
    this.events.emit(
      TRANSCRIPTION_CORRECTED,
      transcriptionCorrected(corrected.call, corrected.row),
    );
    return corrected.row;
  }

  /**
   * Merges a complete transcript (post-call webhook or fetch) into the stored one. The caller's
   * transaction must hold the call's row lock. Missed turns are inserted where they were said;
   * when that is not at the end (or the turns arrived out of order), the call's turns are
   * renumbered so the stored order is ElevenLabs' order. The caller stores `total` as the call's
   * last sequence number.
   */
  async merge(
    tx: Transaction,
    call: CallIdentity,
    incoming: IncomingTurn[],
    source: TranscriptSource,
  ): Promise<MergeResult> {
    const turns = incoming.map((turn) => ({ ...turn, text: cleanTurnText(turn.text) }));
    const stored = await this.transcripts.keyedTurnsOf(tx, call.id);
    const keys = await this.transcripts.keysOf(tx, turns);
    const merged = alignTranscripts(
      stored,
      turns.map((turn, index) => ({ ...turn, key: keys[index]! })),
    );
    const moves = merged.flatMap((entry, index): [number, number][] =>
      entry.kind === 'stored' && entry.stored.row.sequenceNumber !== index + 1
        ? [[entry.stored.row.id, index + 1]]
        : [],
    );
    await this.transcripts.renumber(tx, call.id, moves);
    const reworded = await this.transcripts.updateTexts(
      tx,
      merged.flatMap((entry) =>
        entry.kind === 'stored' && entry.reworded && entry.incoming
          ? [{ id: entry.stored.row.id, text: entry.incoming.text }]
          : [],
      ),
    );
    const inserted = await this.transcripts.insert(
      tx,
      call.id,
      merged.flatMap((entry, index) =>
        entry.kind === 'new' ? [{ ...entry.incoming, position: index + 1 }] : [],
      ),
      source,
    );
    return { inserted, reworded, total: merged.length, renumbered: moves.length > 0 };
  }

  /** After the merge's transaction committed. */
  publishMerge(call: CallIdentity, result: MergeResult): void {
    if (result.renumbered) this.events.emit(TRANSCRIPT_RENUMBERED, { callId: call.id });
    for (const row of result.inserted)
      this.events.emit(TRANSCRIPTION_STORED, transcriptionStored(call, row));
    for (const row of result.reworded)
      this.events.emit(TRANSCRIPTION_CORRECTED, transcriptionCorrected(call, row));
  }
}
