import type { ItemView } from '../item-vocabulary/item-view.js';

/** The Part 5 server messages, exactly as the contract shows them (plus added types and fields). */
export interface TranscriptionMessage {
  type: 'transcription';
  conversation_id: string | null;
  call_sid: string;
  transcription_id: number;
  sequence_number: number;
  speaker_type: 'driver' | 'agent';
  message_text: string;
  timestamp: string;
}

/**
 * A turn already sent whose words changed: the agent was interrupted (the monitoring socket's
 * correction), or ElevenLabs' transcript worded a live transcription differently. Same fields as
 * `transcription`; the turn keeps its sequence_number.
 */
export interface TranscriptionCorrectedMessage extends Omit<TranscriptionMessage, 'type'> {
  type: 'transcription_corrected';
}

export type WireCallStatus = 'in_progress' | 'completed' | 'failed';

export interface CallStatusMessage {
  type: 'call_status';
  conversation_id: string | null;
  call_sid: string;
  status: WireCallStatus;
  call_end_time: string | null;
}

export interface CallData {
  /** Null only for an inbound call from a number no driver has. */
  driver_id: string | null;
  call_start_time: string;
  call_end_time: string | null;
  call_duration_seconds: number | null;
  cost: number | null;
  call_successful: boolean | null;
  transcript_summary: string | null;
  status: WireCallStatus;
  analysis: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  /** The call's violations and reminders with their outcomes. */
  items: ItemView[];
}

export interface CallCompletedMessage {
  type: 'call_completed';
  conversation_id: string | null;
  call_sid: string;
  call_data: CallData;
}

/** An item's outcome was recorded (by the agent, ElevenLabs' analysis or a dispatcher). */
export interface ItemOutcomeMessage {
  type: 'item_outcome';
  call_sid: string;
  conversation_id: string | null;
  item: number;
  item_type: 'violation' | 'reminder';
  description: string;
  outcome: string | null;
  eta_minutes: number | null;
  driver_note: string | null;
  source: string | null;
}

/** Where a campaign stands: sent to its subscribers on every change. */
export interface CampaignProgressMessage {
  type: 'campaign_progress';
  campaign_id: string;
  status: 'running' | 'paused' | 'completed' | 'cancelled';
  counts: Record<
    'total' | 'pending' | 'in_progress' | 'completed' | 'failed' | 'skipped' | 'cancelled',
    number
  >;
}

/** A call the team is on: what the board shows of it. */
export interface LiveCallView {
  call_sid: string;
  conversation_id: string | null;
  direction: 'outbound' | 'inbound';
  /** Null for a number no driver has. */
  driver_id: string | null;
  driver_name: string | null;
  started_at: string;
}

/** The team-wide feed (`{"subscribe": "calls"}`): a call began, in either direction. */
export interface CallStartedMessage extends LiveCallView {
  type: 'call_started';
}

/** A call's transfer to a person (to its subscribers and the team-wide feed). */
export interface CallTransferredMessage {
  type: 'call_transferred';
  call_sid: string;
  conversation_id: string | null;
  /** The number the driver was put through (or tried to be put through) to. */
  to: string | null;
  reason: string | null;
  at: string;
  succeeded: boolean;
}

/** What the team is alerted to, as the API and the feed show it. */
export interface DispatcherAlertView {
  id: number;
  kind: 'emergency_transfer_failed';
  reason: string | null;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  call_sid: string;
  conversation_id: string | null;
  driver_id: string | null;
  driver_name: string | null;
  phone_number: string | null;
}

/** The team-wide feed: every on-duty dispatcher must act now (until someone acknowledges). */
export interface DispatcherAlertMessage extends DispatcherAlertView {
  type: 'dispatcher_alert';
}

/** The team-wide feed: someone acknowledged an alert, so every console can clear it. */
export interface DispatcherAlertAcknowledgedMessage {
  type: 'dispatcher_alert_acknowledged';
  id: number;
  acknowledged_at: string;
  acknowledged_by: string;
}
