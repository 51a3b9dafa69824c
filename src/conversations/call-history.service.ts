import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallTranscription } from '../calls/entities/call-transcription.entity.js';
import { Call } from '../calls/entities/call.entity.js';
import { wireSpeaker } from '../calls/entities/speaker-type.js';
import { DetailException } from '../common/detail.exception.js';
import type {
  CallDetailDto,
  CallHistoryQueryDto,
  CallPageDto,
  CallSummaryDto,
} from './dto/call-history.dto.js';

interface Cursor {
  start: string;
  id: number;
}

function encodeCursor(call: Call): string {
  return Buffer.from(JSON.stringify([call.callStartTime.toISOString(), call.id])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [start, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    if (typeof start === 'string' && !Number.isNaN(Date.parse(start)) && Number.isSafeInteger(id))
      return { start, id: id as number };
  } catch {
    // fall through
  }
  throw new DetailException(HttpStatus.BAD_REQUEST, 'cursor is not one this API issued');
}

function summary(call: Call): CallSummaryDto {
  return {
    call_sid: call.callSid,
    conversation_id: call.conversationId,
    callSid: call.twilioCallSid,
    driver_id: call.driverId,
    driver_name: call.driver?.driverName ?? null,
    status: call.status,
    call_type: call.callType,
    trip_id: call.tripId,
    call_start_time: call.callStartTime.toISOString(),
    call_end_time: call.callEndTime?.toISOString() ?? null,
    call_duration_seconds: call.callDurationSeconds,
    cost: call.cost,
    call_successful: call.callSuccessful,
    transcript_summary: call.transcriptSummary,
    failure_reason: call.failureReason,
    has_audio: call.hasAudio,
    transcriptions_total: call.lastSequenceNumber,
  };
}

const SUMMARY_COLUMNS = [
  'call.id',
  'call.callSid',
  'call.conversationId',
  'call.twilioCallSid',
  'call.driverId',
  'call.status',
  'call.callType',
  'call.tripId',
  'call.callStartTime',
  'call.callEndTime',
  'call.callDurationSeconds',
  'call.cost',
  'call.callSuccessful',
  'call.transcriptSummary',
  'call.failureReason',
  'call.hasAudio',
  'call.lastSequenceNumber',
  'driver.driverId',
  'driver.driverName',
];

/** Reading calls back: a filtered, keyset-paginated history, and one call with its transcript. */
@Injectable()
export class CallHistoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: CallHistoryQueryDto): Promise<CallPageDto> {
    const limit = query.limit ?? 50;
    const builder = this.dataSource
      .getRepository(Call)
      .createQueryBuilder('call')
      .leftJoin('call.driver', 'driver')
      .select(SUMMARY_COLUMNS)
      .orderBy('call.call_start_time', 'DESC')
      .addOrderBy('call.id', 'DESC')
      .limit(limit + 1);
    if (query.driverId)
      builder.andWhere('call.driver_id = :driverId', { driverId: query.driverId });
    if (query.status) builder.andWhere('call.status = :status', { status: query.status });
    if (query.from)
      builder.andWhere('call.call_start_time >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('call.call_start_time < :to', { to: new Date(query.to) });
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      builder.andWhere('(call.call_start_time, call.id) < (:cursorStart, :cursorId)', {
        cursorStart: new Date(cursor.start),
        cursorId: cursor.id,
      });
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    return {
      calls: page.map(summary),
      next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    };
  }

  async get(identifier: string): Promise<CallDetailDto> {
    const call = await this.dataSource
      .getRepository(Call)
      .createQueryBuilder('call')
      .leftJoinAndSelect('call.driver', 'driver')
      .where('call.call_sid = :identifier OR call.conversation_id = :identifier', { identifier })
      .getOne();
    if (!call) throw new NotFoundException({ detail: `Call ${identifier} not found` });
    const turns = await this.dataSource.getRepository(CallTranscription).find({
      select: {
        id: true,
        sequenceNumber: true,
        speakerType: true,
        messageText: true,
        timestamp: true,
      },
      where: { callId: call.id },
      order: { sequenceNumber: 'ASC' },
    });
    return {
      ...summary(call),
      violations: call.violations,
      custom_rules: call.customRules,
      analysis: call.analysisData,
      metadata: call.metadataJson,
      transcript: turns.map((turn) => ({
        transcription_id: turn.id,
        sequence_number: turn.sequenceNumber,
        speaker_type: wireSpeaker(turn.speakerType),
        message_text: turn.messageText,
        timestamp: turn.timestamp.toISOString(),
      })),
    };
  }
}
