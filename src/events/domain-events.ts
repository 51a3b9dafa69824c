import type {
  CallCompletedMessage,
  CallStartedMessage,
  CallTransferredMessage,
  DispatcherAlertAcknowledgedMessage,
  DispatcherAlertMessage,
  CampaignProgressMessage,
  CallStatusMessage,
  ItemOutcomeMessage,
  TranscriptionCorrectedMessage,
  TranscriptionMessage,
} from './realtime-messages.js';

/** Emitted after the transaction that stored a turn committed. */
export const TRANSCRIPTION_STORED = 'transcription.stored';
export interface TranscriptionStoredEvent {
  callId: number;
  message: TranscriptionMessage;
}

/** Emitted after a stored turn's words were corrected (same sequence number). */
export const TRANSCRIPTION_CORRECTED = 'transcription.corrected';
export interface TranscriptionCorrectedEvent {
  callId: number;
  message: TranscriptionCorrectedMessage;
}

/** Emitted after an item's outcome was stored (agent, post-call analysis or dispatcher). */
export const ITEM_OUTCOME_RECORDED = 'item.outcome_recorded';
export interface ItemOutcomeRecordedEvent {
  callId: number;
  message: ItemOutcomeMessage;
}

/** Emitted after the transaction that stored a call's transfer (post-call data) committed. */
export const CALL_TRANSFERRED = 'call.transferred';
export interface CallTransferredEvent {
  callId: number;
  message: CallTransferredMessage;
}

/** Emitted after an alert for every on-duty dispatcher was stored. */
export const DISPATCHER_ALERT_RAISED = 'dispatcher_alert.raised';
export interface DispatcherAlertRaisedEvent {
  message: DispatcherAlertMessage;
}

/** Emitted after someone acknowledged an alert. */
export const DISPATCHER_ALERT_ACKNOWLEDGED = 'dispatcher_alert.acknowledged';
export interface DispatcherAlertAcknowledgedEvent {
  message: DispatcherAlertAcknowledgedMessage;
}

/** Emitted after a stored call was found to have audio at ElevenLabs (a copy is fetched). */
export const RECORDING_AVAILABLE = 'recording.available';
export interface RecordingAvailableEvent {
  callId: number;
}

/** Emitted after a call began: ElevenLabs accepted an outbound call, or a callback was recorded. */
export const CALL_STARTED = 'call.started';
export interface CallStartedEvent {
  message: CallStartedMessage;
}

/** Emitted after a driver's call to the agent was recorded (its initiation webhook). */
export const CALLBACK_RECEIVED = 'callback.received';
export interface CallbackReceivedEvent {
  callId: number;
  callSid: string;
  /** Null for a number no driver has. */
  driverId: string | null;
  /** The platform's Twilio call (the live source follows it); null when not given. */
  twilioCallSid: string | null;
}

/** Emitted after ElevenLabs accepted a call (the live sources start following it). */
export const CALL_DIALED = 'call.dialed';
export interface CallDialedEvent {
  callId: number;
  callSid: string;
  conversationId: string;
  twilioCallSid: string | null;
}

/** Emitted after a merge renumbered a call's stored turns (a missed turn landed in the middle). */
export const TRANSCRIPT_RENUMBERED = 'transcript.renumbered';
export interface TranscriptRenumberedEvent {
  callId: number;
}

/** Emitted after a committed status change of a call (IN_PROGRESS → COMPLETED/FAILED, or back on a redial). */
export const CALL_STATUS_CHANGED = 'call.status_changed';
export interface CallStatusChangedEvent {
  callId: number;
  /** The call's status_version after the change; repeated deliveries carry the same number. */
  statusVersion: number;
  /** How many turns were stored when the status changed: listeners send those first. */
  afterSequence: number;
  status: CallStatusMessage;
  /** Present when the call ended with post-call data (Part 3's second message). */
  completed?: CallCompletedMessage;
  /** The campaign the call is an attempt of (internal id), if any. */
  campaignId?: number | null;
}

/** Emitted after a committed change of a campaign's status or of its drivers' states. */
export const CAMPAIGN_PROGRESS = 'campaign.progress';
export interface CampaignProgressEvent {
  message: CampaignProgressMessage;
}

/**
 * Emitted after a user's access changed: disabled or enabled, a new role, a password change.
 * Every instance forgets what it cached of the user (UserAccessCache) and closes the sockets
 * opened with a token that is now refused.
 */
export const USER_ACCESS_REVOKED = 'user.access_revoked';
export interface UserAccessRevokedEvent {
  /** The token subject (the user's id). */
  sub: string;
}

/** Every domain event: its name and its payload. Emitters and listeners are typed by it. */
export interface DomainEventMap {
  [TRANSCRIPTION_STORED]: TranscriptionStoredEvent;
  [TRANSCRIPTION_CORRECTED]: TranscriptionCorrectedEvent;
  [CALL_DIALED]: CallDialedEvent;
  [CALLBACK_RECEIVED]: CallbackReceivedEvent;
  [CALL_STARTED]: CallStartedEvent;
  [ITEM_OUTCOME_RECORDED]: ItemOutcomeRecordedEvent;
  [TRANSCRIPT_RENUMBERED]: TranscriptRenumberedEvent;
  [CALL_STATUS_CHANGED]: CallStatusChangedEvent;
  [CAMPAIGN_PROGRESS]: CampaignProgressEvent;
  [USER_ACCESS_REVOKED]: UserAccessRevokedEvent;
  [CALL_TRANSFERRED]: CallTransferredEvent;
  [RECORDING_AVAILABLE]: RecordingAvailableEvent;
  [DISPATCHER_ALERT_RAISED]: DispatcherAlertRaisedEvent;
  [DISPATCHER_ALERT_ACKNOWLEDGED]: DispatcherAlertAcknowledgedEvent;
}

export type DomainEventName = keyof DomainEventMap;

/** One event as it travels between instances. */
export type DomainEvent = {
  [Name in DomainEventName]: { name: Name; payload: DomainEventMap[Name] };
}[DomainEventName];
