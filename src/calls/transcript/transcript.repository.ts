import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hotPathQuery } from '../../database/hot-path-pool.js';
import { queryRows } from '../../database/sql.js';
import type { Transaction } from '../../database/transaction.js';
import { CallTranscription, type TranscriptSource } from './call-transcription.entity.js';
import type { SpeakerType } from './speaker-type.js';
import { TranscriptBatcher } from './transcript-batcher.js';
import {
  type BatchItem,
  RECORD_TRANSCRIPTIONS,
  type RecordTranscriptionRow,
} from './transcript-sql.js';

/** A stored turn with the database's `turn_key` (see the TurnKey migration). */
export interface KeyedTurn {
  row: CallTranscription;
  key: string;
}

export interface NewTurn {
  position: number;
  speaker: SpeakerType;
  text: string;
  timestamp: Date;
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

const COLUMNS =
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

/** The stored turn a `record_transcription` row describes (null for an unknown call). */
export function turnOfRecordedRow(row: RecordTranscriptionRow): CallTranscription | null {
  if (row.r_id === null) return null;
  return toEntity({
    id: row.r_id,
    call_id: row.r_call_id!,
    sequence_number: row.r_sequence_number!,
    speaker_type: row.r_speaker_type as SpeakerType,
    message_text: row.r_message_text!,
    timestamp: row.r_timestamp!,
    source: row.r_source as TranscriptSource,
    delivery_key: row.r_delivery_key,
    created_at: row.r_created_at!,
  });
}

/** Every query on `call_transcriptions`. Writers hold the call's row lock (CallsRepository). */
@Injectable()
export class TranscriptRepository {
  /** The webhook hot path: `record_transcriptions` for every webhook that arrived together. */
  private readonly batcher = new TranscriptBatcher<BatchItem, RecordTranscriptionRow>(
    async (items) => {
      const rows = await hotPathQuery<RecordTranscriptionRow & { r_index: number }>(
        this.dataSource,
        'record_transcriptions',
        RECORD_TRANSCRIPTIONS,
        [JSON.stringify(items)],
      );
      const byIndex: RecordTranscriptionRow[] = [];
      for (const row of rows) byIndex[row.r_index] = row;
      return byIndex;
    },
  );

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One delivered turn and its webhook log row, group-committed with concurrent deliveries. */
  recordDelivered(item: BatchItem): Promise<RecordTranscriptionRow> {
    return this.batcher.submit(item);
  }

  async keyedTurnsOf(tx: Transaction, callId: number): Promise<KeyedTurn[]> {
    const rows = await queryRows<TranscriptRow & { turn_key: string }>(
      tx.manager,
      `SELECT ${COLUMNS}, turn_key(speaker_type, message_text) AS turn_key
         FROM call_transcriptions WHERE call_id = $1 ORDER BY sequence_number`,
      [callId],
    );
    return rows.map((row) => ({ row: toEntity(row), key: row.turn_key }));
  }

  /** The database's `turn_key` of each turn, in order. */
  async keysOf(
    tx: Transaction,
    turns: { speaker: SpeakerType; text: string }[],
  ): Promise<string[]> {
    if (turns.length === 0) return [];
    const rows = await queryRows<{ key: string }>(
      tx.manager,
      `SELECT turn_key(t.speaker::speaker_type, t.text) AS key
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(speaker, text, position)
        ORDER BY t.position`,
      [turns.map((turn) => turn.speaker), turns.map((turn) => turn.text)],
    );
    return rows.map((row) => row.key);
  }

  /** Moves turns to new sequence numbers, in two steps so the unique index never sees a clash. */
  async renumber(tx: Transaction, callId: number, moves: [id: number, position: number][]) {
    if (moves.length === 0) return;
    const ids = moves.map(([id]) => id);
    await tx.manager.query(
      'UPDATE call_transcriptions SET sequence_number = -sequence_number WHERE call_id = $1 AND id = ANY($2::int[])',
      [callId, ids],
    );
    await tx.manager.query(
      `UPDATE call_transcriptions AS t SET sequence_number = m.position
         FROM unnest($2::int[], $3::int[]) AS m(id, position) WHERE t.call_id = $1 AND t.id = m.id`,
      [callId, ids, moves.map(([, position]) => position)],
    );
  }

  async insert(
    tx: Transaction,
    callId: number,
    turns: NewTurn[],
    source: TranscriptSource,
  ): Promise<CallTranscription[]> {
    if (turns.length === 0) return [];
    const rows = await queryRows<TranscriptRow>(
      tx.manager,
      `INSERT INTO call_transcriptions (call_id, sequence_number, speaker_type, message_text, timestamp, source)
       SELECT $1, t.position, t.speaker::speaker_type, t.text, t.ts, $6
         FROM unnest($2::int[], $3::text[], $4::text[], $5::timestamptz[]) AS t(position, speaker, text, ts)
       RETURNING ${COLUMNS}`,
      [
        callId,
        turns.map((turn) => turn.position),
        turns.map((turn) => turn.speaker),
        turns.map((turn) => turn.text),
        turns.map((turn) => turn.timestamp.toISOString()),
        source,
      ],
    );
    return rows.map(toEntity).sort((x, y) => x.sequenceNumber - y.sequenceNumber);
  }

  /** Replaces the words of turns (corrections, and live turns ElevenLabs worded differently). */
  async updateTexts(
    tx: Transaction,
    changes: { id: number; text: string }[],
  ): Promise<CallTranscription[]> {
    if (changes.length === 0) return [];
    const rows = await queryRows<TranscriptRow>(
      tx.manager,
      `UPDATE call_transcriptions AS t SET message_text = c.text
         FROM unnest($1::int[], $2::text[]) AS c(id, text)
        WHERE t.id = c.id AND t.message_text <> c.text
        RETURNING ${COLUMNS.split(', ')
          .map((column) => `t.${column}`)
          .join(', ')}`,
      [changes.map((change) => change.id), changes.map((change) => change.text)],
    );
    return rows.map(toEntity);
  }

  findByDeliveryKey(tx: Transaction, callId: number, key: string) {
    return tx.manager.getRepository(CallTranscription).findOneBy({ callId, deliveryKey: key });
  }

  /** A page of a call's turns after a sequence number, in order. */
  turnsAfter(callId: number, after: number, limit: number): Promise<CallTranscription[]> {
    return this.dataSource
      .getRepository(CallTranscription)
      .createQueryBuilder('t')
      .where('t.call_id = :callId AND t.sequence_number > :after', { callId, after })
      .orderBy('t.sequence_number', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** A call's whole transcript, in order. */
  transcriptOf(callId: number): Promise<CallTranscription[]> {
    return this.dataSource.getRepository(CallTranscription).find({
      select: {
        id: true,
        sequenceNumber: true,
        speakerType: true,
        messageText: true,
        timestamp: true,
        source: true,
      },
      where: { callId },
      order: { sequenceNumber: 'ASC' },
    });
  }
}
