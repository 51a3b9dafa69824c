import { Injectable } from '@nestjs/common';
import { itemView } from '../calls/items/call-items.js';
import { transferView } from '../calls/messages/call-messages.js';
import { CallItemsRepository } from '../calls/items/call-items.repository.js';
import { CallLookupService } from '../calls/record/call-lookup.service.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import type { Call } from '../calls/record/call.entity.js';
import { wireSpeaker } from '../calls/transcript/speaker-type.js';
import { TranscriptRepository } from '../calls/transcript/transcript.repository.js';
import { cursorPosition, keysetPage } from '../common/keyset-cursor.js';
import type {
  CallDetailDto,
  CallHistoryQueryDto,
  CallPageDto,
  CallSummaryDto,
} from './dto/call-history.dto.js';

function cursorOf(query: CallHistoryQueryDto) {
  const position = cursorPosition(query.cursor);
  return position && { start: position.at, id: position.id };
}

function summary(call: Call): CallSummaryDto {
  return {
    call_sid: call.callSid,
    direction: call.direction,
    language: call.language,
    conversation_id: call.conversationId,
    callSid: call.twilioCallSid,
    driver_id: call.driverId,
    driver_name: call.driver?.driverName ?? null,
    phone_number: call.driver?.phoneNumber ?? call.callerNumber,
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
    transfer: transferView(call),
    not_reached: call.notReached,
    has_audio: call.hasAudio,
    recording: {
      available: call.recordingKey !== null,
      bytes: call.recordingKey ? Number(call.recordingBytes) : null,
      content_type: call.recordingKey ? call.recordingContentType : null,
      stored_at: call.recordingKey ? (call.recordingStoredAt?.toISOString() ?? null) : null,
    },
    transcriptions_total: call.lastSequenceNumber,
  };
}

/** Reading calls back: a filtered, keyset-paginated history, and one call with its transcript. */
@Injectable()
export class CallHistoryService {
  constructor(
    private readonly calls: CallsRepository,
    private readonly lookup: CallLookupService,
    private readonly transcripts: TranscriptRepository,
    private readonly items: CallItemsRepository,
  ) {}

  async list(query: CallHistoryQueryDto): Promise<CallPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.calls.list({
      driverId: query.driverId,
      q: query.q?.trim() || undefined,
      status: query.status,
      direction: query.direction,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      before: cursorOf(query),
      limit,
    });
    const { page, nextCursor } = keysetPage(rows, limit, (call) => ({
      at: call.callStartTime,
      id: call.id,
    }));
    return { calls: page.map(summary), next_cursor: nextCursor };
  }

  async get(identifier: string): Promise<CallDetailDto> {
    const call = await this.lookup.get(identifier, { withDriver: true });
    const [turns, items] = await Promise.all([
      this.transcripts.transcriptOf(call.id),
      this.items.itemsOf(call.id),
    ]);
    return {
      ...summary(call),
      violations: call.violations,
      items: items.map(itemView),
      custom_rules: call.customRules,
      first_message: call.firstMessage,
      call_back_at: call.callBackAt?.toISOString() ?? null,
      analysis: call.analysisData,
      metadata: call.metadataJson,
      transcript: turns.map((turn) => ({
        transcription_id: turn.id,
        sequence_number: turn.sequenceNumber,
        speaker_type: wireSpeaker(turn.speakerType),
        message_text: turn.messageText,
        timestamp: turn.timestamp.toISOString(),
        source: turn.source,
      })),
    };
  }
}
