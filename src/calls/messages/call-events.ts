import type {
  CallStatusChangedEvent,
  ItemOutcomeRecordedEvent,
  TranscriptionCorrectedEvent,
  TranscriptionStoredEvent,
} from '../../events/domain-events.js';
import {
  callCompletedMessage,
  callStatusMessage,
  itemOutcomeMessage,
  transcriptionMessage,
} from './call-messages.js';
import { CallStatus } from '../record/call-status.js';
import type { CallItem } from '../items/call-item.entity.js';
import type { CallTranscription } from '../transcript/call-transcription.entity.js';
import type { Call } from '../record/call.entity.js';

/**
 * The status event a call's row implies: after a committed change, or for a call that changed
 * while nobody on this instance was listening. An ended call with post-call data also carries
 * Part 3's `call_completed`.
 */
export function callStatusChanged(call: Call, items: CallItem[] = []): CallStatusChangedEvent {
  const ended = call.status !== CallStatus.IN_PROGRESS;
  const hasCallData = call.callDurationSeconds !== null || call.analysisData !== null;
  return {
    callId: call.id,
    statusVersion: call.statusVersion,
    afterSequence: call.lastSequenceNumber,
    status: callStatusMessage(call),
    campaignId: call.campaignId,
    ...(ended && hasCallData ? { completed: callCompletedMessage(call, items) } : {}),
  };
}

export function transcriptionStored(
  call: Pick<Call, 'id' | 'callSid' | 'conversationId'>,
  row: CallTranscription,
): TranscriptionStoredEvent {
  return { callId: call.id, message: transcriptionMessage(call, row) };
}

export function transcriptionCorrected(
  call: Pick<Call, 'id' | 'callSid' | 'conversationId'>,
  row: CallTranscription,
): TranscriptionCorrectedEvent {
  return {
    callId: call.id,
    message: { ...transcriptionMessage(call, row), type: 'transcription_corrected' },
  };
}

export function itemOutcomeRecorded(
  call: Pick<Call, 'id' | 'callSid' | 'conversationId'>,
  item: CallItem,
): ItemOutcomeRecordedEvent {
  return { callId: call.id, message: itemOutcomeMessage(call, item) };
}
