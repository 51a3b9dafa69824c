import type {
  CallCompletedMessage,
  CallStartedMessage,
  CallTransferredMessage,
  LiveCallView,
  CallStatusMessage,
  ItemOutcomeMessage,
  TranscriptionMessage,
} from '../../events/realtime-messages.js';
import { itemView } from '../items/call-items.js';
import type { CallItem } from '../items/call-item.entity.js';
import { wireStatus } from '../record/call-status.js';
import type { CallTranscription } from '../transcript/call-transcription.entity.js';
import type { Call } from '../record/call.entity.js';
import { wireSpeaker } from '../transcript/speaker-type.js';

/** What the team's board shows of a call; `driverName` from the driver record. */
export function liveCallView(call: Call, driverName: string | null): LiveCallView {
  return {
    call_sid: call.callSid,
    conversation_id: call.conversationId,
    direction: call.direction,
    driver_id: call.driverId,
    driver_name: driverName,
    started_at: new Date(call.callStartTime).toISOString(),
  };
}

export function callStartedMessage(call: Call, driverName: string | null): CallStartedMessage {
  return { type: 'call_started', ...liveCallView(call, driverName) };
}

type CallIdentity = Pick<Call, 'callSid' | 'conversationId'>;

export function transcriptionMessage(
  call: CallIdentity,
  row: CallTranscription,
): TranscriptionMessage {
  return {
    type: 'transcription',
    conversation_id: call.conversationId,
    call_sid: call.callSid,
    transcription_id: row.id,
    sequence_number: row.sequenceNumber,
    speaker_type: wireSpeaker(row.speakerType),
    message_text: row.messageText,
    timestamp: new Date(row.timestamp).toISOString(),
  };
}

export function callStatusMessage(call: Call): CallStatusMessage {
  return {
    type: 'call_status',
    conversation_id: call.conversationId,
    call_sid: call.callSid,
    status: wireStatus(call.status),
    call_end_time: call.callEndTime ? new Date(call.callEndTime).toISOString() : null,
  };
}

export function callCompletedMessage(call: Call, items: CallItem[]): CallCompletedMessage {
  return {
    type: 'call_completed',
    conversation_id: call.conversationId,
    call_sid: call.callSid,
    call_data: {
      driver_id: call.driverId,
      call_start_time: new Date(call.callStartTime).toISOString(),
      call_end_time: call.callEndTime ? new Date(call.callEndTime).toISOString() : null,
      call_duration_seconds: call.callDurationSeconds,
      cost: call.cost,
      call_successful: call.callSuccessful,
      transcript_summary: call.transcriptSummary,
      status: wireStatus(call.status),
      analysis: call.analysisData,
      metadata: call.metadataJson,
      items: items.map(itemView),
    },
  };
}

export function itemOutcomeMessage(
  call: Pick<Call, 'callSid' | 'conversationId'>,
  item: CallItem,
): ItemOutcomeMessage {
  return {
    type: 'item_outcome',
    call_sid: call.callSid,
    conversation_id: call.conversationId,
    item: item.item,
    item_type: item.type,
    description: item.description,
    outcome: item.outcome,
    eta_minutes: item.etaMinutes,
    driver_note: item.driverNote,
    source: item.source,
  };
}

/** A call's transfer as `GET /calls/{id}` shows it; null while it had none. */
export function transferView(
  call: Pick<Call, 'transferTo' | 'transferReason' | 'transferAt' | 'transferSucceeded'>,
): Pick<CallTransferredMessage, 'to' | 'reason' | 'at' | 'succeeded'> | null {
  if (!call.transferAt || call.transferSucceeded === null) return null;
  return {
    to: call.transferTo,
    reason: call.transferReason,
    at: new Date(call.transferAt).toISOString(),
    succeeded: call.transferSucceeded,
  };
}

export function callTransferredMessage(call: Call): CallTransferredMessage {
  return {
    type: 'call_transferred',
    call_sid: call.callSid,
    conversation_id: call.conversationId,
    ...transferView(call)!,
  };
}
